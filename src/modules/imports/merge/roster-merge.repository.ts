// The set-based merge of one batch of valid roster rows: COPY into a session temp table, a few
// checks that need the database (stored dates, certificate ownership), then INSERT … ON CONFLICT
// and UPDATE … WHERE … IS DISTINCT FROM, so rows that change nothing cost no write. Counts come
// from flags the statements set on the staged rows. Never a save() per row.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

export interface StagedRow {
  line: number;
  cnic: string;
  fullName: string;
  gender: string;
  dateOfBirth?: string;
  province?: string;
  district?: string;
  email?: string;
  phone?: string;
  category?: string;
  cohortId: string;
  programId: string;
  externalId?: string;
  status?: string;
  progressPct?: number;
  enrolledOn?: string;
  completedOn?: string;
  certName?: string;
  certNumber?: string;
  certifiedOn?: string;
}

export interface MergeRejection {
  line: number;
  code: 'invalid_date' | 'certificate_conflict';
  column: string;
}

export interface MergeResult {
  created: number;
  updated: number;
  unchanged: number;
  rejections: MergeRejection[];
  downgradeLines: number[];
  programIds: string[];
}

const STAGE_COLUMNS = [
  'line',
  'cnic',
  'full_name',
  'gender',
  'dob',
  'province',
  'district',
  'email',
  'phone',
  'category',
  'cohort_id',
  'program_id',
  'external_id',
  'status',
  'progress_pct',
  'enrolled_on',
  'completed_on',
  'cert_name',
  'cert_number',
  'certified_on',
];

const CREATE_STAGE = `
  CREATE TEMP TABLE IF NOT EXISTS roster_stage (
    line int PRIMARY KEY, cnic text NOT NULL, full_name text NOT NULL, gender text NOT NULL,
    dob date, province text, district text, email text, phone text, category text,
    cohort_id uuid NOT NULL, program_id uuid NOT NULL, external_id text, status text,
    progress_pct smallint, enrolled_on date, completed_on date,
    cert_name text, cert_number text, certified_on date,
    trainee_id uuid, enrollment_id uuid,
    e_status text, e_progress smallint, e_enrolled_on date, e_completed_on date,
    f_status text, f_progress smallint, f_enrolled_on date, f_completed_on date,
    downgrade boolean NOT NULL DEFAULT false, reject_code text, reject_column text,
    trainee_changed boolean NOT NULL DEFAULT false, enrollment_new boolean NOT NULL DEFAULT false,
    enrollment_changed boolean NOT NULL DEFAULT false, cert_changed boolean NOT NULL DEFAULT false
  )`;

/** COPY text format: backslash, tab, newline and CR escaped; \N is NULL. */
function copyCell(value: string | number | undefined): string {
  if (value === undefined) return '\\N';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

function copyLine(r: StagedRow): string {
  return (
    [
      r.line,
      r.cnic,
      r.fullName,
      r.gender,
      r.dateOfBirth,
      r.province,
      r.district,
      r.email,
      r.phone,
      r.category,
      r.cohortId,
      r.programId,
      r.externalId,
      r.status,
      r.progressPct,
      r.enrolledOn,
      r.completedOn,
      r.certName,
      r.certNumber,
      r.certifiedOn,
    ]
      .map(copyCell)
      .join('\t') + '\n'
  );
}

@Injectable()
export class RosterMergeRepository {
  /** Once per connection: the session's staging table (unlogged, private to the session). */
  async prepare(client: PoolClient): Promise<void> {
    await client.query(CREATE_STAGE);
  }

  /**
   * Stages and merges one batch inside the caller's transaction. With `simulate`, everything is
   * computed and then rolled back to a savepoint: the dry run's counts are the real run's.
   */
  async mergeBatch(
    client: PoolClient,
    partnerId: string,
    today: string,
    rows: StagedRow[],
    simulate: boolean,
  ): Promise<MergeResult> {
    await client.query('TRUNCATE roster_stage');
    if (rows.length === 0) {
      return {
        created: 0,
        updated: 0,
        unchanged: 0,
        rejections: [],
        downgradeLines: [],
        programIds: [],
      };
    }
    const copy = client.query(
      copyFrom(`COPY roster_stage (${STAGE_COLUMNS.join(',')}) FROM STDIN`),
    );
    await pipeline(Readable.from(rows.map(copyLine)), copy);
    await client.query('ANALYZE roster_stage');
    if (simulate) await client.query('SAVEPOINT roster_simulation');
    try {
      const { rejections, downgradeLines } = await this.checkAgainstStored(
        client,
        partnerId,
        today,
      );
      await this.mergeTrainees(client);
      await this.mergeEnrollments(client, partnerId);
      await this.mergeCertifications(client, partnerId, today);
      const counts = await this.count(client);
      return { ...counts, rejections, downgradeLines };
    } finally {
      if (simulate) await client.query('ROLLBACK TO SAVEPOINT roster_simulation');
    }
  }

  private async checkAgainstStored(
    client: PoolClient,
    partnerId: string,
    today: string,
  ): Promise<{ rejections: MergeRejection[]; downgradeLines: number[] }> {
    await client.query(
      `UPDATE roster_stage s SET trainee_id = t.id FROM trainees t WHERE t.cnic = s.cnic`,
    );
    await client.query(
      `UPDATE roster_stage s SET enrollment_id = e.id, e_status = e.status,
              e_progress = e.progress_pct, e_enrolled_on = e.enrolled_on,
              e_completed_on = e.completed_on
       FROM enrollments e WHERE e.trainee_id = s.trainee_id AND e.program_id = s.program_id`,
    );
    // A roster never moves a completed enrollment back: status kept, a warning, row applied.
    await client.query(
      `UPDATE roster_stage SET
         downgrade = coalesce(e_status = 'completed' AND status IS NOT NULL AND status <> 'completed', false),
         f_status = CASE WHEN e_status = 'completed' THEN 'completed'
                         ELSE coalesce(status, e_status, 'enrolled') END,
         f_enrolled_on = coalesce(enrolled_on, e_enrolled_on, $1::date)`,
      [today],
    );
    await client.query(
      `UPDATE roster_stage SET
         f_progress = CASE WHEN f_status = 'completed' THEN 100
                           ELSE coalesce(progress_pct, e_progress, 0) END,
         f_completed_on = CASE WHEN f_status = 'completed'
                               THEN coalesce(completed_on, e_completed_on, greatest($1::date, f_enrolled_on))
                               ELSE e_completed_on END`,
      [today],
    );
    // Checks only the stored data can answer; the row is rejected, nothing of it applied.
    await client.query(
      `UPDATE roster_stage SET reject_code = 'invalid_date',
              reject_column = CASE WHEN enrolled_on IS NOT NULL THEN 'enrolled_on' ELSE 'completed_on' END
       WHERE f_completed_on IS NOT NULL AND f_completed_on < f_enrolled_on`,
    );
    await client.query(
      `UPDATE roster_stage s SET reject_code = 'certificate_conflict', reject_column = 'certificate_number'
       FROM certifications c
       WHERE s.reject_code IS NULL AND s.cert_number IS NOT NULL AND c.partner_id = $1
         AND c.certificate_number = s.cert_number AND c.trainee_id IS DISTINCT FROM s.trainee_id`,
      [partnerId],
    );
    await client.query(
      `UPDATE roster_stage s SET reject_code = 'certificate_conflict', reject_column = 'certificate_number'
       FROM (SELECT line, row_number() OVER (PARTITION BY cert_number ORDER BY line) AS n
             FROM roster_stage WHERE cert_number IS NOT NULL AND reject_code IS NULL) d
       WHERE d.line = s.line AND d.n > 1`,
    );
    const rejected = await client.query<{ line: number; code: string; column: string }>(
      `DELETE FROM roster_stage WHERE reject_code IS NOT NULL
       RETURNING line, reject_code AS code, reject_column AS column`,
    );
    const downgrades = await client.query<{ line: number }>(
      `SELECT line FROM roster_stage WHERE downgrade ORDER BY line`,
    );
    return {
      rejections: rejected.rows.map((r) => ({
        line: r.line,
        code: r.code as MergeRejection['code'],
        column: r.column,
      })),
      downgradeLines: downgrades.rows.map((r) => r.line),
    };
  }

  private async mergeTrainees(client: PoolClient): Promise<void> {
    await client.query(
      `WITH ins AS (
         INSERT INTO trainees (cnic, full_name, gender, date_of_birth, province, district, email,
                               phone, category)
         SELECT cnic, full_name, gender, dob, province, district, email, phone,
                coalesce(category, 'youth')
         FROM roster_stage WHERE trainee_id IS NULL ORDER BY cnic
         ON CONFLICT (cnic) DO NOTHING RETURNING id, cnic)
       UPDATE roster_stage s SET trainee_id = ins.id, trainee_changed = true
       FROM ins WHERE s.cnic = ins.cnic`,
    );
    // Inserted meanwhile by another import: found now, then merged like any stored trainee.
    await client.query(
      `UPDATE roster_stage s SET trainee_id = t.id FROM trainees t
       WHERE s.trainee_id IS NULL AND t.cnic = s.cnic`,
    );
    // An empty optional cell leaves the stored value: a roster never erases data.
    await client.query(
      `WITH upd AS (
         UPDATE trainees t SET full_name = s.full_name, gender = s.gender,
                date_of_birth = coalesce(s.dob, t.date_of_birth),
                province = coalesce(s.province, t.province),
                district = coalesce(s.district, t.district),
                email = coalesce(s.email, t.email), phone = coalesce(s.phone, t.phone),
                category = coalesce(s.category, t.category), updated_at = now()
         FROM roster_stage s
         WHERE t.id = s.trainee_id AND NOT s.trainee_changed
           AND (t.full_name, t.gender, t.date_of_birth, t.province, t.district, t.email, t.phone,
                t.category)
               IS DISTINCT FROM
               (s.full_name, s.gender, coalesce(s.dob, t.date_of_birth),
                coalesce(s.province, t.province), coalesce(s.district, t.district),
                coalesce(s.email, t.email), coalesce(s.phone, t.phone),
                coalesce(s.category, t.category))
         RETURNING t.id)
       UPDATE roster_stage s SET trainee_changed = true FROM upd WHERE s.trainee_id = upd.id`,
    );
  }

  private async mergeEnrollments(client: PoolClient, partnerId: string): Promise<void> {
    await client.query(
      `WITH ins AS (
         INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, external_id,
                                  status, progress_pct, enrolled_on, completed_on)
         SELECT trainee_id, program_id, cohort_id, $1, external_id, f_status, f_progress,
                f_enrolled_on, f_completed_on
         FROM roster_stage WHERE enrollment_id IS NULL ORDER BY trainee_id
         ON CONFLICT (trainee_id, program_id) DO NOTHING RETURNING id, trainee_id, program_id)
       UPDATE roster_stage s SET enrollment_id = ins.id, enrollment_new = true
       FROM ins WHERE s.trainee_id = ins.trainee_id AND s.program_id = ins.program_id`,
      [partnerId],
    );
    await client.query(
      `UPDATE roster_stage s SET enrollment_id = e.id FROM enrollments e
       WHERE s.enrollment_id IS NULL AND e.trainee_id = s.trainee_id AND e.program_id = s.program_id`,
    );
    // A new cohort_code in the same program moves the enrollment.
    await client.query(
      `WITH upd AS (
         UPDATE enrollments e SET cohort_id = s.cohort_id,
                external_id = coalesce(s.external_id, e.external_id), status = s.f_status,
                progress_pct = s.f_progress, enrolled_on = s.f_enrolled_on,
                completed_on = s.f_completed_on, updated_at = now()
         FROM roster_stage s
         WHERE e.id = s.enrollment_id AND NOT s.enrollment_new
           AND (e.cohort_id, e.external_id, e.status, e.progress_pct, e.enrolled_on, e.completed_on)
               IS DISTINCT FROM
               (s.cohort_id, coalesce(s.external_id, e.external_id), s.f_status, s.f_progress,
                s.f_enrolled_on, s.f_completed_on)
         RETURNING e.id)
       UPDATE roster_stage s SET enrollment_changed = true FROM upd WHERE s.enrollment_id = upd.id`,
    );
  }

  private async mergeCertifications(
    client: PoolClient,
    partnerId: string,
    today: string,
  ): Promise<void> {
    await client.query(
      `WITH ins AS (
         INSERT INTO certifications (trainee_id, program_id, partner_id, name, certificate_number,
                                     issued_on, verification_code)
         SELECT trainee_id, program_id, $1, cert_name, cert_number,
                coalesce(certified_on, f_completed_on, $2::date),
                replace(gen_random_uuid()::text, '-', '')
         FROM roster_stage WHERE cert_number IS NOT NULL ORDER BY cert_number
         ON CONFLICT (partner_id, certificate_number) DO NOTHING RETURNING certificate_number)
       UPDATE roster_stage s SET cert_changed = true FROM ins WHERE s.cert_number = ins.certificate_number`,
      [partnerId, today],
    );
    await client.query(
      `WITH upd AS (
         UPDATE certifications c SET name = s.cert_name,
                issued_on = coalesce(s.certified_on, c.issued_on), program_id = s.program_id,
                updated_at = now()
         FROM roster_stage s
         WHERE s.cert_number IS NOT NULL AND NOT s.cert_changed AND c.partner_id = $1
           AND c.certificate_number = s.cert_number AND c.trainee_id = s.trainee_id
           AND (c.name, c.issued_on, c.program_id)
               IS DISTINCT FROM (s.cert_name, coalesce(s.certified_on, c.issued_on), s.program_id)
         RETURNING c.certificate_number)
       UPDATE roster_stage s SET cert_changed = true FROM upd WHERE s.cert_number = upd.certificate_number`,
      [partnerId],
    );
  }

  private async count(
    client: PoolClient,
  ): Promise<{ created: number; updated: number; unchanged: number; programIds: string[] }> {
    const res = await client.query<{
      created: number;
      updated: number;
      unchanged: number;
      program_ids: string[] | null;
    }>(
      `SELECT count(*) FILTER (WHERE enrollment_new)::int AS created,
              count(*) FILTER (WHERE NOT enrollment_new
                               AND (trainee_changed OR enrollment_changed OR cert_changed))::int AS updated,
              count(*) FILTER (WHERE NOT enrollment_new AND NOT trainee_changed
                               AND NOT enrollment_changed AND NOT cert_changed)::int AS unchanged,
              array_agg(DISTINCT program_id::text) FILTER (WHERE enrollment_new OR trainee_changed
                               OR enrollment_changed OR cert_changed) AS program_ids
       FROM roster_stage`,
    );
    const row = res.rows[0];
    return {
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
      programIds: row.program_ids ?? [],
    };
  }
}
