import type { Response } from 'supertest';
import {
  createPartner,
  createPartnerUser,
  createUser,
  TestPartner,
  uniqueCode,
} from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
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

describe('programs', () => {
  let t: TestApp;
  let admin: Headers;
  let huawei: TestPartner;
  let zte: TestPartner;

  const validBody = (over: Record<string, unknown> = {}) => ({
    code: uniqueCode('PRG'),
    name: 'Huawei ICT Skills',
    partnerCode: huawei.code,
    targetTrainees: 1000,
    tracks: ['AI', 'Cloud', 'Cybersecurity'],
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    ...over,
  });

  const post = (body: object, headers: Headers = admin) =>
    t.http().post('/api/v1/programs').set(headers).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = bearer(t.adminToken);
    huawei = await createPartner(t);
    zte = await createPartner(t);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates a program (201) with normalised sub-targets, draft by default', async () => {
      const body = validBody({
        targets: [
          { dimension: 'gender', key: 'F', target: 600 },
          { dimension: 'province', key: 'Punjab', target: 500 },
          { dimension: 'province', key: 'khyber pakhtunkhwa', target: 300 },
          { dimension: 'track', key: 'ai', target: 400 },
        ],
      });
      const res = await post(body).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: body.code,
        name: 'Huawei ICT Skills',
        partnerId: huawei.id,
        partnerCode: huawei.code,
        targetTrainees: 1000,
        targets: [
          { dimension: 'gender', key: 'female', target: 600 },
          { dimension: 'province', key: 'KP', target: 300 },
          { dimension: 'province', key: 'PB', target: 500 },
          { dimension: 'track', key: 'AI', target: 400 },
        ],
        tracks: ['AI', 'Cloud', 'Cybersecurity'],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'draft',
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      });

      const byId = await t.http().get(`/api/v1/programs/${res.body.id}`).set(admin).expect(200);
      expect(byId.body).toEqual(res.body);
      const byCode = await t.http().get(`/api/v1/programs/${body.code}`).set(admin).expect(200);
      expect(byCode.body).toEqual(res.body);
    });

    it('answers 404 for an unknown id, an unknown code and a malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'NO-SUCH-PROGRAM', 'x y;']) {
        const res = await t
          .http()
          .get(`/api/v1/programs/${encodeURIComponent(id)}`)
          .set(admin);
        expectProblem(res, 404);
      }
    });

    it('lists with filters by partner, status and code', async () => {
      const partner = await createPartner(t);
      const draft = await createProgram(t, { partnerCode: partner.code, status: 'draft' });
      const active = await createProgram(t, { partnerCode: partner.code, status: 'active' });
      await createProgram(t, { partnerCode: huawei.code, status: 'active' });

      const codes = (res: Response) => res.body.items.map((p: { code: string }) => p.code);
      const byPartner = await t
        .http()
        .get(`/api/v1/programs?partnerCode=${partner.code}`)
        .set(admin)
        .expect(200);
      expect(codes(byPartner)).toEqual([draft.code, active.code]);
      expect(byPartner.body.nextCursor).toBeNull();
      const alias = await t
        .http()
        .get(`/api/v1/programs?partner=${partner.code}`)
        .set(admin)
        .expect(200);
      expect(codes(alias)).toEqual([draft.code, active.code]);
      const activeOnly = await t
        .http()
        .get(`/api/v1/programs?partner=${partner.code}&status=active`)
        .set(admin)
        .expect(200);
      expect(codes(activeOnly)).toEqual([active.code]);
      const one = await t.http().get(`/api/v1/programs?code=${draft.code}`).set(admin).expect(200);
      expect(codes(one)).toEqual([draft.code]);
      expectProblem(await t.http().get('/api/v1/programs?status=paused').set(admin), 400, 'status');
    });

    it('pages through programs with a keyset cursor and refuses a cursor it did not issue', async () => {
      const partner = await createPartner(t);
      const made: string[] = [];
      for (let i = 0; i < 5; i++)
        made.push((await createProgram(t, { partnerCode: partner.code })).code);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/programs?partner=${partner.code}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http().get(url).set(admin).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((p: { code: string }) => p.code));
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(made);
      expectProblem(
        await t.http().get('/api/v1/programs?cursor=garbage').set(admin),
        400,
        'cursor',
      );
    });
  });

  describe('update', () => {
    it('patches some fields and leaves the others, and replaces targets when sent', async () => {
      const created = await post(
        validBody({ targets: [{ dimension: 'gender', key: 'female', target: 500 }] }),
      ).expect(201);
      const res = await t
        .http()
        .patch(`/api/v1/programs/${created.body.id}`)
        .set(admin)
        .send({ name: 'Renamed', status: 'active', targetTrainees: 2000 })
        .expect(200);
      expect(res.body).toMatchObject({
        code: created.body.code,
        name: 'Renamed',
        status: 'active',
        targetTrainees: 2000,
        tracks: ['AI', 'Cloud', 'Cybersecurity'],
        targets: [{ dimension: 'gender', key: 'female', target: 500 }],
        startsOn: '2026-01-01',
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(created.body.updatedAt),
      );

      const replaced = await t
        .http()
        .patch(`/api/v1/programs/${created.body.code}`)
        .set(admin)
        .send({ targets: [{ dimension: 'province', key: 'Sindh', target: 100 }] })
        .expect(200);
      expect(replaced.body.targets).toEqual([{ dimension: 'province', key: 'SD', target: 100 }]);
      const read = await t.http().get(`/api/v1/programs/${created.body.id}`).set(admin).expect(200);
      expect(read.body.targets).toEqual(replaced.body.targets);
    });

    it('refuses (422) a change that would break the stored sub-targets or dates', async () => {
      const created = await post(
        validBody({ targets: [{ dimension: 'track', key: 'AI', target: 800 }] }),
      ).expect(201);
      const id = created.body.id as string;
      const patch = (body: object) =>
        t.http().patch(`/api/v1/programs/${id}`).set(admin).send(body);
      expectProblem(await patch({ targetTrainees: 700 }), 422, 'targets');
      expectProblem(await patch({ tracks: ['Cloud'] }), 422, 'targets');
      expectProblem(await patch({ endsOn: '2025-12-31' }), 422, 'endsOn');
      const unchanged = await t.http().get(`/api/v1/programs/${id}`).set(admin).expect(200);
      expect(unchanged.body).toEqual(created.body);
    });

    it('refuses (422) dropping a track that a cohort of the program uses', async () => {
      const program = await createProgram(t, { partnerCode: huawei.code, tracks: ['AI', 'Cloud'] });
      await createCohort(t, { programCode: program.code, track: 'Cloud' });
      const res = await t
        .http()
        .patch(`/api/v1/programs/${program.id}`)
        .set(admin)
        .send({ tracks: ['AI'] });
      expectProblem(res, 422, 'tracks');
      expect(res.body.detail).toContain('Cloud');
      await t
        .http()
        .patch(`/api/v1/programs/${program.id}`)
        .set(admin)
        .send({ tracks: ['AI', 'Cloud', 'Data'] })
        .expect(200);
    });

    it('refuses null for a required field', async () => {
      const program = await createProgram(t, { partnerCode: huawei.code });
      const res = await t
        .http()
        .patch(`/api/v1/programs/${program.id}`)
        .set(admin)
        .send({ name: null });
      expectProblem(res, 400, 'name');
    });
  });

  describe('delete', () => {
    it('deletes a program without cohorts (204), then it is gone', async () => {
      const program = await createProgram(t, {
        partnerCode: huawei.code,
        targets: [{ dimension: 'gender', key: 'female', target: 10 }],
      });
      await t.http().delete(`/api/v1/programs/${program.id}`).set(admin).expect(204);
      expectProblem(await t.http().get(`/api/v1/programs/${program.id}`).set(admin), 404);
    });

    it('refuses (409) to delete a program that has cohorts, and says why', async () => {
      const program = await createProgram(t, { partnerCode: huawei.code });
      await createCohort(t, { programCode: program.code });
      const res = await t.http().delete(`/api/v1/programs/${program.code}`).set(admin);
      expectProblem(res, 409);
      expect(res.body.detail).toMatch(/cohorts/);
      await t.http().get(`/api/v1/programs/${program.id}`).set(admin).expect(200);
    });
  });

  describe('conflicts and validation', () => {
    it('refuses a duplicate code with 409 naming the field', async () => {
      const body = validBody();
      await post(body).expect(201);
      const again = await post({ ...body, partnerCode: zte.code });
      expectProblem(again, 409, 'code');
    });

    it.each([
      ['a code outside the pattern', { code: 'bad code!' }, 'code'],
      ['a lower-case code', { code: 'hw-ict' }, 'code'],
      ['targetTrainees 0', { targetTrainees: 0 }, 'targetTrainees'],
      ['targetTrainees as a string', { targetTrainees: '1000' }, 'targetTrainees'],
      ['a date that does not exist', { startsOn: '2026-02-30' }, 'startsOn'],
      ['a date in another format', { endsOn: '31/12/2026' }, 'endsOn'],
      ['an unknown status', { status: 'paused' }, 'status'],
      ['a repeated track', { tracks: ['AI', 'ai'] }, 'tracks'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name with a control character', { name: 'a\u0007b' }, 'name'],
      [
        'an unknown target dimension',
        { targets: [{ dimension: 'age', key: 'x', target: 1 }] },
        'targets.0.dimension',
      ],
      [
        'a zero target',
        { targets: [{ dimension: 'gender', key: 'female', target: 0 }] },
        'targets.0.target',
      ],
      ['a missing name', { name: undefined }, 'name'],
    ])('answers 400 for %s', async (_label, over, field) => {
      expectProblem(await post(validBody(over)), 400, field);
    });

    it.each([
      ['endsOn before startsOn', { startsOn: '2026-06-01', endsOn: '2026-05-31' }, 'endsOn'],
      [
        'a track target outside the tracks',
        { targets: [{ dimension: 'track', key: 'Blockchain', target: 1 }] },
        'targets.0.key',
      ],
      [
        'a province target that is no province',
        { targets: [{ dimension: 'province', key: 'Narnia', target: 1 }] },
        'targets.0.key',
      ],
      [
        'a gender target that is no gender',
        { targets: [{ dimension: 'gender', key: 'other', target: 1 }] },
        'targets.0.key',
      ],
      [
        'the same target twice',
        {
          targets: [
            { dimension: 'gender', key: 'female', target: 1 },
            { dimension: 'gender', key: 'F', target: 1 },
          ],
        },
        'targets.1.key',
      ],
      [
        'sub-targets above the total',
        {
          targets: [
            { dimension: 'gender', key: 'female', target: 600 },
            { dimension: 'gender', key: 'male', target: 401 },
          ],
        },
        'targets',
      ],
      ['an unknown partner', { partnerCode: 'NO-SUCH-PARTNER' }, 'partnerCode'],
    ])('answers 422 for %s', async (_label, over, field) => {
      expectProblem(await post(validBody(over)), 422, field);
    });

    it.each([
      ['id', { id: '00000000-0000-4000-8000-000000000000' }],
      ['partnerId', { partnerId: '00000000-0000-4000-8000-000000000000' }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ])('refuses %s in a POST body (400), creating nothing', async (field, extra) => {
      const body = validBody(extra);
      expectProblem(await post(body), 400, field);
      expectProblem(await t.http().get(`/api/v1/programs/${body.code}`).set(admin), 404);
    });

    it.each([
      ['code', { code: 'NEW-CODE' }],
      ['partnerCode', { partnerCode: 'OTHER' }],
      ['partnerId', { partnerId: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses %s in a PATCH body (400), changing nothing', async (field, extra) => {
      const program = await createProgram(t, { partnerCode: huawei.code });
      const res = await t
        .http()
        .patch(`/api/v1/programs/${program.id}`)
        .set(admin)
        .send({ name: 'Changed', ...extra });
      expectProblem(res, 400, field);
      const read = await t.http().get(`/api/v1/programs/${program.id}`).set(admin).expect(200);
      expect(read.body).toMatchObject({ code: program.code, partnerCode: huawei.code });
      expect(read.body.name).not.toBe('Changed');
    });
  });

  describe('who may do what', () => {
    let a: TestPartner;
    let b: TestPartner;
    let callers: Record<string, Headers>;

    beforeAll(async () => {
      a = await createPartner(t);
      b = await createPartner(t);
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

    // Expected status for each caller on partner A's program.
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
      const program = await createProgram(t, { partnerCode: a.code });
      const sees = expected.get === 200;

      const list = await t.http().get('/api/v1/programs?limit=500').set(h);
      expect(list.status).toBe(expected.list);
      if (list.status === 200) {
        const codes = list.body.items.map((p: { code: string }) => p.code);
        expect(codes.includes(program.code)).toBe(sees);
        if (who.startsWith('partner')) {
          const own = who.endsWith('Own') ? a.code : b.code;
          expect(list.body.items.every((p: { partnerCode: string }) => p.partnerCode === own)).toBe(
            true,
          );
        }
      }

      expect((await t.http().get(`/api/v1/programs/${program.id}`).set(h)).status).toBe(
        expected.get,
      );
      expect((await t.http().get(`/api/v1/programs/${program.code}`).set(h)).status).toBe(
        expected.get,
      );

      const created = await post(validBody({ partnerCode: a.code }), h);
      expect(created.status).toBe(expected.create);

      const patched = await t
        .http()
        .patch(`/api/v1/programs/${program.id}`)
        .set(h)
        .send({ name: 'Patched' });
      expect(patched.status).toBe(expected.patch);

      const deleted = await t.http().delete(`/api/v1/programs/${program.id}`).set(h);
      expect(deleted.status).toBe(expected.del);
      const after = await t.http().get(`/api/v1/programs/${program.id}`).set(admin);
      expect(after.status).toBe(expected.del === 204 ? 404 : 200);
      if (expected.del !== 204)
        expect(after.body.name).toBe(
          expected.patch === 200 ? 'Patched' : `Program ${program.code}`,
        );
    });

    it('answers a coordinator creating for a partner outside its scope exactly like an unknown partner', async () => {
      const h = callers.coordinatorOutOfScope;
      const outside = await post(validBody({ partnerCode: a.code }), h);
      const unknown = await post(validBody({ partnerCode: 'NO-SUCH-PARTNER' }), h);
      expect(outside.status).toBe(422);
      expect(unknown.status).toBe(422);
      expect(outside.body.errors[0].field).toBe('partnerCode');
      expect(outside.body.detail.replace(a.code, 'X')).toBe(
        unknown.body.detail.replace('NO-SUCH-PARTNER', 'X'),
      );
    });

    it("gives partner A's key 404 on partner B's program, by id and by code", async () => {
      const other = await createProgram(t, { partnerCode: b.code });
      for (const ref of [other.id, other.code]) {
        const res = await t.http().get(`/api/v1/programs/${ref}`).set('X-API-Key', a.apiKey);
        expectProblem(res, 404);
        expect(JSON.stringify(res.body)).not.toContain(b.code);
      }
      const filtered = await t
        .http()
        .get(`/api/v1/programs?partnerCode=${b.code}`)
        .set('X-API-Key', a.apiKey)
        .expect(200);
      expect(filtered.body.items).toEqual([]);
    });
  });
});
