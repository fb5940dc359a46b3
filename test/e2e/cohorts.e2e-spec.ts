import { randomInt } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  createPartner,
  createPartnerUser,
  createUser,
  TestPartner,
  uniqueCode,
} from '../factories/actors';
import { createCohort, createProgram, CreatedProgram } from '../factories/catalog';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';

type Headers = Record<string, string>;

function expectProblem(res: Response, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), detail: expect.any(String) });
  if (field !== undefined) {
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]),
    );
  }
}

const codesOf = (res: Response): string[] => res.body.items.map((c: { code: string }) => c.code);

describe('cohorts', () => {
  let t: TestApp;
  let admin: Headers;
  let huawei: TestPartner;
  let program: CreatedProgram;

  const validBody = (over: Record<string, unknown> = {}) => ({
    code: uniqueCode('CH'),
    programCode: program.code,
    name: 'Lahore AI cohort',
    track: 'AI',
    trainingCentre: 'UET Lahore',
    city: 'Lahore',
    province: 'PB',
    mode: 'hybrid',
    startsOn: '2026-02-01',
    endsOn: '2026-06-30',
    capacity: 300,
    ...over,
  });

  const post = (body: object, headers: Headers = admin) =>
    t.http().post('/api/v1/cohorts').set(headers).send(body);

  /** The enrollments API is someone else's: write a trainee and an enrollment directly. */
  async function enrollSomeone(cohortId: string): Promise<void> {
    const ds = t.app.get(DataSource);
    const cnic = String(randomInt(10 ** 12, 10 ** 13 - 1)).padStart(13, '1');
    const [trainee] = (await ds.query(
      `INSERT INTO trainees (cnic, full_name, gender) VALUES ($1, 'Ayesha Khan', 'female') RETURNING id`,
      [cnic],
    )) as { id: string }[];
    await ds.query(
      `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id)
       SELECT $1, c.program_id, c.id, p.partner_id
       FROM cohorts c JOIN programs p ON p.id = c.program_id WHERE c.id = $2`,
      [trainee.id, cohortId],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    huawei = await createPartner(t);
    program = await createProgram(t, {
      partnerCode: huawei.code,
      tracks: ['AI', 'Cloud', 'Cybersecurity'],
    });
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates a cohort (201) with its program and partner, province and track normalised', async () => {
      const body = validBody({ province: 'punjab', track: 'cloud' });
      const res = await post(body).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: body.code,
        programId: program.id,
        programCode: program.code,
        partnerId: huawei.id,
        partnerCode: huawei.code,
        name: 'Lahore AI cohort',
        track: 'Cloud',
        trainingCentre: 'UET Lahore',
        city: 'Lahore',
        province: 'PB',
        mode: 'hybrid',
        startsOn: '2026-02-01',
        endsOn: '2026-06-30',
        capacity: 300,
        enrolledCount: 0,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      const byId = await t.http().get(`/api/v1/cohorts/${res.body.id}`).set(admin).expect(200);
      expect(byId.body).toEqual(res.body);
      const byCode = await t.http().get(`/api/v1/cohorts/${body.code}`).set(admin).expect(200);
      expect(byCode.body).toEqual(res.body);
    });

    it('needs only code, program, name and track; mode defaults to onsite', async () => {
      const code = uniqueCode('CH');
      const res = await post({ code, programCode: program.code, name: 'Online', track: 'AI' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code,
        mode: 'onsite',
        province: null,
        city: null,
        trainingCentre: null,
        startsOn: null,
        endsOn: null,
        capacity: null,
      });
    });

    it('accepts any track when the program lists none', async () => {
      const open = await createProgram(t, { partnerCode: huawei.code, tracks: [] });
      const res = await post(validBody({ programCode: open.code, track: 'Blockchain' })).expect(
        201,
      );
      expect(res.body.track).toBe('Blockchain');
    });

    it('answers 404 for an unknown id, an unknown code and a malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'NO-SUCH-COHORT', 'a b']) {
        expectProblem(
          await t
            .http()
            .get(`/api/v1/cohorts/${encodeURIComponent(id)}`)
            .set(admin),
          404,
        );
      }
    });

    it('lists with filters by program, partner, province (code or name), track, mode and code', async () => {
      const partner = await createPartner(t);
      const p1 = await createProgram(t, { partnerCode: partner.code, tracks: ['AI', 'Cloud'] });
      const p2 = await createProgram(t, { partnerCode: partner.code, tracks: ['AI', 'Cloud'] });
      const lhr = await createCohort(t, {
        programCode: p1.code,
        province: 'PB',
        track: 'AI',
        mode: 'onsite',
      });
      const khi = await createCohort(t, {
        programCode: p1.code,
        province: 'SD',
        track: 'Cloud',
        mode: 'online',
      });
      const isb = await createCohort(t, {
        programCode: p2.code,
        province: 'ICT',
        track: 'AI',
        mode: 'online',
      });
      const list = async (query: string) =>
        codesOf(await t.http().get(`/api/v1/cohorts?${query}`).set(admin).expect(200));

      expect(await list(`programCode=${p1.code}`)).toEqual([lhr.code, khi.code]);
      expect(await list(`partnerCode=${partner.code}`)).toEqual([lhr.code, khi.code, isb.code]);
      expect(await list(`partner=${partner.code}`)).toEqual([lhr.code, khi.code, isb.code]);
      expect(await list(`partnerCode=${partner.code}&province=Sindh`)).toEqual([khi.code]);
      expect(await list(`partnerCode=${partner.code}&province=SD`)).toEqual([khi.code]);
      expect(await list(`partnerCode=${partner.code}&track=ai`)).toEqual([lhr.code, isb.code]);
      expect(await list(`partnerCode=${partner.code}&mode=online`)).toEqual([khi.code, isb.code]);
      expect(await list(`code=${isb.code}`)).toEqual([isb.code]);
      expectProblem(
        await t.http().get('/api/v1/cohorts?province=Narnia').set(admin),
        400,
        'province',
      );
      expectProblem(await t.http().get('/api/v1/cohorts?mode=remote').set(admin), 400, 'mode');
    });
  });

  describe('keyset pagination', () => {
    it('pages 7 cohorts 3 at a time: every row once, in creation order, then a null cursor', async () => {
      const own = await createProgram(t, { partnerCode: huawei.code });
      const made: string[] = [];
      for (let i = 0; i < 7; i++)
        made.push((await createCohort(t, { programCode: own.code })).code);

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/cohorts?programCode=${own.code}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await t.http().get(url).set(admin).expect(200);
        pages.push(codesOf(res));
        cursor = res.body.nextCursor;
        expect(pages.length).toBeLessThanOrEqual(3);
      } while (cursor !== null);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(made);

      // The same pages again: the order is stable.
      const first = await t
        .http()
        .get(`/api/v1/cohorts?programCode=${own.code}&limit=3`)
        .set(admin)
        .expect(200);
      expect(codesOf(first)).toEqual(made.slice(0, 3));
    });

    it('refuses a cursor it did not issue and a limit outside 1..500 (400)', async () => {
      expectProblem(
        await t.http().get('/api/v1/cohorts?cursor=not-a-cursor').set(admin),
        400,
        'cursor',
      );
      expectProblem(await t.http().get('/api/v1/cohorts?limit=0').set(admin), 400, 'limit');
      expectProblem(await t.http().get('/api/v1/cohorts?limit=501').set(admin), 400, 'limit');
    });
  });

  describe('update', () => {
    it('patches some fields, clears optional ones with null, and keeps the rest', async () => {
      const cohort = await createCohort(t, { programCode: program.code, city: 'Lahore' });
      const res = await t
        .http()
        .patch(`/api/v1/cohorts/${cohort.id}`)
        .set(admin)
        .send({
          name: 'Renamed',
          capacity: 40,
          city: null,
          province: 'Khyber Pakhtunkhwa',
          track: 'cybersecurity',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        code: cohort.code,
        programCode: program.code,
        name: 'Renamed',
        capacity: 40,
        city: null,
        province: 'KP',
        track: 'Cybersecurity',
        trainingCentre: 'NUST H-12',
      });
      const read = await t.http().get(`/api/v1/cohorts/${cohort.code}`).set(admin).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('refuses (422) a track outside the program tracks and dates that end before they start', async () => {
      const cohort = await createCohort(t, {
        programCode: program.code,
        startsOn: '2026-03-01',
        endsOn: '2026-04-01',
      });
      const patch = (body: object) =>
        t.http().patch(`/api/v1/cohorts/${cohort.id}`).set(admin).send(body);
      expectProblem(await patch({ track: 'Blockchain' }), 422, 'track');
      expectProblem(await patch({ endsOn: '2026-02-28' }), 422, 'endsOn');
      expectProblem(await patch({ startsOn: '2026-04-02' }), 422, 'endsOn');
      const read = await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(admin).expect(200);
      expect(read.body).toMatchObject({
        track: 'AI',
        startsOn: '2026-03-01',
        endsOn: '2026-04-01',
      });
    });
  });

  describe('delete', () => {
    it('deletes a cohort without enrollments (204)', async () => {
      const cohort = await createCohort(t, { programCode: program.code });
      await t.http().delete(`/api/v1/cohorts/${cohort.code}`).set(admin).expect(204);
      expectProblem(await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(admin), 404);
    });

    it('refuses (409) to delete a cohort with enrollments, says why, and counts them', async () => {
      const cohort = await createCohort(t, { programCode: program.code });
      await enrollSomeone(cohort.id);
      const res = await t.http().delete(`/api/v1/cohorts/${cohort.id}`).set(admin);
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/enrollments/);
      const read = await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(admin).expect(200);
      expect(read.body.enrolledCount).toBe(1);
    });
  });

  describe('conflicts and validation', () => {
    it('refuses a duplicate code with 409, even in another program', async () => {
      const body = validBody();
      await post(body).expect(201);
      const other = await createProgram(t, { partnerCode: huawei.code });
      expectProblem(await post({ ...body, programCode: other.code }), 409, 'code');
    });

    it.each([
      ['a code outside the pattern', { code: 'hw lhr 01' }, 'code'],
      ['a province that is none', { province: 'Narnia' }, 'province'],
      ['capacity 0', { capacity: 0 }, 'capacity'],
      ['a fractional capacity', { capacity: 2.5 }, 'capacity'],
      ['an unknown mode', { mode: 'remote' }, 'mode'],
      ['a date that does not exist', { startsOn: '2026-13-01' }, 'startsOn'],
      ['a missing track', { track: undefined }, 'track'],
      ['an empty name', { name: '' }, 'name'],
      ['a null mode', { mode: null }, 'mode'],
    ])('answers 400 for %s', async (_label, over, field) => {
      expectProblem(await post(validBody(over)), 400, field);
    });

    it.each([
      ['endsOn before startsOn', { startsOn: '2026-06-01', endsOn: '2026-05-31' }, 'endsOn'],
      ['a track outside the program tracks', { track: 'Blockchain' }, 'track'],
      ['an unknown program', { programCode: 'NO-SUCH-PROGRAM' }, 'programCode'],
    ])('answers 422 for %s', async (_label, over, field) => {
      expectProblem(await post(validBody(over)), 422, field);
    });

    it.each([
      ['id', { id: '00000000-0000-4000-8000-000000000000' }],
      ['programId', { programId: '00000000-0000-4000-8000-000000000000' }],
      ['partnerId', { partnerId: '00000000-0000-4000-8000-000000000000' }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
      ['enrolledCount', { enrolledCount: 5 }],
    ])('refuses %s in a POST body (400), creating nothing', async (field, extra) => {
      const body = validBody(extra);
      expectProblem(await post(body), 400, field);
      expectProblem(await t.http().get(`/api/v1/cohorts/${body.code}`).set(admin), 404);
    });

    it.each([
      ['code', { code: 'NEW-CODE' }],
      ['programCode', { programCode: 'OTHER' }],
      ['partnerCode', { partnerCode: 'OTHER' }],
    ])('refuses %s in a PATCH body (400), changing nothing', async (field, extra) => {
      const cohort = await createCohort(t, { programCode: program.code });
      const res = await t
        .http()
        .patch(`/api/v1/cohorts/${cohort.id}`)
        .set(admin)
        .send({ name: 'Changed', ...extra });
      expectProblem(res, 400, field);
      const read = await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(admin).expect(200);
      expect(read.body).toMatchObject({ code: cohort.code, programCode: program.code });
      expect(read.body.name).not.toBe('Changed');
    });
  });

  describe('who may do what', () => {
    let a: TestPartner;
    let b: TestPartner;
    let programA: CreatedProgram;
    let callers: Record<string, Headers>;

    beforeAll(async () => {
      a = await createPartner(t);
      b = await createPartner(t);
      programA = await createProgram(t, { partnerCode: a.code });
      callers = {
        admin,
        coordinatorInScope: bearer((await createUser(t, 'coordinator', [a.code])).token),
        coordinatorOutOfScope: bearer((await createUser(t, 'coordinator', [b.code])).token),
        ministry: bearer((await createUser(t, 'ministry')).token),
        partnerOwn: { 'X-API-Key': a.apiKey },
        partnerOther: { 'X-API-Key': b.apiKey },
        partnerUserOwn: bearer((await createPartnerUser(t, a.code)).token),
        partnerUserOther: bearer((await createPartnerUser(t, b.code)).token),
        none: {},
      };
    });

    // Expected status for each caller on a cohort of partner A's program.
    const matrix: [
      string,
      { list: number; get: number; create: number; patch: number; del: number },
    ][] = [
      ['admin', { list: 200, get: 200, create: 201, patch: 200, del: 204 }],
      ['coordinatorInScope', { list: 200, get: 200, create: 201, patch: 200, del: 204 }],
      ['coordinatorOutOfScope', { list: 200, get: 404, create: 422, patch: 404, del: 404 }],
      ['ministry', { list: 200, get: 200, create: 403, patch: 403, del: 403 }],
      ['partnerOwn', { list: 200, get: 200, create: 403, patch: 403, del: 403 }],
      ['partnerOther', { list: 200, get: 404, create: 403, patch: 403, del: 403 }],
      ['partnerUserOwn', { list: 200, get: 200, create: 403, patch: 403, del: 403 }],
      ['partnerUserOther', { list: 200, get: 404, create: 403, patch: 403, del: 403 }],
      ['none', { list: 401, get: 401, create: 401, patch: 401, del: 401 }],
    ];

    it.each(matrix)('%s', async (who, expected) => {
      const h = callers[who];
      const cohort = await createCohort(t, { programCode: programA.code });
      const sees = expected.get === 200;

      const list = await t.http().get('/api/v1/cohorts?limit=500').set(h);
      expect(list.status).toBe(expected.list);
      if (list.status === 200) {
        expect(codesOf(list).includes(cohort.code)).toBe(sees);
        if (who.startsWith('partner')) {
          const own = who.endsWith('Own') ? a.code : b.code;
          expect(list.body.items.every((c: { partnerCode: string }) => c.partnerCode === own)).toBe(
            true,
          );
        }
      }

      expect((await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(h)).status).toBe(expected.get);
      expect((await t.http().get(`/api/v1/cohorts/${cohort.code}`).set(h)).status).toBe(
        expected.get,
      );

      expect((await post(validBody({ programCode: programA.code }), h)).status).toBe(
        expected.create,
      );

      const patched = await t
        .http()
        .patch(`/api/v1/cohorts/${cohort.id}`)
        .set(h)
        .send({ name: 'Patched' });
      expect(patched.status).toBe(expected.patch);

      const deleted = await t.http().delete(`/api/v1/cohorts/${cohort.id}`).set(h);
      expect(deleted.status).toBe(expected.del);
      const after = await t.http().get(`/api/v1/cohorts/${cohort.id}`).set(admin);
      expect(after.status).toBe(expected.del === 204 ? 404 : 200);
      if (expected.del !== 204)
        expect(after.body.name).toBe(expected.patch === 200 ? 'Patched' : `Cohort ${cohort.code}`);
    });

    it('answers a coordinator naming a program outside its scope exactly like an unknown program', async () => {
      const h = callers.coordinatorOutOfScope;
      const outside = await post(validBody({ programCode: programA.code }), h);
      const unknown = await post(validBody({ programCode: 'NO-SUCH-PROGRAM' }), h);
      expectProblem(outside, 422, 'programCode');
      expectProblem(unknown, 422, 'programCode');
      expect(outside.body.detail.replace(programA.code, 'X')).toBe(
        unknown.body.detail.replace('NO-SUCH-PROGRAM', 'X'),
      );
    });

    it("gives partner A's key 404 on partner B's program and cohort, and hides them from its lists", async () => {
      const programB = await createProgram(t, { partnerCode: b.code });
      const cohortB = await createCohort(t, { programCode: programB.code });
      const key = { 'X-API-Key': a.apiKey };
      for (const path of [
        `/api/v1/programs/${programB.id}`,
        `/api/v1/programs/${programB.code}`,
        `/api/v1/cohorts/${cohortB.id}`,
        `/api/v1/cohorts/${cohortB.code}`,
      ]) {
        const res = await t.http().get(path).set(key);
        expectProblem(res, 404);
        expect(JSON.stringify(res.body)).not.toContain(b.code);
      }
      const byProgram = await t
        .http()
        .get(`/api/v1/cohorts?programCode=${programB.code}`)
        .set(key)
        .expect(200);
      expect(byProgram.body.items).toEqual([]);
      const byPartner = await t
        .http()
        .get(`/api/v1/cohorts?partnerCode=${b.code}`)
        .set(key)
        .expect(200);
      expect(byPartner.body.items).toEqual([]);
      // Partner B itself does see them.
      const own = await t
        .http()
        .get(`/api/v1/cohorts/${cohortB.code}`)
        .set('X-API-Key', b.apiKey)
        .expect(200);
      expect(own.body.partnerCode).toBe(b.code);
    });
  });
});
