// The floor the import pipeline is measured against: the same CSV `COPY`'d straight into an
// unlogged staging table of text columns, then merged set-based into trainees, enrollments and
// certifications in one transaction (INSERT … ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT
// FROM …), with no validation, no batching and no bookkeeping. The statements name tables and
// columns only, never a key type or an index, so the same text runs on our schema (the "heavy"
// baseline) and on lean-baseline.ts's schema (the "lean" one): one definition of the merge.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ROSTER_COLUMNS } from '../../src/modules/imports/roster/roster-columns';

export interface BaselineRun {
  copySeconds: number;
  mergeSeconds: number;
  totalSeconds: number;
  stagedRows: number;
  trainees: { inserted: number; updated: number };
  enrollments: { inserted: number; updated: number };
  certifications: { inserted: number; updated: number };
  /** Each merge statement's time, for the profile. */
  statements: Record<string, number>;
}

const STAGE = 'bench_roster_stage';

const CREATE_STAGE = `CREATE UNLOGGED TABLE IF NOT EXISTS ${STAGE} (${ROSTER_COLUMNS.map(
  (c) => `${c} text`,
).join(', ')})`;

// The roster's spellings the generator uses: CNIC with or without dashes, a mobile written
// 03XXXXXXXXX (stored E.164), everything else already in its stored form.
const MERGE_TRAINEES = `
  WITH r AS (
    INSERT INTO trainees AS t (cnic, full_name, gender, date_of_birth, province, district, category)
    SELECT replace(s.cnic, '-', ''), s.full_name, lower(s.gender), s.date_of_birth::date,
           s.province, s.district, coalesce(s.category, 'youth')
    FROM ${STAGE} s ORDER BY 1
    ON CONFLICT (cnic) DO UPDATE SET
      full_name = EXCLUDED.full_name, gender = EXCLUDED.gender,
      date_of_birth = coalesce(EXCLUDED.date_of_birth, t.date_of_birth),
      province = coalesce(EXCLUDED.province, t.province),
      district = coalesce(EXCLUDED.district, t.district),
      category = EXCLUDED.category, updated_at = now()
    WHERE (t.full_name, t.gender, t.date_of_birth, t.province, t.district, t.category)
          IS DISTINCT FROM
          (EXCLUDED.full_name, EXCLUDED.gender, coalesce(EXCLUDED.date_of_birth, t.date_of_birth),
           coalesce(EXCLUDED.province, t.province), coalesce(EXCLUDED.district, t.district),
           EXCLUDED.category)
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated FROM r`;

// Contacts are kept per partner (API.md): the uploading partner's own row.
const MERGE_CONTACTS = `
  WITH r AS (
    INSERT INTO trainee_contacts AS k (trainee_id, partner_id, email, phone)
    SELECT t.id, $1, lower(s.email),
           CASE WHEN s.phone LIKE '0%' THEN '+92' || substr(s.phone, 2) ELSE s.phone END
    FROM ${STAGE} s JOIN trainees t ON t.cnic = replace(s.cnic, '-', '')
    WHERE s.email IS NOT NULL OR s.phone IS NOT NULL
    ORDER BY t.id
    ON CONFLICT (trainee_id, partner_id) DO UPDATE SET
      email = coalesce(EXCLUDED.email, k.email), phone = coalesce(EXCLUDED.phone, k.phone),
      updated_at = now()
    WHERE (k.email, k.phone) IS DISTINCT FROM
          (coalesce(EXCLUDED.email, k.email), coalesce(EXCLUDED.phone, k.phone))
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated FROM r`;

// Enrollments joined to the partner's cohorts by code; a completed enrollment is never moved back.
const MERGE_ENROLLMENTS = `
  WITH r AS (
    INSERT INTO enrollments AS e (trainee_id, program_id, cohort_id, partner_id, external_id,
                                  status, progress_pct, enrolled_on, completed_on)
    SELECT t.id, c.program_id, c.id, p.partner_id, s.external_id,
           coalesce(s.status, 'enrolled'),
           CASE WHEN s.status = 'completed' THEN 100 ELSE coalesce(s.progress_pct::smallint, 0) END,
           coalesce(s.enrolled_on::date, current_date), s.completed_on::date
    FROM ${STAGE} s
    JOIN trainees t ON t.cnic = replace(s.cnic, '-', '')
    JOIN cohorts c ON c.code = upper(s.cohort_code)
    JOIN programs p ON p.id = c.program_id AND p.partner_id = $1
    ORDER BY t.id
    ON CONFLICT (trainee_id, program_id) DO UPDATE SET
      cohort_id = EXCLUDED.cohort_id, external_id = coalesce(EXCLUDED.external_id, e.external_id),
      status = CASE WHEN e.status = 'completed' THEN e.status ELSE EXCLUDED.status END,
      progress_pct = CASE WHEN e.status = 'completed' THEN e.progress_pct ELSE EXCLUDED.progress_pct END,
      enrolled_on = EXCLUDED.enrolled_on,
      completed_on = coalesce(EXCLUDED.completed_on, e.completed_on), updated_at = now()
    WHERE (e.cohort_id, e.external_id, e.status, e.progress_pct, e.enrolled_on, e.completed_on)
          IS DISTINCT FROM
          (EXCLUDED.cohort_id, coalesce(EXCLUDED.external_id, e.external_id),
           CASE WHEN e.status = 'completed' THEN e.status ELSE EXCLUDED.status END,
           CASE WHEN e.status = 'completed' THEN e.progress_pct ELSE EXCLUDED.progress_pct END,
           EXCLUDED.enrolled_on, coalesce(EXCLUDED.completed_on, e.completed_on))
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated FROM r`;

const MERGE_CERTIFICATIONS = `
  WITH r AS (
    INSERT INTO certifications AS x (trainee_id, program_id, partner_id, name, certificate_number,
                                     issued_on, verification_code)
    SELECT t.id, c.program_id, p.partner_id, s.certification, s.certificate_number,
           coalesce(s.certified_on::date, s.completed_on::date, current_date),
           replace(gen_random_uuid()::text, '-', '')
    FROM ${STAGE} s
    JOIN trainees t ON t.cnic = replace(s.cnic, '-', '')
    JOIN cohorts c ON c.code = upper(s.cohort_code)
    JOIN programs p ON p.id = c.program_id AND p.partner_id = $1
    WHERE s.certificate_number IS NOT NULL
    ORDER BY s.certificate_number
    ON CONFLICT (partner_id, certificate_number) DO UPDATE SET
      name = EXCLUDED.name, issued_on = EXCLUDED.issued_on, program_id = EXCLUDED.program_id,
      updated_at = now()
    WHERE x.trainee_id = EXCLUDED.trainee_id
      AND (x.name, x.issued_on, x.program_id)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.issued_on, EXCLUDED.program_id)
    RETURNING (xmax = 0) AS inserted)
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated FROM r`;

function seconds(fromNs: bigint): number {
  return Number(process.hrtime.bigint() - fromNs) / 1e9;
}

/** One baseline pass: COPY the file, merge, commit. Run it twice for the unchanged baseline. */
export async function runBaseline(
  url: string,
  csvPath: string,
  partnerId: string,
): Promise<BaselineRun> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the pending query instead
  await client.connect();
  try {
    await client.query(CREATE_STAGE);
    await client.query(`TRUNCATE ${STAGE}`);
    const statements: Record<string, number> = {};
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = process.hrtime.bigint();
      const result = await fn();
      statements[name] = seconds(t0);
      return result;
    };

    const start = process.hrtime.bigint();
    await client.query('BEGIN');
    await timed('copy', () =>
      pipeline(
        createReadStream(csvPath),
        client.query(
          copyFrom(
            `COPY ${STAGE} (${ROSTER_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`,
          ),
        ),
      ),
    );
    const copySeconds = seconds(start);
    const mergeStart = process.hrtime.bigint();
    type Counts = { inserted: number; updated: number };
    const trainees = await timed('trainees upsert', () => client.query<Counts>(MERGE_TRAINEES));
    await timed('contacts upsert', () => client.query(MERGE_CONTACTS, [partnerId]));
    const enrollments = await timed('enrollments upsert', () =>
      client.query<Counts>(MERGE_ENROLLMENTS, [partnerId]),
    );
    const certifications = await timed('certifications upsert', () =>
      client.query<Counts>(MERGE_CERTIFICATIONS, [partnerId]),
    );
    await timed('commit', () => client.query('COMMIT'));
    const mergeSeconds = seconds(mergeStart);
    const staged = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${STAGE}`);
    return {
      copySeconds,
      mergeSeconds,
      totalSeconds: copySeconds + mergeSeconds,
      stagedRows: staged.rows[0].n,
      trainees: trainees.rows[0],
      enrollments: enrollments.rows[0],
      certifications: certifications.rows[0],
      statements,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${STAGE}`).catch(() => undefined);
    await client.end();
  }
}
