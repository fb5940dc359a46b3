// Who may read which report: the role matrix for every report route, partner isolation (a
// partner or a limited coordinator never sees another partner's rows; naming them is a 404),
// no personal data in any report, and request validation.
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCatalog, generateDataset, loadThroughSql } from '../factories/report-data';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

type Caller = { name: string; headers: Record<string, string> };

describe('report access', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  let programA: string;
  let programB: string;
  let callers: Record<string, Caller>;
  let personal: string[];

  const get = (caller: Caller, path: string, query: Record<string, string> = {}) =>
    t.http().get(path).query(query).set(caller.headers);

  beforeAll(async () => {
    t = await createTestApp();
    const data = generateDataset(31337, 40);
    const catalog = await createCatalog(t, data);
    await loadThroughSql(t, data);
    a = catalog.partners.get(data.partners[0].code) as TestPartner;
    b = catalog.partners.get(data.partners[1].code) as TestPartner;
    programA = data.programs[0].code;
    programB = data.programs[2].code;
    personal = data.trainees.flatMap((x) => [x.cnic, x.fullName]);
    const user = async (role: 'coordinator' | 'ministry' | 'partner', partners?: string[]) => ({
      Authorization: `Bearer ${(await createUser(t, role, partners)).token}`,
    });
    callers = {
      admin: { name: 'admin', headers: bearer(t.adminToken) },
      ministry: { name: 'ministry', headers: await user('ministry') },
      coordinator: { name: 'coordinator (all partners)', headers: await user('coordinator') },
      coordinatorA: { name: 'coordinator of A', headers: await user('coordinator', [a.code]) },
      partnerA: { name: 'partner A', headers: { 'X-API-Key': a.apiKey } },
      partnerUserA: { name: 'partner user of A', headers: await user('partner', [a.code]) },
      anonymous: { name: 'anonymous', headers: {} },
    };
  });
  afterAll(() => t.close());

  const matrix: [string, string, Record<string, string>, Record<string, number>][] = [
    [
      'targets',
      '/api/v1/reports/targets',
      {},
      {
        admin: 200,
        ministry: 200,
        coordinator: 200,
        coordinatorA: 200,
        partnerA: 200,
        partnerUserA: 200,
        anonymous: 401,
      },
    ],
    [
      'national',
      '/api/v1/reports/national',
      {},
      {
        admin: 200,
        ministry: 200,
        coordinator: 200,
        coordinatorA: 200,
        partnerA: 403,
        partnerUserA: 403,
        anonymous: 401,
      },
    ],
  ];

  it.each(matrix)('%s: the role matrix', async (_name, path, query, expected) => {
    for (const [who, status] of Object.entries(expected)) {
      const res = await get(callers[who], path, query);
      expect({ who, status: res.status }).toEqual({ who, status });
      if (status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('timeseries: the role matrix, with another partner’s program a 404', async () => {
    const expected: Record<string, [number, number]> = {
      admin: [200, 200],
      ministry: [200, 200],
      coordinator: [200, 200],
      coordinatorA: [200, 404],
      partnerA: [200, 404],
      partnerUserA: [200, 404],
      anonymous: [401, 401],
    };
    for (const [who, [own, other]] of Object.entries(expected)) {
      const mine = await get(callers[who], '/api/v1/reports/timeseries', { program: programA });
      const theirs = await get(callers[who], '/api/v1/reports/timeseries', { program: programB });
      expect({ who, statuses: [mine.status, theirs.status] }).toEqual({
        who,
        statuses: [own, other],
      });
    }
  });

  it.each(['partnerA', 'partnerUserA', 'coordinatorA'])(
    '%s never sees another partner’s rows, in any groupBy or format',
    async (who) => {
      const caller = callers[who];
      const programs = await get(caller, '/api/v1/reports/targets', { groupBy: 'program' });
      expect(programs.status).toBe(200);
      const keys = (programs.body.rows as { key: string }[]).map((r) => r.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith(a.code))).toBe(true);

      const partners = await get(caller, '/api/v1/reports/targets', { groupBy: 'partner' });
      expect((partners.body.rows as { key: string }[]).map((r) => r.key)).toEqual([a.code]);

      const csv = await get(caller, '/api/v1/reports/targets', {
        groupBy: 'cohort',
        format: 'csv',
      });
      expect(csv.status).toBe(200);
      expect(csv.text).not.toContain(b.code);

      // Totals over every dimension are A's alone.
      const own = await get(callers.admin, '/api/v1/reports/targets', {
        groupBy: 'gender',
        partner: a.code,
      });
      const mine = await get(caller, '/api/v1/reports/targets', { groupBy: 'gender' });
      expect(mine.body.rows).toEqual(own.body.rows);

      // Naming the other partner or its program is a 404, never a 403.
      const named: Record<string, string>[] = [{ partner: b.code }, { program: programB }];
      for (const query of named) {
        const res = await get(caller, '/api/v1/reports/targets', query);
        expect({ query, status: res.status }).toEqual({ query, status: 404 });
      }
    },
  );

  it('a coordinator limited to one partner gets national figures over that partner only', async () => {
    const scoped = await get(callers.coordinatorA, '/api/v1/reports/national');
    const total = await get(callers.admin, '/api/v1/reports/targets', {
      groupBy: 'partner',
      partner: a.code,
    });
    const row = total.body.rows[0] as Record<string, number>;
    expect(scoped.body).toMatchObject({
      unique: {
        enrolled: row.enrolled,
        completed: row.completed,
        certified: row.certified,
        female: row.female,
      },
      sumOverPartners: {
        enrolled: row.enrolled,
        completed: row.completed,
        certified: row.certified,
        female: row.female,
      },
      sharedTrainees: 0,
    });
  });

  it('a revoked partner key reads nothing', async () => {
    const c = await createPartner(t);
    await t.http().get('/api/v1/reports/targets').set('X-API-Key', c.apiKey).expect(200);
    const keys = await t
      .http()
      .get(`/api/v1/partners/${c.code}/api-keys`)
      .set(bearer(t.adminToken));
    await t
      .http()
      .delete(`/api/v1/api-keys/${keys.body.items[0].id}`)
      .set(bearer(t.adminToken))
      .expect(204);
    await t.http().get('/api/v1/reports/targets').set('X-API-Key', c.apiKey).expect(401);
  });

  it('no report carries personal data (CNIC, names) in any groupBy or format', async () => {
    const bodies: string[] = [];
    for (const groupBy of [
      'program',
      'partner',
      'province',
      'gender',
      'track',
      'cohort',
      'month',
    ]) {
      for (const format of ['json', 'csv']) {
        const res = await get(callers.ministry, '/api/v1/reports/targets', { groupBy, format });
        expect(res.status).toBe(200);
        bodies.push(res.text);
      }
    }
    bodies.push((await get(callers.ministry, '/api/v1/reports/national')).text);
    for (const metric of ['enrolled', 'completed', 'certified']) {
      bodies.push(
        (await get(callers.ministry, '/api/v1/reports/timeseries', { program: programA, metric }))
          .text,
      );
    }
    const all = bodies.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const value of personal) expect(all).not.toContain(value);
    expect(all).not.toMatch(/\b\d{13}\b/);
  });

  it.each([
    [{ groupBy: 'district' }, 'groupBy'],
    [{ format: 'pdf' }, 'format'],
    [{ province: 'XX' }, 'province'],
    [{ partner: 'not a code!' }, 'partner'],
    [{ limit: '10' }, 'limit'],
  ])('targets rejects %j with a 400 naming %s', async (query, field) => {
    const res = await get(callers.ministry, '/api/v1/reports/targets', query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('targets accepts a province by name, any case, and unknown codes answer 404', async () => {
    const byName = await get(callers.ministry, '/api/v1/reports/targets', {
      groupBy: 'province',
      province: 'punjab',
    });
    expect(byName.status).toBe(200);
    expect(byName.body.rows.map((r: { key: string }) => r.key)).toEqual(['PB']);
    await get(callers.ministry, '/api/v1/reports/targets', { partner: 'NOSUCHPARTNER' }).expect(
      404,
    );
    await get(callers.ministry, '/api/v1/reports/targets', { program: 'NO-SUCH-PROGRAM' }).expect(
      404,
    );
  });

  it('timeseries needs a program and a known metric', async () => {
    await get(callers.ministry, '/api/v1/reports/timeseries').expect(400);
    await get(callers.ministry, '/api/v1/reports/timeseries', {
      program: programA,
      metric: 'dropped',
    }).expect(400);
    await get(callers.ministry, '/api/v1/reports/timeseries', { program: 'NO-SUCH' }).expect(404);
  });
});
