// The bad-input matrix: a hand-written roster (test/fixtures/bad-rows.csv: BOM, CRLF, blank
// trailing lines, Urdu, quoted commas, and one row per kind of fault) must come back with the
// exact line, column and code of every problem, and apply exactly the good rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createPartner, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { newCnic, rosterCsv } from '../factories/rosters';
import { importCsv, problemsOf } from '../helpers/imports';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('roster bad-input matrix', () => {
  let t: TestApp;
  let db: DataSource;
  let partner: TestPartner;
  let cohort: string;
  let otherCohort: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    partner = await createPartner(t);
    const other = await createPartner(t);
    cohort = (
      await createCohort(t, {
        programCode: (await createProgram(t, { partnerCode: partner.code })).code,
      })
    ).code;
    otherCohort = (
      await createCohort(t, {
        programCode: (await createProgram(t, { partnerCode: other.code })).code,
      })
    ).code;
  });
  afterAll(() => t.close());

  it('reports every fault of the fixture exactly and applies only the good rows', async () => {
    const csv = readFileSync(join(__dirname, '..', 'fixtures', 'bad-rows.csv'), 'utf8')
      .replaceAll('{{COHORT}}', cohort)
      .replaceAll('{{OTHER_COHORT}}', otherCohort);
    const done = await importCsv(t, partner.apiKey, csv);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 16,
      processedRows: 16,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 13,
      warnings: 1,
    });
    const problems = await problemsOf(t, partner.apiKey, done.id);
    expect(problems.map((p) => [p.line, p.column, p.code, p.severity])).toEqual([
      [4, 'cnic', 'invalid_cnic', 'error'],
      [5, 'gender', 'invalid_gender', 'error'],
      [6, 'province', 'invalid_province', 'error'],
      [6, 'email', 'invalid_email', 'error'],
      [6, 'phone', 'invalid_phone', 'error'],
      [7, 'date_of_birth', 'invalid_date', 'error'],
      [7, 'category', 'invalid_category', 'error'],
      [8, 'progress_pct', 'invalid_progress', 'error'],
      [9, 'full_name', 'invalid_name', 'error'],
      [10, 'district', 'too_long', 'error'],
      [11, 'cohort_code', 'unknown_cohort', 'error'],
      [12, 'cohort_code', 'unknown_cohort', 'error'],
      [13, 'cnic', 'duplicate_in_file', 'error'],
      [14, 'certificate_number', 'incomplete_certification', 'error'],
      [15, 'completed_on', 'invalid_date', 'error'],
      [16, '', 'bad_row', 'error'],
      [17, 'gender', 'gender_cnic_mismatch', 'warning'],
    ]);
    // Another partner's cohort reads exactly like a cohort that does not exist.
    expect(problems[10].message).toBe(problems[11].message);
    // Messages name columns, never the values (personal data).
    const text = problems.map((p) => p.message).join('\n');
    for (const value of ['6110111111124', 'not-an-email', '99999', 'Mars', 'Tab']) {
      expect(text).not.toContain(value);
    }

    const stored = await db.query(
      `SELECT t.cnic, t.full_name, t.gender, t.province, t.district, k.phone, t.category,
              e.status, e.progress_pct, e.completed_on::text AS completed_on
       FROM trainees t JOIN enrollments e ON e.trainee_id = t.id
       LEFT JOIN trainee_contacts k ON k.trainee_id = t.id AND k.partner_id = e.partner_id
       WHERE t.cnic IN ('6110111111112', '6110111111113', '6110111111235') ORDER BY t.cnic`,
    );
    expect(stored).toEqual([
      {
        cnic: '6110111111112',
        full_name: 'عائشہ صدیقہ',
        gender: 'female',
        province: 'PB',
        district: 'Lahore',
        phone: '+923001234567',
        category: 'youth',
        status: 'active',
        progress_pct: 40,
        completed_on: null,
      },
      {
        cnic: '6110111111113',
        full_name: 'Bilal Ahmed',
        gender: 'male',
        province: 'KP',
        district: 'Peshawar, Cantt',
        phone: '+923331234567',
        category: 'professional',
        status: 'completed',
        progress_pct: 100,
        completed_on: '2026-06-30',
      },
      {
        cnic: '6110111111235',
        full_name: 'Mismatch Warning',
        gender: 'female',
        province: null,
        district: null,
        phone: null,
        category: 'youth',
        status: 'enrolled',
        progress_pct: 0,
        completed_on: null,
      },
    ]);
    const [cert] = await db.query(
      `SELECT name, issued_on::text AS issued_on, length(verification_code) > 16 AS has_code
       FROM certifications WHERE certificate_number = 'FX-0001'`,
    );
    expect(cert).toEqual({ name: 'HCIA-AI', issued_on: '2026-07-01', has_code: true });
  });

  it('never moves a completed enrollment back: a warning, status kept, the rest applied', async () => {
    const cnic = newCnic('female');
    const base = { cnic, full_name: 'Done Already', gender: 'F', cohort_code: cohort };
    await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        { ...base, status: 'completed', enrolled_on: '2026-02-01', completed_on: '2026-05-01' },
      ]),
    );
    const back = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([{ ...base, status: 'active', progress_pct: '50', district: 'Multan' }]),
    );
    expect(back).toMatchObject({ created: 0, updated: 1, rejected: 0, warnings: 1 });
    const problems = await problemsOf(t, partner.apiKey, back.id);
    expect(problems).toMatchObject([
      { line: 2, column: 'status', code: 'status_downgrade', severity: 'warning' },
    ]);
    const [row] = await db.query(
      `SELECT e.status, e.progress_pct, e.completed_on::text AS completed_on, t.district
       FROM trainees t JOIN enrollments e ON e.trainee_id = t.id WHERE t.cnic = $1`,
      [cnic],
    );
    expect(row).toEqual({
      status: 'completed',
      progress_pct: 100,
      completed_on: '2026-05-01',
      district: 'Multan',
    });
  });

  it('rejects a certificate number already used for another trainee of the same partner', async () => {
    const number = `CERT-${Date.now()}`;
    const first = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        {
          cnic: newCnic('female'),
          full_name: 'Cert Owner',
          gender: 'F',
          cohort_code: cohort,
          certification: 'HCIA-AI',
          certificate_number: number,
        },
      ]),
    );
    expect(first).toMatchObject({ created: 1, rejected: 0 });
    const second = await importCsv(
      t,
      partner.apiKey,
      rosterCsv([
        {
          cnic: newCnic('female'),
          full_name: 'Cert Thief',
          gender: 'F',
          cohort_code: cohort,
          certification: 'HCIA-AI',
          certificate_number: number,
        },
      ]),
    );
    expect(second).toMatchObject({ created: 0, rejected: 1 });
    const problems = await problemsOf(t, partner.apiKey, second.id);
    expect(problems).toMatchObject([
      { line: 2, column: 'certificate_number', code: 'certificate_conflict' },
    ]);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM trainees WHERE full_name = 'Cert Thief'`,
    );
    expect(n).toBe(0);
  });
});
