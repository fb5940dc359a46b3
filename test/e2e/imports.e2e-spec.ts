import { DataSource } from 'typeorm';
import { RosterImportRunner } from '../../src/modules/imports/roster-import.runner';
import { ImportsRepository } from '../../src/modules/imports/imports.repository';
import { MergeSession } from '../../src/modules/imports/merge/merge-session';
import { RosterMergeRepository } from '../../src/modules/imports/merge/roster-merge.repository';
import { createPartner, createUser, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { letters } from '../helpers/durability';
import { importCsv, problemsOf, uploadCsv, waitForImport } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

describe('roster imports', () => {
  let t: TestApp;
  let partner: TestPartner;
  let other: TestPartner;
  let cohort: string;
  let cohort2: string;
  let otherCohort: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    partner = await createPartner(t);
    other = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    cohort = (await createCohort(t, { programCode: program.code })).code;
    cohort2 = (await createCohort(t, { programCode: program.code, province: 'PB' })).code;
    const otherProgram = await createProgram(t, { partnerCode: other.code });
    otherCohort = (await createCohort(t, { programCode: otherProgram.code })).code;
  });
  afterAll(() => t.close());

  it('accepts a CSV upload with 202 and Location, then completes with exact counts', async () => {
    const rows = [
      { cnic: newCnic('female'), full_name: 'Ayesha Khan', gender: 'F', cohort_code: cohort },
      {
        cnic: newCnic('male'),
        full_name: 'Bilal Ahmed',
        gender: 'male',
        cohort_code: cohort,
        province: 'Punjab',
      },
    ];
    const res = await uploadCsv(t, partner.apiKey, rosterCsv(rows));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.any(String), status: 'queued' });
    expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
    const done = await waitForImport(t, partner.apiKey, res.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 2,
      processedRows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      warnings: 0,
    });
    const trainees = await db.query(
      `SELECT t.cnic, t.gender, t.province, e.status FROM trainees t
       JOIN enrollments e ON e.trainee_id = t.id WHERE t.cnic = ANY($1) ORDER BY t.full_name`,
      [rows.map((r) => r.cnic)],
    );
    expect(trainees).toEqual([
      { cnic: rows[0].cnic, gender: 'female', province: null, status: 'enrolled' },
      { cnic: rows[1].cnic, gender: 'male', province: 'PB', status: 'enrolled' },
    ]);
  });

  it('a late or duplicate job for a finished import changes nothing', async () => {
    const done = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        { cnic: newCnic('female'), full_name: 'Late Job', gender: 'F', cohort_code: cohort },
      ]),
    );
    expect(done).toMatchObject({ status: 'completed', created: 1 });
    await t.app.get(RosterImportRunner).run(done.id);
    const after = await t.http().get(`/api/v1/imports/${done.id}`).set('X-API-Key', partner.apiKey);
    expect(after.body).toMatchObject({
      status: 'completed',
      created: 1,
      processedRows: 1,
      startedAt: done.startedAt,
      finishedAt: done.finishedAt,
    });
  });

  it('re-importing the same file changes nothing, counts all unchanged and names the first import', async () => {
    const csv = rosterCsv([
      {
        cnic: newCnic('female'),
        full_name: 'Sana Malik',
        gender: 'female',
        cohort_code: cohort,
        status: 'active',
        progress_pct: '40',
      },
      {
        cnic: newCnic('male'),
        full_name: 'Usman Ali',
        gender: 'male',
        cohort_code: cohort,
        status: 'completed',
        completed_on: '2026-05-01',
        enrolled_on: '2026-02-01',
        certification: 'HCIA-AI',
        certificate_number: `C-${Date.now()}`,
      },
    ]);
    const first = await importCsv(t, partner.apiKey, csv);
    expect(first).toMatchObject({ status: 'completed', created: 2, rejected: 0 });
    const before = await db.query(`SELECT max(updated_at) AS m FROM enrollments`);
    const second = await importCsv(t, partner.apiKey, csv);
    expect(second).toMatchObject({ status: 'completed', created: 0, updated: 0, unchanged: 2 });
    expect(second.duplicateOf?.importId).toBe(first.id);
    const after = await db.query(`SELECT max(updated_at) AS m FROM enrollments`);
    expect(after[0].m).toEqual(before[0].m);
  });

  it('gives what it creates time-ordered ids, and an imported certificate verifies publicly', async () => {
    const number = `V7-${Date.now()}`;
    const cnic = newCnic('female');
    const done = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Hina Baig',
          gender: 'female',
          cohort_code: cohort,
          status: 'completed',
          enrolled_on: '2026-01-10',
          completed_on: '2026-03-01',
          certification: 'HCIA-AI',
          certificate_number: number,
        },
      ]),
    );
    expect(done).toMatchObject({ status: 'completed', created: 1, rejected: 0 });
    const [row] = await db.query(
      `SELECT t.id::text AS trainee, e.id::text AS enrollment, c.id::text AS certificate,
              c.verification_code AS code
       FROM trainees t JOIN enrollments e ON e.trainee_id = t.id
       JOIN certifications c ON c.trainee_id = t.id AND c.certificate_number = $2
       WHERE t.cnic = $1`,
      [cnic, number],
    );
    // Version 7: the creation time in milliseconds leads, so new keys append to their indexes.
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [row.trainee, row.enrollment, row.certificate]) {
      expect(id).toMatch(v7);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(Math.abs(ms - Date.now())).toBeLessThan(10 * 60_000);
    }
    expect(new Set([row.trainee, row.enrollment, row.certificate]).size).toBe(3);
    const verified = await t.http().get(`/api/v1/certifications/verify/${row.code}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      valid: true,
      certification: 'HCIA-AI',
      issuedOn: '2026-03-01',
    });
  });

  it('stores an upload compressed with LZ4 where the server has it, and imports it whole', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      cnic: newCnic('female'),
      full_name: `Sana Compressed ${letters(i)}`,
      gender: 'female',
      cohort_code: cohort,
      district: 'Lahore',
    }));
    const res = await uploadCsv(t, partner.apiKey, rosterCsv(rows));
    const done = await waitForImport(t, partner.apiKey, res.body.id);
    expect(done).toMatchObject({ status: 'completed', created: rows.length, rejected: 0 });
    // Whether this server was built with LZ4: a column that asks for it is refused otherwise.
    const lz4 = await db
      .query('CREATE TEMP TABLE lz4_probe (d bytea COMPRESSION lz4); DROP TABLE lz4_probe')
      .then(() => true)
      .catch(() => false);
    const [chunk] = await db.query<{ compression: string | null }[]>(
      `SELECT pg_column_compression(data) AS compression FROM import_chunks
       WHERE import_id = $1 AND chunk_no = 0`,
      [res.body.id],
    );
    expect(chunk).toEqual({ compression: lz4 ? 'lz4' : 'pglz' });
  });

  it('counts a changed row as updated, moves a cohort, and never erases a stored value with an empty cell', async () => {
    const cnic = newCnic('female');
    await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        {
          cnic,
          full_name: 'Hira Baig',
          gender: 'F',
          cohort_code: cohort,
          phone: '03001234567',
          district: 'Lahore',
        },
      ]),
    );
    const moved = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([{ cnic, full_name: 'Hira Baig', gender: 'F', cohort_code: cohort2 }]),
    );
    expect(moved).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const [row] = await db.query(
      `SELECT k.phone, t.district, c.code AS cohort FROM trainees t JOIN enrollments e ON e.trainee_id = t.id
       JOIN cohorts c ON c.id = e.cohort_id
       LEFT JOIN trainee_contacts k ON k.trainee_id = t.id AND k.partner_id = e.partner_id
       WHERE t.cnic = $1`,
      [cnic],
    );
    expect(row).toEqual({ phone: '+923001234567', district: 'Lahore', cohort: cohort2 });
  });

  it('reports every bad row with its line, column and code, and applies the good ones', async () => {
    const dup = newCnic('female');
    const csv = [
      'CNIC,Full_Name,gender,cohort_code,province,shoe_size',
      `${dup},"Good One",F,${cohort},PB,"4,2"`,
      `12345,Bad Cnic,F,${cohort},PB,`,
      `${newCnic('male')},"Quoted Name",M,${cohort},Mars,`,
      `${newCnic('female')},"Multi`,
      `line",F,${cohort},,`,
      `${dup},Dup Row,F,${cohort},,`,
      `${newCnic('female')},Other Partner Cohort,F,${otherCohort},,`,
      `${newCnic('female')},Unknown Cohort,F,NO-SUCH-COHORT,,`,
      `${newCnic('female')},,F,${cohort},,`,
      `${newCnic('male')},Wrong Gender Digit,F,${cohort},,`,
      '',
      '',
    ].join('\r\n');
    const done = await importCsv(t, partner.apiKey, csv);
    // Lines 5–6 are one record (a quoted newline), so the file holds 9 data records.
    expect(done).toMatchObject({ status: 'completed', totalRows: 9, processedRows: 9 });
    const problems = await problemsOf(t, partner.apiKey, done.id);
    const summary = problems.map((p) => [p.line, p.column, p.code, p.severity]);
    expect(summary).toEqual([
      [1, 'shoe_size', 'unknown_column', 'warning'],
      [3, 'cnic', 'invalid_cnic', 'error'],
      [4, 'province', 'invalid_province', 'error'],
      [5, 'full_name', 'invalid_name', 'error'],
      [7, 'cnic', 'duplicate_in_file', 'error'],
      [8, 'cohort_code', 'unknown_cohort', 'error'],
      [9, 'cohort_code', 'unknown_cohort', 'error'],
      [10, 'full_name', 'required', 'error'],
      [11, 'gender', 'gender_cnic_mismatch', 'warning'],
    ]);
    expect(problems.find((p) => p.code === 'duplicate_in_file')?.message).toMatch(/line 2/);
    // No personal data echoed back.
    expect(problems.map((p) => p.message).join(' ')).not.toContain(dup);
    expect(done).toMatchObject({ created: 2, rejected: 7, warnings: 2 });
  });

  it('fails the whole import, applying nothing, when a required column is missing', async () => {
    const done = await importCsv(
      t,
      partner.apiKey,
      `cnic,full_name,cohort_code\n${newCnic()},A B,${cohort}\n`,
    );
    expect(done.status).toBe('failed');
    expect(done.failureReason).toMatch(/gender/);
    expect(done.created).toBe(0);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a header only', 'cnic,full_name,gender,cohort_code\r\n', /no data rows/],
    ['a ;-delimited file', `cnic;full_name;gender;cohort_code\n1;2;3;4\n`, /comma/],
  ])('fails %s with a clear reason', async (_name, csv, reason) => {
    const res = await uploadCsv(t, partner.apiKey, csv);
    expect(res.status).toBe(202);
    const done = await waitForImport(t, partner.apiKey, res.body.id);
    expect(done.status).toBe('failed');
    expect(done.failureReason).toMatch(reason);
  });

  it('fails a binary file without applying anything', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x0a]);
    const res = await uploadCsv(t, partner.apiKey, zip);
    const done = await waitForImport(t, partner.apiKey, res.body.id);
    expect(done).toMatchObject({ status: 'failed', created: 0, processedRows: 0 });
    expect(done.failureReason).toMatch(/binary|UTF-8/);
  });

  it('answers 415 for an unsupported media type and 413 above the size limit', async () => {
    const res = await t
      .http()
      .post('/api/v1/imports')
      .set('X-API-Key', partner.apiKey)
      .set('Content-Type', 'application/xml')
      .send('<x/>');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const small = await createTestApp({ env: { IMPORT_MAX_BYTES: '100' } });
    try {
      const big = await small
        .http()
        .post('/api/v1/imports')
        .set('X-API-Key', partner.apiKey)
        .set('Content-Type', 'text/csv')
        .send(Buffer.alloc(5000, 'a'));
      expect(big.status).toBe(413);
      expect(big.body.detail).toMatch(/100 bytes/);
    } finally {
      await small.close();
    }
  });

  it('accepts multipart uploads and JSON rows', async () => {
    const csv = rosterCsv([
      { cnic: newCnic('female'), full_name: 'Zainab Noor', gender: 'F', cohort_code: cohort },
    ]);
    const res = await t
      .http()
      .post('/api/v1/imports')
      .set('X-API-Key', partner.apiKey)
      .attach('file', Buffer.from(csv), { filename: 'roster.csv', contentType: 'text/csv' });
    expect(res.status).toBe(202);
    expect(res.body.filename).toBe('roster.csv');
    expect(await waitForImport(t, partner.apiKey, res.body.id)).toMatchObject({ created: 1 });

    const json = await t
      .http()
      .post('/api/v1/imports')
      .set('X-API-Key', partner.apiKey)
      .send({
        rows: [
          {
            cnic: newCnic('male'),
            fullName: 'علی رضا',
            gender: 'M',
            cohortCode: cohort,
            progressPct: 10,
            status: 'active',
          },
          { cnic: 'bad', fullName: 'X', gender: 'M', cohortCode: cohort },
        ],
      });
    expect(json.status).toBe(202);
    const done = await waitForImport(t, partner.apiKey, json.body.id);
    expect(done).toMatchObject({ created: 1, rejected: 1 });
    const problems = await problemsOf(t, partner.apiKey, done.id);
    expect(problems).toMatchObject([{ line: 2, column: 'cnic', code: 'invalid_cnic' }]);
  });

  it('dry run applies nothing but reports the counts the real run then gets', async () => {
    const csv = rosterCsv([
      { cnic: newCnic('female'), full_name: 'Dry One', gender: 'F', cohort_code: cohort },
      { cnic: 'nope', full_name: 'Dry Two', gender: 'F', cohort_code: cohort },
    ]);
    const dry = await importCsv(t, partner.apiKey, csv, '?dryRun=true');
    expect(dry).toMatchObject({ status: 'completed', dryRun: true, created: 1, rejected: 1 });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM trainees WHERE full_name = 'Dry One'`,
    );
    expect(n).toBe(0);
    const real = await importCsv(t, partner.apiKey, csv);
    expect(real).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
  });

  it('atomic import with one bad row applies nothing', async () => {
    const csv = rosterCsv([
      { cnic: newCnic('female'), full_name: 'Atomic Good', gender: 'F', cohort_code: cohort },
      { cnic: newCnic('female'), full_name: 'Atomic Bad', gender: 'Q', cohort_code: cohort },
    ]);
    const done = await importCsv(t, partner.apiKey, csv, '?atomic=true');
    expect(done).toMatchObject({ status: 'failed', created: 0, rejected: 1 });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM trainees WHERE full_name = 'Atomic Good'`,
    );
    expect(n).toBe(0);
  });

  it('the same Idempotency-Key returns the first import', async () => {
    const csv = rosterCsv([
      { cnic: newCnic('female'), full_name: 'Idem Potent', gender: 'F', cohort_code: cohort },
    ]);
    const key = `key-${Date.now()}`;
    const a = await uploadCsv(t, partner.apiKey, csv, '', { 'Idempotency-Key': key });
    const b = await uploadCsv(t, partner.apiKey, csv, '', { 'Idempotency-Key': key });
    expect(a.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
  });

  it('keeps partners apart: another partner reads 404 on my import and its errors', async () => {
    const done = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        { cnic: newCnic('female'), full_name: 'Private Row', gender: 'F', cohort_code: cohort },
      ]),
    );
    await t.http().get(`/api/v1/imports/${done.id}`).set('X-API-Key', other.apiKey).expect(404);
    await t
      .http()
      .get(`/api/v1/imports/${done.id}/errors`)
      .set('X-API-Key', other.apiKey)
      .expect(404);
    await t
      .http()
      .post(`/api/v1/imports/${done.id}/cancel`)
      .set('X-API-Key', other.apiKey)
      .expect(404);
    const list = await t.http().get('/api/v1/imports').set('X-API-Key', other.apiKey).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(done.id);
    const mine = await t.http().get('/api/v1/imports').set('X-API-Key', partner.apiKey).expect(200);
    expect(mine.body.items[0].id).toBe(done.id); // newest first
  });

  it('lets staff upload for a partner with ?partner= and serves the template', async () => {
    const coordinator = await createUser(t, 'coordinator', [partner.code]);
    const csv = rosterCsv([
      { cnic: newCnic('female'), full_name: 'Staff Upload', gender: 'F', cohort_code: cohort },
    ]);
    const none = await t
      .http()
      .post('/api/v1/imports')
      .set(bearer(coordinator.token))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(none.status).toBe(400);
    const res = await t
      .http()
      .post(`/api/v1/imports?partner=${partner.code}`)
      .set(bearer(coordinator.token))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(202);
    const outOfScope = await t
      .http()
      .post(`/api/v1/imports?partner=${other.code}`)
      .set(bearer(coordinator.token))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(outOfScope.status).toBe(404);
    const template = await t.http().get('/api/v1/imports/template.csv').expect(200);
    expect(template.headers['content-type']).toMatch(/text\/csv/);
    expect(template.text.split(/\r?\n/)[0]).toMatch(/^cnic,full_name,gender,cohort_code/);
  });

  it('refreshes the planner statistics of the roster tables from a merge session', async () => {
    const session = await MergeSession.open(
      db.createQueryRunner(),
      t.app.get(RosterMergeRepository),
      t.app.get(ImportsRepository),
    );
    try {
      await db.query(`SELECT pg_stat_clear_snapshot()`);
      const before: { n: string }[] = await db.query(
        `SELECT analyze_count::text AS n FROM pg_stat_user_tables WHERE relname = 'enrollments'`,
      );
      await session.analyze();
      const stored: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM enrollments`);
      // The estimate is what ANALYZE just counted (from a sample once the table is large).
      const estimate = await session.estimatedEnrollments();
      expect(Math.abs(estimate - stored[0].n)).toBeLessThanOrEqual(stored[0].n * 0.1);
      // The statistics collector reports the ANALYZE a moment later.
      let after = before;
      for (let i = 0; i < 50 && after[0].n === before[0].n; i++) {
        await new Promise((r) => setTimeout(r, 100));
        await db.query(`SELECT pg_stat_clear_snapshot()`);
        after = await db.query(
          `SELECT analyze_count::text AS n FROM pg_stat_user_tables WHERE relname = 'enrollments'`,
        );
      }
      expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
    } finally {
      await session.close();
    }
  });
});
