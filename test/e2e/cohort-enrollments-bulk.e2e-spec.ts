// PATCH /cohorts/{code}/enrollments: one PATCH's rules for each id, one transaction, one audit
// event; ids not of this cohort refused without saying why further; scoped like the cohort
// (404 for another partner's); bounded; and two bulk changes racing on the same enrollments
// end in one consistent state with counts that add up.
import { randomUUID } from 'node:crypto';
import { createUser } from '../factories/actors';
import { createCohort } from '../factories/catalog';
import {
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  type EnrollmentBody,
  type PartnerCatalog,
} from '../factories/people';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Outcome {
  updated: number;
  unchanged: number;
  refused: { id: string; reason: string }[];
}

const NOT_IN_COHORT = 'not an enrollment of this cohort';

describe('PATCH /cohorts/{code}/enrollments', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  let coordinatorA: string;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
    coordinatorA = (await createUser(t, 'coordinator', [a.partner.code])).token;
  });
  afterAll(() => t.close());

  async function enrollMany(
    cohortCode: string,
    n: number,
    extra: Record<string, unknown> = {},
  ): Promise<EnrollmentBody[]> {
    const out: EnrollmentBody[] = [];
    for (let i = 0; i < n; i++) {
      const trainee = await createTrainee(t);
      out.push(await createEnrollment(t, { traineeId: trainee.id, cohortCode, ...extra }));
    }
    return out;
  }

  const bulk = (cohortCode: string, body: Record<string, unknown>, token = coordinatorA) =>
    t.http().patch(`/api/v1/cohorts/${cohortCode}/enrollments`).set(bearer(token)).send(body);

  const read = async (id: string): Promise<EnrollmentBody> =>
    (await t.http().get(`/api/v1/enrollments/${id}`).set(bearer(t.adminToken)).expect(200))
      .body as EnrollmentBody;

  async function auditEventsOf(cohortId: string): Promise<{ changes: unknown[] }[]> {
    const res = await t
      .http()
      .get('/api/v1/audit?entity=cohort&action=enrollments_updated&limit=500')
      .set(bearer(t.adminToken))
      .expect(200);
    return (res.body as { items: { entityId: string; changes: unknown[] }[] }).items.filter(
      (e) => e.entityId === cohortId,
    );
  }

  it('marks enrollments completed on a date, counts the unchanged, refuses what is not this cohort’s', async () => {
    const cohort = await createCohort(t, { programCode: a.programCode });
    const [e1, e2] = await enrollMany(cohort.code, 2, { status: 'active', progressPct: 40 });
    const [done] = await enrollMany(cohort.code, 1, {
      status: 'completed',
      completedOn: '2026-03-01',
    });
    const [otherCohortOfA] = await enrollMany(a.cohortCode, 1);
    const [ofB] = await enrollMany(b.cohortCode, 1);
    const unknown = randomUUID();

    const res = await bulk(cohort.code, {
      ids: [e1.id, e2.id, done.id, otherCohortOfA.id, ofB.id, unknown],
      status: 'completed',
      completedOn: '2026-03-01',
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.body as Outcome;
    expect(body.updated).toBe(2);
    expect(body.unchanged).toBe(1);
    // The same reason for another cohort's, another partner's and no enrollment at all.
    expect(body.refused).toEqual([
      { id: otherCohortOfA.id, reason: NOT_IN_COHORT },
      { id: ofB.id, reason: NOT_IN_COHORT },
      { id: unknown, reason: NOT_IN_COHORT },
    ]);
    for (const e of [e1, e2]) {
      const now = await read(e.id);
      expect([now.status, now.progressPct, now.completedOn]).toEqual([
        'completed',
        100,
        '2026-03-01',
      ]);
    }
    expect((await read(otherCohortOfA.id)).status).toBe('enrolled');
    expect((await read(ofB.id)).status).toBe('enrolled');

    const events = await auditEventsOf(cohort.id);
    expect(events).toHaveLength(1);
    expect(events[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', new: 'completed' },
        { field: 'updated', new: 2 },
      ]),
    );
  });

  it('applies the rules of one PATCH to each: the same refusal a single PATCH answers with 422', async () => {
    const cohort = await createCohort(t, { programCode: a.programCode });
    const [active] = await enrollMany(cohort.code, 1, { status: 'active' });
    const [done] = await enrollMany(cohort.code, 1, {
      status: 'completed',
      completedOn: '2026-03-01',
    });
    const single = await t
      .http()
      .patch(`/api/v1/enrollments/${done.id}`)
      .set(bearer(coordinatorA))
      .send({ status: 'dropped' })
      .expect(422);

    const res = await bulk(cohort.code, { ids: [active.id, done.id], status: 'dropped' }).expect(
      200,
    );
    expect(res.body).toEqual({
      updated: 1,
      unchanged: 0,
      refused: [{ id: done.id, reason: (single.body as { detail: string }).detail }],
    });
    expect((await read(active.id)).status).toBe('dropped');
    expect((await read(done.id)).status).toBe('completed');

    // completedOn with another status is refused for every id, and nothing is written.
    const [fresh] = await enrollMany(cohort.code, 1);
    const wrong = await bulk(cohort.code, {
      ids: [fresh.id],
      status: 'active',
      completedOn: '2026-03-01',
    }).expect(200);
    expect((wrong.body as Outcome).updated).toBe(0);
    expect((wrong.body as Outcome).refused.map((r) => r.id)).toEqual([fresh.id]);
    expect((await read(fresh.id)).status).toBe('enrolled');
    // Nothing changed: no audit event for that call.
    expect(await auditEventsOf(cohort.id)).toHaveLength(1);
  });

  it('two bulk changes racing on the same enrollments end consistent, with counts that add up', async () => {
    const cohort = await createCohort(t, { programCode: a.programCode });
    const rows = await enrollMany(cohort.code, 30, { status: 'active' });
    const ids = rows.map((r) => r.id);

    // The same change twice at once: each enrollment is updated by exactly one of them.
    const [x, y] = await Promise.all([
      bulk(cohort.code, { ids, status: 'completed', completedOn: '2026-04-01' }),
      bulk(cohort.code, { ids, status: 'completed', completedOn: '2026-04-01' }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const [ox, oy] = [x.body as Outcome, y.body as Outcome];
    expect(ox.updated + oy.updated).toBe(30);
    expect(ox.unchanged + oy.unchanged).toBe(30);
    expect([...ox.refused, ...oy.refused]).toEqual([]);

    // Opposite changes at once: whichever ran second decided on what the first wrote.
    const other = await enrollMany(cohort.code, 30, { status: 'active' });
    const otherIds = other.map((r) => r.id);
    const [c, d] = await Promise.all([
      bulk(cohort.code, { ids: otherIds, status: 'completed' }),
      bulk(cohort.code, { ids: otherIds, status: 'dropped' }),
    ]);
    const [oc, od] = [c.body as Outcome, d.body as Outcome];
    for (const o of [oc, od]) expect(o.updated + o.unchanged + o.refused.length).toBe(30);
    const finals = await Promise.all(otherIds.map(async (id) => (await read(id)).status));
    // Dropped then completed is allowed; completed then dropped is refused (a completed
    // enrollment is never dropped): either order ends with every one completed.
    expect(new Set(finals)).toEqual(new Set(['completed']));
    expect(oc.updated).toBe(30);
    expect(od.updated === 30 || od.refused.length === 30).toBe(true);
  });

  it("answers 404 for another partner's cohort and for no cohort, 403 for partners and the ministry", async () => {
    const [ofB] = await enrollMany(b.cohortCode, 1);
    const res = await bulk(b.cohortCode, { ids: [ofB.id], status: 'dropped' }).expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain(ofB.id);
    await bulk('NO-SUCH-COHORT', { ids: [ofB.id], status: 'dropped' }).expect(404);
    expect((await read(ofB.id)).status).toBe('enrolled');

    // Partners write enrollments through rosters, not here (as for a single PATCH): its own
    // cohort and another's answer alike, so nothing is revealed.
    for (const code of [b.cohortCode, a.cohortCode]) {
      await t
        .http()
        .patch(`/api/v1/cohorts/${code}/enrollments`)
        .set('X-API-Key', b.partner.apiKey)
        .send({ ids: [ofB.id], status: 'dropped' })
        .expect(403);
    }
    const ministry = await createUser(t, 'ministry');
    await bulk(b.cohortCode, { ids: [ofB.id], status: 'dropped' }, ministry.token).expect(403);
    // An unscoped coordinator and an admin reach it.
    const everyone = await createUser(t, 'coordinator');
    const ok = await bulk(b.cohortCode, { ids: [ofB.id], status: 'dropped' }, everyone.token);
    expect(ok.body).toEqual({ updated: 1, unchanged: 0, refused: [] });
  });

  it.each([
    ['no ids', { ids: [], status: 'dropped' }],
    ['1,001 ids', { ids: Array.from({ length: 1001 }, () => randomUUID()), status: 'dropped' }],
    [
      'a repeated id',
      {
        ids: ['0b9c6f9e-2f3a-4f7e-9d55-0d5a3a0e8a11', '0b9c6f9e-2f3a-4f7e-9d55-0d5a3a0e8a11'],
        status: 'dropped',
      },
    ],
    ['an id that is not a UUID', { ids: ['42'], status: 'dropped' }],
    ['no status', { ids: [randomUUID()] }],
    ['an unknown status', { ids: [randomUUID()], status: 'graduated' }],
    [
      'a completion date in the future',
      { ids: [randomUUID()], status: 'completed', completedOn: '2999-01-01' },
    ],
    ['an unknown field', { ids: [randomUUID()], status: 'dropped', progressPct: 5 }],
  ])('refuses %s with a 400 problem', async (_label, body) => {
    const res = await bulk(a.cohortCode, body).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('accepts 1,000 ids', async () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const res = await bulk(a.cohortCode, { ids, status: 'dropped' }).expect(200);
    expect((res.body as Outcome).refused).toHaveLength(1000);
  });
});
