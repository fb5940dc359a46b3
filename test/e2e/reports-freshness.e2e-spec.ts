// Freshness: after an import reaches `completed`, or a change through the API, the reports
// reflect it within 5 seconds (the worker recomputes; a report read never waits for it).
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { uniqueCnic } from '../factories/people';
import { importRoster, shiftDay, apiToday } from '../factories/report-data';
import { progressQueueIdle } from '../helpers/queues';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const LIMIT_MS = 5000;

describe('report freshness', () => {
  let t: TestApp;
  let ministry: string;
  let partner: TestPartner;
  let programCode: string;
  let cohortCode: string;

  const programRow = async () => {
    const res = await t
      .http()
      .get('/api/v1/reports/targets')
      .query({ program: programCode })
      .set(bearer(ministry))
      .expect(200);
    return res.body.rows[0] as Record<string, number>;
  };

  /** Polls until `check` holds; answers how long that took. */
  const msUntil = async (check: (row: Record<string, number>) => boolean) => {
    const started = Date.now();
    while (!check(await programRow())) {
      if (Date.now() - started > 3 * LIMIT_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - started;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ministry = (await createUser(t, 'ministry')).token;
    partner = await createPartner(t);
    const today = apiToday();
    const program = await createProgram(t, {
      partnerCode: partner.code,
      targetTrainees: 100,
      startsOn: shiftDay(today, -30),
      endsOn: shiftDay(today, 30),
    });
    programCode = program.code;
    cohortCode = (await createCohort(t, { programCode })).code;
  });
  afterAll(() => t.close());

  const roster = (rows: { cnic: string; status: string; completedOn?: string }[]) =>
    [
      'cnic,full_name,gender,cohort_code,status,progress_pct,enrolled_on,completed_on',
      ...rows.map((r) =>
        [
          r.cnic,
          'Sana Baloch',
          'female',
          cohortCode,
          r.status,
          r.status === 'completed' ? 100 : 20,
          shiftDay(apiToday(), -10),
          r.completedOn ?? '',
        ].join(','),
      ),
    ].join('\n');

  it('an import shows in the targets report within 5 s of completing', async () => {
    expect(await programRow()).toMatchObject({ enrolled: 0 });
    const cnics = Array.from({ length: 30 }, () => uniqueCnic('female'));
    const result = await importRoster(
      t,
      partner,
      roster(cnics.map((cnic) => ({ cnic, status: 'active' }))),
    );
    expect(result).toMatchObject({ status: 'completed', created: 30 });
    const ms = await msUntil((row) => row.enrolled === 30 && row.active === 30);
    expect(await programRow()).toMatchObject({ enrolled: 30, active: 30, female: 30 });
    expect(ms).toBeLessThanOrEqual(LIMIT_MS);

    // A second roster completes ten of them: the report follows again (timed from an idle
    // queue, so the first import's remaining jobs are not counted against the second).
    await progressQueueIdle(t);
    const today = apiToday();
    const second = await importRoster(
      t,
      partner,
      roster(cnics.slice(0, 10).map((cnic) => ({ cnic, status: 'completed', completedOn: today }))),
    );
    expect(second).toMatchObject({ status: 'completed', updated: 10 });
    const ms2 = await msUntil((row) => row.completed === 10);
    expect(await programRow()).toMatchObject({ enrolled: 30, active: 20, completed: 10 });
    expect(ms2).toBeLessThanOrEqual(LIMIT_MS);
  });

  it('a change through the enrollments API shows within 5 s', async () => {
    const list = await t
      .http()
      .get('/api/v1/enrollments')
      .query({ programCode, status: 'active', limit: 1 })
      .set(bearer(t.adminToken))
      .expect(200);
    const id = (list.body.items[0] as { id: string }).id;
    await progressQueueIdle(t);
    const before = await programRow();
    await t
      .http()
      .patch(`/api/v1/enrollments/${id}`)
      .set(bearer(t.adminToken))
      .send({ status: 'dropped' })
      .expect(200);
    const ms = await msUntil((row) => row.dropped === before.dropped + 1);
    expect(await programRow()).toMatchObject({
      dropped: before.dropped + 1,
      active: before.active - 1,
    });
    expect(ms).toBeLessThanOrEqual(LIMIT_MS);
  });
});
