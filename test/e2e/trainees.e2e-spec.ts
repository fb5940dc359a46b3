import { createPartner, createUser } from '../factories/actors';
import {
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  dashedCnic,
  PartnerCatalog,
  TraineeBody,
  uniqueCnic,
} from '../factories/people';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('trainees', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, token = t.adminToken) =>
    t.http().post('/api/v1/trainees').set(bearer(token)).send(body);

  const valid = (overrides: Record<string, unknown> = {}) => ({
    cnic: uniqueCnic('female'),
    fullName: 'Ayesha Siddiqa Khan',
    gender: 'female',
    ...overrides,
  });

  /** Posts a body that must be refused and returns the fields the problem names. */
  async function refusedFields(body: Record<string, unknown>): Promise<string[]> {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    return ((res.body as Problem).errors ?? []).map((e) => e.field);
  }

  describe('field rules through POST /trainees', () => {
    it('accepts a CNIC with or without dashes and returns it as 13 digits', async () => {
      const plain = uniqueCnic('female');
      const dashed = uniqueCnic('female');
      const a = await post(valid({ cnic: plain })).expect(201);
      const b = await post(valid({ cnic: dashedCnic(dashed) })).expect(201);
      expect(a.body.cnic).toBe(plain);
      expect(b.body.cnic).toBe(dashed);
      expect(b.body.cnic).toMatch(/^\d{13}$/);
    });

    it.each([
      ['12 digits', '352021234567'],
      ['14 digits', '35202123456712'],
      ['letters', '35202A2345671'],
      ['misplaced dashes', '352021-234567-1'],
      ['dashes in the wrong groups', '35202-12345671'],
      ['spaces instead of dashes', '35202 1234567 1'],
      ['a number instead of text', 3520212345671],
    ])('refuses a CNIC with %s, naming the cnic field', async (_label, cnic) => {
      expect(await refusedFields(valid({ cnic }))).toEqual(['cnic']);
    });

    it('requires cnic, fullName and gender', async () => {
      const fields = await refusedFields({});
      expect(fields).toEqual(expect.arrayContaining(['cnic', 'fullName', 'gender']));
    });

    it.each(['03001234567', '+923001234567', '00923001234567', '0300-1234567'])(
      'stores phone %s as +923001234567',
      async (phone) => {
        const res = await post(valid({ phone })).expect(201);
        expect(res.body.phone).toBe('+923001234567');
      },
    );

    it.each(['12345', '+14155552671', '0300123456789', 'call me', '03001234567x'])(
      'refuses phone %s',
      async (phone) => {
        expect(await refusedFields(valid({ phone }))).toEqual(['phone']);
      },
    );

    it.each([
      ['punjab', 'PB'],
      ['Khyber Pakhtunkhwa', 'KP'],
      ['ict', 'ICT'],
      ['SD', 'SD'],
      ['gilgit-baltistan', 'GB'],
    ])('stores province %s as %s', async (province, code) => {
      const res = await post(valid({ province })).expect(201);
      expect(res.body.province).toBe(code);
    });

    it('refuses a province that is not one of Pakistan’s', async () => {
      expect(await refusedFields(valid({ province: 'Texas' }))).toEqual(['province']);
    });

    it.each([
      ['F', 'female'],
      ['f', 'female'],
      ['M', 'male'],
      ['m', 'male'],
      ['X', 'transgender'],
      ['x', 'transgender'],
      ['FEMALE', 'female'],
    ])('reads gender %s as %s', async (gender, word) => {
      const res = await post(valid({ gender })).expect(201);
      expect(res.body.gender).toBe(word);
    });

    it('refuses an unknown gender', async () => {
      expect(await refusedFields(valid({ gender: 'woman' }))).toEqual(['gender']);
    });

    it('keeps an Urdu name exactly, trimmed', async () => {
      const res = await post(valid({ fullName: '  عائشہ صدیقہ خان ' })).expect(201);
      expect(res.body.fullName).toBe('عائشہ صدیقہ خان');
    });

    it.each([
      ['a bell character', 'Ayesha\u0007Khan'],
      ['a line break', 'Ayesha\nKhan'],
      ['a tab', 'Ayesha\tKhan'],
    ])('refuses a name with %s', async (_label, fullName) => {
      const res = await post(valid({ fullName })).expect(400);
      const err = (res.body as Problem).errors?.find((e) => e.field === 'fullName');
      expect(err?.message).toMatch(/control characters/);
    });

    it('refuses a district with control characters', async () => {
      expect(await refusedFields(valid({ district: 'Lahore\r\n' + 'x'.repeat(3) }))).toEqual([
        'district',
      ]);
    });

    it('defaults the category to youth and normalizes a written one', async () => {
      const youth = await post(valid()).expect(201);
      expect(youth.body.category).toBe('youth');
      const official = await post(valid({ category: 'Government Official' })).expect(201);
      expect(official.body.category).toBe('government_official');
      expect(await refusedFields(valid({ category: 'student' }))).toEqual(['category']);
    });

    it('lower-cases the email and refuses a broken one', async () => {
      const res = await post(valid({ email: ' Ayesha.Khan@Example.PK ' })).expect(201);
      expect(res.body.email).toBe('ayesha.khan@example.pk');
      expect(await refusedFields(valid({ email: 'ayesha@' }))).toEqual(['email']);
    });

    it('refuses a date of birth that is not a calendar date', async () => {
      expect(await refusedFields(valid({ dateOfBirth: '2001-02-30' }))).toEqual(['dateOfBirth']);
      expect(await refusedFields(valid({ dateOfBirth: '17/04/2001' }))).toEqual(['dateOfBirth']);
    });

    it('answers the whole trainee, and no warning when gender and CNIC agree', async () => {
      const cnic = uniqueCnic('female');
      const res = await post({
        cnic,
        fullName: 'Ayesha Siddiqa Khan',
        gender: 'F',
        dateOfBirth: '2001-04-17',
        province: 'Punjab',
        district: ' Lahore ',
        email: 'ayesha@example.pk',
        phone: '03001234567',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        cnic,
        fullName: 'Ayesha Siddiqa Khan',
        gender: 'female',
        dateOfBirth: '2001-04-17',
        province: 'PB',
        district: 'Lahore',
        email: 'ayesha@example.pk',
        phone: '+923001234567',
        category: 'youth',
        // Written by an admin: a staff-supplied contact (contacts are kept per partner).
        contacts: [
          {
            partnerCode: null,
            email: 'ayesha@example.pk',
            phone: '+923001234567',
            updatedAt: expect.stringMatching(/Z$/),
          },
        ],
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it('warns, without refusing, when the gender disagrees with the CNIC last digit', async () => {
      const res = await post(valid({ cnic: uniqueCnic('male'), gender: 'female' })).expect(201);
      expect(res.body.gender).toBe('female');
      expect(res.body.warnings).toEqual([{ field: 'gender', message: expect.any(String) }]);
      const trans = await post(valid({ cnic: uniqueCnic('male'), gender: 'X' })).expect(201);
      expect(trans.body).not.toHaveProperty('warnings');
    });
  });

  it('refuses a second trainee with the same CNIC, in either written form, with 409', async () => {
    const first = await createTrainee(t);
    const again = await post(valid({ cnic: first.cnic })).expect(409);
    expect(again.body.errors).toEqual([{ field: 'cnic', message: expect.any(String) }]);
    expect(JSON.stringify(again.body)).not.toContain(first.cnic);
    await post(valid({ cnic: dashedCnic(first.cnic) })).expect(409);
  });

  it.each([
    ['id', '6f1c2d1e-8a2b-4c1d-9e0f-123456789abc'],
    ['createdAt', '2020-01-01T00:00:00Z'],
    ['partnerId', '6f1c2d1e-8a2b-4c1d-9e0f-123456789abc'],
    ['seq', 1],
  ])('refuses %s in the body (no mass assignment)', async (field, value) => {
    const res = await post(valid({ [field]: value })).expect(400);
    expect((res.body as Problem).detail).toContain(field);
  });

  describe('PATCH', () => {
    it('changes given fields, clears an optional one with null, keeps the rest', async () => {
      const trainee = await createTrainee(t);
      const res = await t
        .http()
        .patch(`/api/v1/trainees/${trainee.id}`)
        .set(bearer(t.adminToken))
        .send({ province: 'sindh', email: null, phone: '+92 300 7654321' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: trainee.id,
        cnic: trainee.cnic,
        fullName: trainee.fullName,
        province: 'SD',
        email: null,
        phone: '+923007654321',
      });
      const read = await t
        .http()
        .get(`/api/v1/trainees/${trainee.id}`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(read.body.province).toBe('SD');
      expect(read.body.email).toBeNull();
    });

    it('refuses null for a required field and an invalid value', async () => {
      const trainee = await createTrainee(t);
      const res = await t
        .http()
        .patch(`/api/v1/trainees/${trainee.id}`)
        .set(bearer(t.adminToken))
        .send({ fullName: null, cnic: '123' })
        .expect(400);
      const fields = ((res.body as Problem).errors ?? []).map((e) => e.field).sort();
      expect(fields).toEqual(['cnic', 'fullName']);
    });

    it('warns when the new gender disagrees with the CNIC', async () => {
      const trainee = await createTrainee(t, { gender: 'female' });
      const res = await t
        .http()
        .patch(`/api/v1/trainees/${trainee.id}`)
        .set(bearer(t.adminToken))
        .send({ gender: 'M' })
        .expect(200);
      expect(res.body.gender).toBe('male');
      expect(res.body.warnings).toEqual([{ field: 'gender', message: expect.any(String) }]);
    });

    it("refuses another trainee's CNIC with 409", async () => {
      const a = await createTrainee(t);
      const b = await createTrainee(t);
      await t
        .http()
        .patch(`/api/v1/trainees/${b.id}`)
        .set(bearer(t.adminToken))
        .send({ cnic: dashedCnic(a.cnic) })
        .expect(409);
    });
  });

  describe('filters and pagination', () => {
    it('finds a trainee by CNIC written with or without dashes', async () => {
      const trainee = await createTrainee(t);
      for (const cnic of [trainee.cnic, dashedCnic(trainee.cnic)]) {
        const res = await t
          .http()
          .get('/api/v1/trainees')
          .query({ cnic })
          .set(bearer(t.adminToken))
          .expect(200);
        expect(res.body).toEqual({ items: [trainee], nextCursor: null });
      }
      const bad = await t
        .http()
        .get('/api/v1/trainees')
        .query({ cnic: '1234' })
        .set(bearer(t.adminToken))
        .expect(400);
      expect((bad.body as Problem).errors?.[0].field).toBe('cnic');
    });

    it('filters by province (name or code), gender and category', async () => {
      const catalog = await createPartnerWithCohort(t);
      const mine = [
        await createTrainee(t, { province: 'BA', gender: 'female', category: 'professional' }),
        await createTrainee(t, { province: 'BA', gender: 'male', category: 'youth' }),
        await createTrainee(t, { province: 'GB', gender: 'female', category: 'professional' }),
      ];
      for (const tr of mine) {
        await createEnrollment(t, { traineeId: tr.id, cohortCode: catalog.cohortCode });
      }
      const list = async (query: Record<string, string>) => {
        const res = await t
          .http()
          .get('/api/v1/trainees')
          .query(query)
          .set('X-API-Key', catalog.partner.apiKey)
          .expect(200);
        return (res.body.items as TraineeBody[]).map((x) => x.id);
      };
      expect(await list({ province: 'balochistan' })).toEqual([mine[0].id, mine[1].id]);
      expect(await list({ province: 'GB' })).toEqual([mine[2].id]);
      expect(await list({ gender: 'F' })).toEqual([mine[0].id, mine[2].id]);
      expect(await list({ category: 'professional', province: 'BA' })).toEqual([mine[0].id]);
    });

    it('pages through more trainees than a page holds, each exactly once', async () => {
      const catalog = await createPartnerWithCohort(t);
      const created: string[] = [];
      for (let i = 0; i < 7; i++) {
        const tr = await createTrainee(t);
        await createEnrollment(t, { traineeId: tr.id, cohortCode: catalog.cohortCode });
        created.push(tr.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t
          .http()
          .get('/api/v1/trainees')
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .set('X-API-Key', catalog.partner.apiKey)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...(res.body.items as TraineeBody[]).map((x) => x.id));
        cursor = res.body.nextCursor as string | null;
        pages++;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(created);
    });

    it('walks every trainee for an admin without repeats', async () => {
      await createTrainee(t);
      const seen = new Set<string>();
      let count = 0;
      let cursor: string | null = null;
      do {
        const res = await t
          .http()
          .get('/api/v1/trainees')
          .query({ limit: 500, ...(cursor ? { cursor } : {}) })
          .set(bearer(t.adminToken))
          .expect(200);
        for (const x of res.body.items as TraineeBody[]) seen.add(x.id);
        count += res.body.items.length;
        cursor = res.body.nextCursor as string | null;
      } while (cursor !== null);
      expect(count).toBe(seen.size);
      expect(count).toBeGreaterThan(20);
    });

    it('refuses a limit out of range and a forged cursor', async () => {
      await t
        .http()
        .get('/api/v1/trainees')
        .query({ limit: 501 })
        .set(bearer(t.adminToken))
        .expect(400);
      await t
        .http()
        .get('/api/v1/trainees')
        .query({ cursor: 'not-a-cursor' })
        .set(bearer(t.adminToken))
        .expect(400);
    });
  });

  describe('who sees which trainee', () => {
    let a: PartnerCatalog;
    let b: PartnerCatalog;
    let ofA: TraineeBody;
    let ofB: TraineeBody;
    beforeAll(async () => {
      a = await createPartnerWithCohort(t);
      b = await createPartnerWithCohort(t);
      ofA = await createTrainee(t);
      ofB = await createTrainee(t);
      await createEnrollment(t, { traineeId: ofA.id, cohortCode: a.cohortCode });
      await createEnrollment(t, { traineeId: ofB.id, cohortCode: b.cohortCode });
    });

    it("gives a partner its own trainee and 404 for another partner's", async () => {
      const own = await t
        .http()
        .get(`/api/v1/trainees/${ofA.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(own.body.cnic).toBe(ofA.cnic);
      const other = await t
        .http()
        .get(`/api/v1/trainees/${ofB.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(404);
      expect(JSON.stringify(other.body)).not.toContain(ofB.cnic);
    });

    it("lists only the partner's own trainees, even when asked by another's CNIC", async () => {
      const all = await t
        .http()
        .get('/api/v1/trainees')
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect((all.body.items as TraineeBody[]).map((x) => x.id)).toEqual([ofA.id]);
      const probe = await t
        .http()
        .get('/api/v1/trainees')
        .query({ cnic: ofB.cnic })
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(probe.body.items).toEqual([]);
    });

    it('shows a trainee enrolled with two partners to both', async () => {
      const shared = await createTrainee(t);
      await createEnrollment(t, { traineeId: shared.id, cohortCode: a.cohortCode });
      await createEnrollment(t, { traineeId: shared.id, cohortCode: b.cohortCode });
      for (const key of [a.partner.apiKey, b.partner.apiKey]) {
        await t.http().get(`/api/v1/trainees/${shared.id}`).set('X-API-Key', key).expect(200);
      }
    });

    it('scopes a coordinator to its partners and lets an unscoped one see all', async () => {
      const scoped = await createUser(t, 'coordinator', [a.partner.code]);
      const unscoped = await createUser(t, 'coordinator');
      await t.http().get(`/api/v1/trainees/${ofA.id}`).set(bearer(scoped.token)).expect(200);
      await t.http().get(`/api/v1/trainees/${ofB.id}`).set(bearer(scoped.token)).expect(404);
      await t
        .http()
        .patch(`/api/v1/trainees/${ofB.id}`)
        .set(bearer(scoped.token))
        .send({ district: 'Quetta' })
        .expect(404);
      await t.http().get(`/api/v1/trainees/${ofB.id}`).set(bearer(unscoped.token)).expect(200);
      const created = await post(valid(), scoped.token).expect(201);
      expect(created.body.id).toEqual(expect.any(String));
    });

    it('refuses the ministry on every trainee route (personal data), even by id', async () => {
      const ministry = await createUser(t, 'ministry');
      const h = bearer(ministry.token);
      await t.http().get('/api/v1/trainees').set(h).expect(403);
      await t.http().get(`/api/v1/trainees/${ofA.id}`).set(h).expect(403);
      await post(valid(), ministry.token).expect(403);
      const res = await t
        .http()
        .patch(`/api/v1/trainees/${ofA.id}`)
        .set(h)
        .send({ district: 'x' })
        .expect(403);
      expect(JSON.stringify(res.body)).not.toContain(ofA.cnic);
    });

    it('refuses a partner creating or editing trainees (rosters are its door)', async () => {
      await t
        .http()
        .post('/api/v1/trainees')
        .set('X-API-Key', a.partner.apiKey)
        .send(valid())
        .expect(403);
      await t
        .http()
        .patch(`/api/v1/trainees/${ofA.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .send({ district: 'x' })
        .expect(403);
    });

    it('refuses callers without credentials with 401', async () => {
      await t.http().get('/api/v1/trainees').expect(401);
      await t.http().get(`/api/v1/trainees/${ofA.id}`).expect(401);
      await t.http().post('/api/v1/trainees').send(valid()).expect(401);
    });

    it('answers 404 for an id that is not a UUID or does not exist', async () => {
      await t.http().get('/api/v1/trainees/42').set(bearer(t.adminToken)).expect(404);
      await t
        .http()
        .get('/api/v1/trainees/6f1c2d1e-8a2b-4c1d-9e0f-123456789abc')
        .set(bearer(t.adminToken))
        .expect(404);
    });

    it('gives a fresh partner with no enrollments an empty list', async () => {
      const fresh = await createPartner(t);
      const res = await t.http().get('/api/v1/trainees').set('X-API-Key', fresh.apiKey).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    });
  });
});
