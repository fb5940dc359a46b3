// Partner users: a person of a partner signing in with a password has exactly the rights of
// that partner's API key, and the same 404-not-403 isolation from every other partner. The
// strongest check is differential: every read answers a partner user byte for byte what it
// answers the key.
import { createPartnerUser } from '../factories/actors';
import {
  createCertification,
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  type PartnerCatalog,
} from '../factories/people';
import { newCnic, rosterCsv } from '../factories/rosters';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

type Headers = Record<string, string>;

describe('partner users', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  let keyA: Headers;
  let userA: Headers;
  let userB: Headers;
  const ids: Record<string, string> = {};

  const upload = (h: Headers, csv: string, query = '') =>
    t
      .http()
      .post(`/api/v1/imports${query}`)
      .set(h)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(csv, 'utf8'));

  async function finished(h: Headers, id: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await t.http().get(`/api/v1/imports/${id}`).set(h).expect(200);
      if (['completed', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const rosterFor = (cohortCode: string) =>
    rosterCsv([
      { cnic: newCnic(), full_name: 'Sana Mir', gender: 'female', cohort_code: cohortCode },
    ]);

  beforeAll(async () => {
    t = await createTestApp();
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
    keyA = { 'X-API-Key': a.partner.apiKey };
    userA = bearer((await createPartnerUser(t, a.partner.code)).token);
    userB = bearer((await createPartnerUser(t, b.partner.code)).token);
    for (const [name, catalog] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const trainee = await createTrainee(t);
      ids[`trainee${name}`] = trainee.id;
      ids[`enrollment${name}`] = (
        await createEnrollment(t, { traineeId: trainee.id, cohortCode: catalog.cohortCode })
      ).id;
      ids[`certification${name}`] = (
        await createCertification(t, { traineeId: trainee.id, programCode: catalog.programCode })
      ).id;
      const key = { 'X-API-Key': catalog.partner.apiKey };
      const res = await upload(key, rosterFor(catalog.cohortCode)).expect(202);
      ids[`import${name}`] = res.body.id;
      await finished(key, res.body.id);
    }
  });
  afterAll(() => t.close());

  describe('creation', () => {
    const post = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/users').set(bearer(t.adminToken)).send(body);
    const base = () => ({
      email: `p-${Date.now()}-${Math.random().toString(36).slice(2)}@test.sdt.pk`,
      password: 'a-long-test-password',
      role: 'partner',
    });

    it.each([
      ['no partner', {}],
      ['an empty list', { partnerCodes: [] }],
    ])('refuses a partner user with %s (400 naming partnerCodes)', async (_name, extra) => {
      const res = await post({ ...base(), ...extra }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['partnerCodes']);
    });

    it('refuses a partner user with two partners (400) and an unknown partner (422)', async () => {
      await post({ ...base(), partnerCodes: [a.partner.code, b.partner.code] }).expect(400);
      const unknown = await post({ ...base(), partnerCodes: ['NO-SUCH-PARTNER'] }).expect(422);
      expect(unknown.body.errors[0].field).toBe('partnerCodes');
    });

    it('refuses partner codes on a ministry or admin user (400)', async () => {
      for (const role of ['ministry', 'admin']) {
        await post({ ...base(), role, partnerCodes: [a.partner.code] }).expect(400);
      }
    });

    it('creates one with its partner, and its login says role partner', async () => {
      const body = { ...base(), partnerCodes: [a.partner.code] };
      const res = await post(body).expect(201);
      expect(res.body).toMatchObject({ role: 'partner', partnerCodes: [a.partner.code] });
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: body.email, password: body.password })
        .expect(200);
      expect(login.body.user).toEqual({ id: res.body.id, email: body.email, role: 'partner' });
    });
  });

  it('reads exactly what its partner’s API key reads, route by route', async () => {
    const reads = [
      '/api/v1/partners',
      `/api/v1/partners/${a.partner.code}`,
      `/api/v1/partners/${b.partner.code}`,
      '/api/v1/programs?limit=500',
      `/api/v1/programs/${a.programCode}`,
      `/api/v1/programs/${b.programCode}`,
      `/api/v1/programs?partnerCode=${b.partner.code}`,
      '/api/v1/cohorts?limit=500',
      `/api/v1/cohorts/${a.cohortCode}`,
      `/api/v1/cohorts/${b.cohortCode}`,
      '/api/v1/trainees?limit=500',
      '/api/v1/trainees/export',
      `/api/v1/trainees/export?programCode=${b.programCode}`,
      `/api/v1/trainees/${ids.traineeA}`,
      `/api/v1/trainees/${ids.traineeB}`,
      '/api/v1/enrollments?limit=500',
      `/api/v1/enrollments/${ids.enrollmentA}`,
      `/api/v1/enrollments/${ids.enrollmentB}`,
      '/api/v1/certifications?limit=500',
      `/api/v1/certifications/${ids.certificationA}`,
      `/api/v1/certifications/${ids.certificationB}`,
      '/api/v1/imports',
      `/api/v1/imports/${ids.importA}`,
      `/api/v1/imports/${ids.importB}`,
      `/api/v1/imports/${ids.importA}/errors`,
      `/api/v1/imports/${ids.importB}/errors`,
      '/api/v1/reports/targets?groupBy=partner',
      `/api/v1/reports/targets?partner=${b.partner.code}`,
      '/api/v1/reports/targets?groupBy=cohort&format=csv',
      '/api/v1/reports/national',
      `/api/v1/reports/timeseries?program=${a.programCode}`,
      `/api/v1/reports/timeseries?program=${b.programCode}`,
      '/api/v1/users',
      `/api/v1/partners/${a.partner.code}/api-keys`,
    ];
    const statuses: Record<string, number> = {};
    for (const path of reads) {
      const byKey = await t.http().get(path).set(keyA);
      const byUser = await t.http().get(path).set(userA);
      expect({ path, status: byUser.status }).toEqual({ path, status: byKey.status });
      expect({ path, body: byUser.text }).toEqual({ path, body: byKey.text });
      statuses[path] = byUser.status;
    }
    // The comparison means something: own data is there, the other partner's is hidden.
    expect(statuses[`/api/v1/programs/${a.programCode}`]).toBe(200);
    expect(statuses[`/api/v1/enrollments/${ids.enrollmentA}`]).toBe(200);
    expect(statuses['/api/v1/trainees/export']).toBe(200);
    for (const hidden of [
      `/api/v1/partners/${b.partner.code}`,
      `/api/v1/programs/${b.programCode}`,
      `/api/v1/cohorts/${b.cohortCode}`,
      `/api/v1/trainees/${ids.traineeB}`,
      `/api/v1/enrollments/${ids.enrollmentB}`,
      `/api/v1/certifications/${ids.certificationB}`,
      `/api/v1/imports/${ids.importB}`,
      `/api/v1/reports/targets?partner=${b.partner.code}`,
      `/api/v1/reports/timeseries?program=${b.programCode}`,
    ]) {
      expect({ hidden, status: statuses[hidden] }).toEqual({ hidden, status: 404 });
    }
    expect(statuses['/api/v1/users']).toBe(403);
    expect(statuses['/api/v1/reports/national']).toBe(403);
    const list = await t.http().get('/api/v1/enrollments?limit=500').set(userA).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(ids.enrollmentA);
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(ids.enrollmentB);
  });

  it('writes only what the key may write: catalogue, people and admin routes are 403', async () => {
    const writes: [string, string, Record<string, unknown>][] = [
      ['post', '/api/v1/partners', { code: 'NOPE', name: 'x', kind: 'donor' }],
      ['patch', `/api/v1/partners/${a.partner.code}`, { name: 'x' }],
      ['post', `/api/v1/partners/${a.partner.code}/api-keys`, {}],
      ['post', '/api/v1/programs', { code: 'NOPE' }],
      ['patch', `/api/v1/programs/${a.programCode}`, { name: 'x' }],
      ['post', '/api/v1/cohorts', { code: 'NOPE' }],
      ['delete', `/api/v1/cohorts/${a.cohortCode}`, {}],
      ['post', '/api/v1/trainees', { cnic: newCnic() }],
      ['patch', `/api/v1/trainees/${ids.traineeA}`, { district: 'x' }],
      ['post', '/api/v1/enrollments', { traineeId: ids.traineeA, cohortCode: a.cohortCode }],
      ['patch', `/api/v1/enrollments/${ids.enrollmentA}`, { status: 'active' }],
      ['post', '/api/v1/certifications', { traineeId: ids.traineeA }],
      [
        'post',
        '/api/v1/users',
        { email: 'x@test.sdt.pk', password: 'a-long-password', role: 'admin' },
      ],
    ];
    for (const [method, path, body] of writes) {
      const byKey = await t.http()[method as 'post'](path).set(keyA).send(body);
      const byUser = await t.http()[method as 'post'](path).set(userA).send(body);
      expect({ method, path, statuses: [byKey.status, byUser.status] }).toEqual({
        method,
        path,
        statuses: [403, 403],
      });
    }
  });

  describe('imports', () => {
    it('uploads for its own partner, taken from the login, and the key reads it back', async () => {
      const res = await upload(userA, rosterFor(a.cohortCode)).expect(202);
      expect(res.body.partnerCode).toBe(a.partner.code);
      const done = await finished(keyA, res.body.id);
      expect(done).toMatchObject({ status: 'completed', created: 1, rejected: 0 });
      await upload(userA, rosterFor(a.cohortCode), `?partner=${a.partner.code}`).expect(202);
    });

    it('answers naming another partner with 404, and rejects the other partner’s cohort like the key', async () => {
      const named = await upload(userA, rosterFor(a.cohortCode), `?partner=${b.partner.code}`);
      expect(named.status).toBe(404);
      expect(JSON.stringify(named.body)).not.toContain(b.partner.code);

      const csv = rosterFor(b.cohortCode);
      const byUser = await finished(userA, (await upload(userA, csv).expect(202)).body.id);
      expect(byUser).toMatchObject({ status: 'completed', created: 0, rejected: 1 });
    });

    it('keeps another partner’s user out of its imports (404 to read, problems and cancel)', async () => {
      const own = await upload(userA, rosterFor(a.cohortCode)).expect(202);
      for (const path of [
        `/api/v1/imports/${own.body.id}`,
        `/api/v1/imports/${own.body.id}/errors`,
      ]) {
        await t.http().get(path).set(userB).expect(404);
      }
      await t.http().post(`/api/v1/imports/${own.body.id}/cancel`).set(userB).expect(404);
      const listed = await t.http().get('/api/v1/imports').set(userB).expect(200);
      expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(own.body.id);
    });
  });
});
