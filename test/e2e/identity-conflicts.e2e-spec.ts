// What one partner supplied is not another's to read (API.md, "A trainee shared by two
// partners"): a second partner sending a known CNIC with made-up details, by roster or dry run,
// reads back only what it sent; staff reconcile the conflict both ways, once, within scope.
import { DataSource } from 'typeorm';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { importCsv, problemsOf } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Conflict {
  id: string;
  traineeId: string;
  partnerCode: string;
  columns: string[];
  supplied: Record<string, unknown>;
  record: Record<string, unknown>;
  importId: string | null;
  line: number | null;
  status: string;
  resolution: string | null;
}

describe('identity conflicts between partners', () => {
  let t: TestApp;
  let db: DataSource;
  let huawei: TestPartner;
  let zte: TestPartner;
  let huaweiCohort: string;
  let zteCohort: string;
  let zteCoordinator: { token: string };
  let huaweiCoordinator: { token: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    huawei = await createPartner(t);
    zte = await createPartner(t);
    const hp = await createProgram(t, { partnerCode: huawei.code });
    huaweiCohort = (await createCohort(t, { programCode: hp.code })).code;
    const zp = await createProgram(t, { partnerCode: zte.code });
    zteCohort = (await createCohort(t, { programCode: zp.code })).code;
    zteCoordinator = await createUser(t, 'coordinator', [zte.code]);
    huaweiCoordinator = await createUser(t, 'coordinator', [huawei.code]);
  });
  afterAll(() => t.close());

  const traineeAs = async (key: string, cnic: string) => {
    const res = await t.http().get(`/api/v1/trainees?cnic=${cnic}`).set('X-API-Key', key);
    expect(res.status).toBe(200);
    return res.body.items[0] as Record<string, unknown>;
  };

  /** HUAWEI's trainee with a full record, then ZTE's one-row roster with made-up details. */
  async function sharedByGuess(query = '') {
    const cnic = newCnic('female');
    await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Zainab Qureshi',
          gender: 'F',
          date_of_birth: '1999-04-12',
          province: 'KP',
          district: 'Mardan',
          cohort_code: huaweiCohort,
        },
      ]),
    );
    const guess = await importCsv(
      t,
      zte.apiKey,
      rosterCsv([{ cnic, full_name: 'Made Up', gender: 'F', cohort_code: zteCohort }]),
      query,
    );
    return { cnic, guess };
  }

  async function openConflicts(token: string, query = ''): Promise<Conflict[]> {
    const res = await t.http().get(`/api/v1/identity-conflicts${query}`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as Conflict[];
  }

  it('shows a partner that sends a known CNIC with made-up details nothing another supplied', async () => {
    const { cnic, guess } = await sharedByGuess();
    expect(guess).toMatchObject({ status: 'completed', created: 1, warnings: 1 });
    const asZte = await traineeAs(zte.apiKey, cnic);
    expect(asZte).toMatchObject({
      fullName: 'Made Up',
      gender: 'female',
      dateOfBirth: null,
      province: null,
      district: null,
    });
    const zteExport = await t
      .http()
      .get(`/api/v1/trainees/export?cnic=${cnic}`)
      .set('X-API-Key', zte.apiKey)
      .expect(200);
    expect(zteExport.text).toContain('Made Up');
    expect(zteExport.text).not.toMatch(/Zainab|Qureshi|Mardan|1999-04-12/);
    // A partner user of ZTE reads what ZTE's key reads.
    const zteUser = await createUser(t, 'partner', [zte.code]);
    const byUser = await t
      .http()
      .get(`/api/v1/trainees?cnic=${cnic}`)
      .set(bearer(zteUser.token))
      .expect(200);
    expect(JSON.stringify(byUser.body)).not.toMatch(/Zainab|Qureshi|Mardan|1999-04-12/);
    // HUAWEI, which created the trainee, still reads the record.
    expect(await traineeAs(huawei.apiKey, cnic)).toMatchObject({ fullName: 'Zainab Qureshi' });
  });

  it("searches and filters a partner's list by the identity it reads, not the record", async () => {
    const { cnic } = await sharedByGuess();
    const list = async (query: string) => {
      const res = await t
        .http()
        .get(`/api/v1/trainees?${query}`)
        .set('X-API-Key', zte.apiKey)
        .expect(200);
      return (res.body.items as { cnic: string }[]).map((i) => i.cnic);
    };
    // The record's name, district and province answer nothing to ZTE; its own name does.
    expect(await list('q=Qureshi')).not.toContain(cnic);
    expect(await list('q=Made%20Up')).toContain(cnic);
    expect(await list('province=KP')).not.toContain(cnic);
    // Staff search the record.
    const staff = await t
      .http()
      .get('/api/v1/trainees?q=Zainab%20Qureshi')
      .set(bearer(t.adminToken))
      .expect(200);
    expect((staff.body.items as { cnic: string }[]).map((i) => i.cnic)).toContain(cnic);
  });

  it('tells a dry run only that a row differs, not which guess is right', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      huawei.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Amna Shah',
          gender: 'F',
          date_of_birth: '2001-02-03',
          cohort_code: huaweiCohort,
        },
      ]),
    );
    // Right name, wrong birth date; then wrong name, right birth date: the same answer.
    const answers: string[] = [];
    for (const guess of [
      { full_name: 'Amna Shah', date_of_birth: '2001-02-04' },
      { full_name: 'Amna Khan', date_of_birth: '2001-02-03' },
    ]) {
      const run = await importCsv(
        t,
        zte.apiKey,
        rosterCsv([{ cnic, gender: 'F', cohort_code: zteCohort, ...guess }]),
        '?dryRun=true',
      );
      expect(run).toMatchObject({ status: 'completed', dryRun: true, warnings: 1 });
      const [p] = await problemsOf(t, zte.apiKey, run.id);
      answers.push(`${p.column}|${p.code}|${p.message}`);
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).not.toMatch(/full_name|date_of_birth/);
    // A dry run records no conflict.
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM identity_conflicts ic JOIN trainees t ON t.id = ic.trainee_id
       WHERE t.cnic = $1`,
      [cnic],
    );
    expect(n).toBe(0);
  });

  it('lists an open conflict for staff in scope only, with what was supplied beside the record', async () => {
    const { cnic, guess } = await sharedByGuess();
    const mine = (await openConflicts(zteCoordinator.token)).filter((c) => c.importId === guess.id);
    expect(mine).toEqual([
      expect.objectContaining({
        partnerCode: zte.code,
        columns: ['fullName'],
        supplied: expect.objectContaining({ fullName: 'Made Up', province: null }),
        record: expect.objectContaining({ fullName: 'Zainab Qureshi', province: 'KP' }),
        line: 2,
        status: 'open',
      }),
    ]);
    // HUAWEI's coordinator does not cover ZTE: not in its list, and ZTE's filter is a 404.
    const other = await openConflicts(huaweiCoordinator.token);
    expect(other.map((c) => c.id)).not.toContain(mine[0].id);
    await t
      .http()
      .get(`/api/v1/identity-conflicts?partner=${zte.code}`)
      .set(bearer(huaweiCoordinator.token))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/identity-conflicts/${mine[0].id}/resolve`)
      .set(bearer(huaweiCoordinator.token))
      .send({ keep: 'record' })
      .expect(404);
    // Partners and the ministry have no door here.
    await t.http().get('/api/v1/identity-conflicts').set('X-API-Key', zte.apiKey).expect(403);
    const ministry = await createUser(t, 'ministry');
    await t.http().get('/api/v1/identity-conflicts').set(bearer(ministry.token)).expect(403);
    expect(cnic).toHaveLength(13);
  });

  it('keeps the record on request: the partner still reads its own values, once', async () => {
    const { cnic, guess } = await sharedByGuess();
    const [conflict] = (await openConflicts(t.adminToken, `?partner=${zte.code}`)).filter(
      (c) => c.importId === guess.id,
    );
    // Parallel reconciles: exactly one wins, the others are told it is already resolved.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        t
          .http()
          .post(`/api/v1/identity-conflicts/${conflict.id}/resolve`)
          .set(bearer(zteCoordinator.token))
          .send({ keep: 'record' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    expect(answers.find((a) => a.status === 200)?.body).toMatchObject({
      status: 'resolved',
      resolution: 'record',
    });
    expect(await traineeAs(zte.apiKey, cnic)).toMatchObject({ fullName: 'Made Up' });
    expect(await traineeAs(huawei.apiKey, cnic)).toMatchObject({ fullName: 'Zainab Qureshi' });
    const resolved = await openConflicts(t.adminToken, `?status=resolved&partner=${zte.code}`);
    expect(resolved.map((c) => c.id)).toContain(conflict.id);
    expect((await openConflicts(t.adminToken)).map((c) => c.id)).not.toContain(conflict.id);
  });

  it('writes the supplied values to the record on request, audited by field name only', async () => {
    const { cnic, guess } = await sharedByGuess();
    const [conflict] = (await openConflicts(zteCoordinator.token)).filter(
      (c) => c.importId === guess.id,
    );
    await t
      .http()
      .post(`/api/v1/identity-conflicts/${conflict.id}/resolve`)
      .set(bearer(t.adminToken))
      .send({ keep: 'supplied' })
      .expect(200);
    const [stored] = await db.query(
      'SELECT full_name, province, date_of_birth::text AS dob FROM trainees WHERE cnic = $1',
      [cnic],
    );
    // Only the conflicting column is taken: ZTE left birth date and province empty.
    expect(stored).toEqual({ full_name: 'Made Up', province: 'KP', dob: '1999-04-12' });
    const audit = await t
      .http()
      .get(`/api/v1/audit?entity=trainee&action=identity_reconciled`)
      .set(bearer(t.adminToken))
      .expect(200);
    const event = (audit.body.items as { entityId: string; changes: unknown[] }[]).find(
      (e) => e.entityId === conflict.traineeId,
    );
    expect(event?.changes).toEqual([{ field: 'fullName' }]);
    expect(JSON.stringify(audit.body)).not.toContain('Made Up');
    // Now the record is what ZTE supplied: ZTE reads the record in full.
    expect(await traineeAs(zte.apiKey, cnic)).toMatchObject({
      fullName: 'Made Up',
      province: 'KP',
    });
  });

  it('closes a conflict by itself when a later row agrees with the record', async () => {
    const { cnic, guess } = await sharedByGuess();
    const agreeing = await importCsv(
      t,
      zte.apiKey,
      rosterCsv([{ cnic, full_name: 'Zainab Qureshi', gender: 'F', cohort_code: zteCohort }]),
    );
    expect(agreeing).toMatchObject({ status: 'completed', warnings: 0 });
    const resolved = await openConflicts(t.adminToken, `?status=resolved&partner=${zte.code}`);
    expect(resolved.find((c) => c.importId === agreeing.id)).toMatchObject({
      resolution: 'agreed',
    });
    expect((await openConflicts(t.adminToken)).map((c) => c.importId)).not.toContain(guess.id);
    // ZTE's values equal the record now: it reads the record.
    expect(await traineeAs(zte.apiKey, cnic)).toMatchObject({ province: 'KP' });
  });

  it('answers bad input with problem details', async () => {
    await t
      .http()
      .get('/api/v1/identity-conflicts?status=maybe')
      .set(bearer(t.adminToken))
      .expect(400);
    const res = await t
      .http()
      .post('/api/v1/identity-conflicts/00000000-0000-4000-8000-000000000000/resolve')
      .set(bearer(t.adminToken))
      .send({ keep: 'both' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    await t
      .http()
      .post('/api/v1/identity-conflicts/00000000-0000-4000-8000-000000000000/resolve')
      .set(bearer(t.adminToken))
      .send({ keep: 'record' })
      .expect(404);
  });
});
