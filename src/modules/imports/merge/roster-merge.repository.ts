// The set-based merge of one batch of valid roster rows. COPY into a session temp table, then
// ONE statement joins it to what is stored (trainee, enrollment, certificate) and computes every
// final value and every rejection; then INSERT … ON CONFLICT DO NOTHING for new rows and
// UPDATE … WHERE … IS DISTINCT FROM for stored ones, so rows that change nothing cost no write.
// Changed rows are noted by line, which gives exact created / updated / unchanged counts.
// Never a save() per row, and no row-by-row UPDATE of the staging table.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { copyIn } from '../../../core/database/copy-in';
import { isUniqueViolation } from '../../../core/database/pg-errors';
import type { MergeBatch } from './merge-session';
import { stagedColumnList, stagedColumnsDdl } from './staged-columns';

interface StageShape {
  newTrainees: number;
  differingTrainees: number;
  newEnrollments: number;
  differingEnrollments: number;
  newCertificates: number;
  differingCertificates: number;
  /** Stored trainees' contacts this partner supplies for the first time (plain INSERT). */
  firstContacts: number;
  /** This partner's stored contacts that change (upsert). */
  changedContacts: number;
  newContacts: number;
  /** Supplied identities this partner has no row for yet (plain INSERT). */
  newConflicts: number;
  /** Its stored rows that change or reopen (upsert). */
  changedConflicts: number;
  conflictCloses: number;
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
  /** Rows whose identity cells differ from a trainee another partner has enrolled (not applied). */
  identityConflicts: { line: number; columns: string[] }[];
  programIds: string[];
}

/**
 * Another transaction inserted one of this batch's new trainees, enrollments, certificates, or
 * a partner's first contact or supplied identity of a stored trainee, between our read and our
 * insert (a unique violation: see insertAbsent). The batch rolls back and is merged again (BatchedRun), where
 * it sees them.
 */
export class ConcurrentMergeError extends Error {
  constructor() {
    super(
      'a concurrent import wrote the same trainee, enrollment or certificate; retrying the batch',
    );
  }
}

const CREATE_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS roster_input (${stagedColumnsDdl()});
  CREATE TEMP TABLE IF NOT EXISTS roster_stage (
    LIKE roster_input,
    trainee_id uuid, enrollment_id uuid, cert_id uuid,
    f_status text, f_progress smallint, f_enrolled_on date, f_completed_on date,
    downgrade boolean NOT NULL, reject_code text, reject_column text,
    trainee_differs boolean NOT NULL, enrollment_differs boolean NOT NULL,
    certificate_differs boolean NOT NULL, contact_differs boolean NOT NULL,
    identity_conflict text[], conflict_write boolean NOT NULL, conflict_close boolean NOT NULL,
    contact_stored boolean NOT NULL, conflict_stored boolean NOT NULL
  );
  CREATE TEMP TABLE IF NOT EXISTS roster_changed (line int NOT NULL);`;

/**
 * The stage: every input row with its stored trainee, enrollment, certificate and this partner's
 * contact, the final enrollment values (a roster never moves a completed enrollment back), and
 * what the database alone can reject (completion before the stored enrollment date; a
 * certificate number that belongs to another trainee, or repeats within the batch).
 *
 * A trainee shared with another partner (an enrollment of another partner exists) keeps its
 * identity: differing identity cells are not applied and the row is flagged `identity_conflict`
 * with the names of the differing columns. Contacts are this partner's own row only.
 */
const BUILD_STAGE = `
  INSERT INTO roster_stage
  SELECT ${stagedColumnList('i')},
         t.id, e.id, c.id, f.status, g.progress, f.enrolled_on, g.completed_on,
         coalesce(e.status = 'completed' AND i.status IS NOT NULL AND i.status <> 'completed', false),
         CASE WHEN g.completed_on < f.enrolled_on THEN 'invalid_date'
              WHEN c.id IS NOT NULL AND c.trainee_id IS DISTINCT FROM t.id THEN 'certificate_conflict'
              WHEN d.n > 1 THEN 'certificate_conflict' END,
         CASE WHEN g.completed_on < f.enrolled_on
                THEN CASE WHEN i.enrolled_on IS NOT NULL THEN 'enrolled_on' ELSE 'completed_on' END
              ELSE 'certificate_number' END,
         -- Whether the stored rows would change: unchanged rows then cost no UPDATE at all.
         coalesce(x.differs AND NOT x.shared, false),
         coalesce((e.cohort_id, e.external_id, e.status, e.progress_pct, e.enrolled_on,
                   e.completed_on)
                  IS DISTINCT FROM
                  (i.cohort_id, coalesce(i.external_id, e.external_id), f.status, g.progress,
                   f.enrolled_on, g.completed_on) AND e.id IS NOT NULL, false),
         coalesce((c.name, c.issued_on, c.program_id)
                  IS DISTINCT FROM (i.cert_name, coalesce(i.certified_on, c.issued_on), i.program_id)
                  AND c.id IS NOT NULL, false),
         t.id IS NOT NULL AND (i.email IS NOT NULL OR i.phone IS NOT NULL)
           AND (k.trainee_id IS NULL
                OR (k.email, k.phone) IS DISTINCT FROM
                   (coalesce(i.email, k.email), coalesce(i.phone, k.phone))),
         cc.columns,
         -- This partner's supplied identity is kept where it differs (identity_conflicts):
         -- written when new or changed, closed when a later row agrees with the record.
         cc.columns IS NOT NULL AND (ic.id IS NULL OR ic.status <> 'open' OR
           (ic.columns, ic.full_name, ic.gender, ic.date_of_birth, ic.province, ic.district,
            ic.category)
           IS DISTINCT FROM
           (cc.columns, i.full_name, i.gender, coalesce(i.dob, ic.date_of_birth),
            coalesce(i.province, ic.province), coalesce(i.district, ic.district),
            coalesce(i.category, ic.category))),
         cc.columns IS NULL AND coalesce(ic.status = 'open', false),
         -- Whether this partner's contact and supplied identity are stored: rows that are not
         -- go in by plain INSERT, which costs a fifth less than an upsert's speculative one.
         k.trainee_id IS NOT NULL, ic.id IS NOT NULL
  FROM roster_input i
  LEFT JOIN (SELECT line, row_number() OVER (PARTITION BY cert_number ORDER BY line) AS n
             FROM roster_input WHERE cert_number IS NOT NULL) d ON d.line = i.line
  LEFT JOIN trainees t ON t.cnic = i.cnic
  LEFT JOIN enrollments e ON e.trainee_id = t.id AND e.program_id = i.program_id
  -- The partner comes from the input row, not from $1: a constant partner lets the planner use
  -- that partner's statistics, and for a partner whose rows arrived since the last ANALYZE it
  -- believes there is about one, materialises them all once and compares every input row with
  -- every one (10,000 x 90,000 contacts: 180 s a batch). A per-row value leaves it only the
  -- unique (trainee_id, partner_id) and (partner_id, certificate_number) indexes to probe. The
  -- certificate probe is a LIMIT 1 lateral so it stays a keyed lookup even when the stage's
  -- unanalysed estimate makes a hash of the whole certifications table look cheaper.
  LEFT JOIN LATERAL (SELECT c.id, c.trainee_id, c.name, c.issued_on, c.program_id
                     FROM certifications c
                     WHERE c.partner_id = i.partner_id AND c.certificate_number = i.cert_number
                     LIMIT 1) c ON true
  LEFT JOIN trainee_contacts k ON k.trainee_id = t.id AND k.partner_id = i.partner_id
  -- A LIMIT 1 lateral too: as a plain join, once this partner had 100,000 conflicts the planner
  -- read all of them and hashed them (150 ms of the batch's 316 ms), a cost that grows with the
  -- table; the unique (trainee_id, partner_id) probe does not.
  LEFT JOIN LATERAL (SELECT ic.id, ic.status, ic.columns, ic.full_name, ic.gender,
                            ic.date_of_birth, ic.province, ic.district, ic.category
                     FROM identity_conflicts ic
                     WHERE ic.trainee_id = t.id AND ic.partner_id = i.partner_id
                     LIMIT 1) ic ON true
  CROSS JOIN LATERAL (SELECT
    (t.full_name, t.gender, t.date_of_birth, t.province, t.district, t.category)
      IS DISTINCT FROM
    (i.full_name, i.gender, coalesce(i.dob, t.date_of_birth), coalesce(i.province, t.province),
     coalesce(i.district, t.district), coalesce(i.category, t.category)) AND t.id IS NOT NULL
      AS differs) x0
  -- Only a row that would change the identity needs to know whether another partner has it.
  -- OFFSET 0 keeps the probe where it is: pulled up, it was copied into each of the four
  -- expressions that read x.shared and ran four times a row.
  CROSS JOIN LATERAL (SELECT x0.differs,
    x0.differs AND EXISTS (SELECT 1 FROM enrollments o
                           WHERE o.trainee_id = t.id AND o.partner_id <> $1) AS shared
    OFFSET 0) x
  CROSS JOIN LATERAL (SELECT
    CASE WHEN e.status = 'completed' THEN 'completed'
         ELSE coalesce(i.status, e.status, 'enrolled') END AS status,
    coalesce(i.enrolled_on, e.enrolled_on, $2::date) AS enrolled_on) f
  CROSS JOIN LATERAL (SELECT
    CASE WHEN f.status = 'completed' THEN 100::smallint
         ELSE coalesce(i.progress_pct, e.progress_pct, 0::smallint) END AS progress,
    CASE WHEN f.status = 'completed'
         THEN coalesce(i.completed_on, e.completed_on, greatest($2::date, f.enrolled_on))
         ELSE e.completed_on END AS completed_on) g
  -- The identity columns this row would change on a trainee another partner has (not applied).
  CROSS JOIN LATERAL (SELECT CASE WHEN x.differs AND x.shared THEN array_remove(ARRAY[
    CASE WHEN i.full_name IS DISTINCT FROM t.full_name THEN 'full_name' END,
    CASE WHEN i.gender IS DISTINCT FROM t.gender THEN 'gender' END,
    CASE WHEN i.dob IS NOT NULL AND i.dob IS DISTINCT FROM t.date_of_birth THEN 'date_of_birth' END,
    CASE WHEN i.province IS NOT NULL AND i.province IS DISTINCT FROM t.province THEN 'province' END,
    CASE WHEN i.district IS NOT NULL AND i.district IS DISTINCT FROM t.district THEN 'district' END,
    CASE WHEN i.category IS NOT NULL AND i.category IS DISTINCT FROM t.category THEN 'category' END
  ], NULL) END AS columns) cc`;

/**
 * Inserts rows the stage found absent. A plain INSERT, not ON CONFLICT: the speculative
 * insertion cost 15-30 % more (EXPLAIN ANALYZE of 10,000 rows: trainees 193-246 ms against
 * 154-189, enrollments 285-292 against 239-255, identity conflicts 288-291 against 227-238,
 * contacts 112-127 against 95-98). Within a batch the keys are unique (a repeated CNIC is a
 * duplicate row, a repeated certificate number a certificate_conflict), so only another import
 * can have inserted one meanwhile: its unique violation aborts the batch's transaction, which
 * rolls back and is merged again (ConcurrentMergeError), where the stage sees that row.
 */
async function insertAbsent(client: PoolClient, sql: string, params?: unknown[]): Promise<void> {
  try {
    await client.query(sql, params);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConcurrentMergeError();
    throw err;
  }
}

const EMPTY: MergeResult = {
  created: 0,
  updated: 0,
  unchanged: 0,
  rejections: [],
  downgradeLines: [],
  identityConflicts: [],
  programIds: [],
};

@Injectable()
export class RosterMergeRepository {
  /** Once per connection: the session's private staging tables. */
  async prepare(client: PoolClient): Promise<void> {
    await client.query(CREATE_TABLES);
  }

  /**
   * Stages and merges one batch inside the caller's transaction. With `simulate`, everything is
   * computed and then rolled back to a savepoint: the dry run's counts are the real run's.
   */
  async mergeBatch(client: PoolClient, batch: MergeBatch, simulate: boolean): Promise<MergeResult> {
    const { importId, partnerId, today, rows } = batch;
    if (rows.length === 0) return EMPTY;
    await client.query('TRUNCATE roster_input, roster_stage, roster_changed');
    // Encoded while the previous batch merged (BatchBuilder.take).
    await copyIn(client, `roster_input (${stagedColumnList()})`, batch.copyData);
    if (simulate) await client.query('SAVEPOINT roster_simulation');
    try {
      // No ANALYZE of the staging table: with MergeSession's planner setting the joins probe
      // indexes anyway, and analysing each batch measured slower (bench:import).
      await client.query(BUILD_STAGE, [partnerId, today]);
      const flagged = await client.query<{
        line: number;
        code: string | null;
        column: string;
        downgrade: boolean;
        identityConflict: string[] | null;
      }>(
        `SELECT line, reject_code AS code, reject_column AS column, downgrade,
                identity_conflict AS "identityConflict"
         FROM roster_stage WHERE reject_code IS NOT NULL OR downgrade OR identity_conflict IS NOT NULL
         ORDER BY line`,
      );
      const rejections = flagged.rows
        .filter((r) => r.code !== null)
        .map((r) => ({ line: r.line, code: r.code as MergeRejection['code'], column: r.column }));
      const downgradeLines = flagged.rows
        .filter((r) => r.code === null && r.downgrade)
        .map((r) => r.line);
      const identityConflicts = flagged.rows
        .filter((r) => r.code === null && r.identityConflict && r.identityConflict.length > 0)
        .map((r) => ({ line: r.line, columns: r.identityConflict as string[] }));

      const shape = await this.shape(client);
      await this.insertTrainees(client, partnerId, shape);
      await this.updateTrainees(client, shape);
      await this.mergeContacts(client, partnerId, shape);
      await this.mergeSuppliedIdentities(client, partnerId, importId, shape);
      await this.mergeEnrollments(client, partnerId, shape);
      await this.mergeCertifications(client, partnerId, today, shape);
      const counts = await this.count(
        client,
        rows.length - rejections.length,
        shape.newEnrollments,
      );
      return { ...counts, rejections, downgradeLines, identityConflicts };
    } finally {
      if (simulate) await client.query('ROLLBACK TO SAVEPOINT roster_simulation');
    }
  }

  /** How many valid rows are new, or stored and differing, per table: idle statements are skipped. */
  private async shape(client: PoolClient): Promise<StageShape> {
    const res = await client.query<StageShape>(
      `SELECT count(*) FILTER (WHERE trainee_id IS NULL)::int AS "newTrainees",
              count(*) FILTER (WHERE trainee_id IS NOT NULL AND trainee_differs)::int
                AS "differingTrainees",
              count(*) FILTER (WHERE enrollment_id IS NULL)::int AS "newEnrollments",
              count(*) FILTER (WHERE enrollment_id IS NOT NULL AND enrollment_differs)::int
                AS "differingEnrollments",
              count(*) FILTER (WHERE cert_number IS NOT NULL AND cert_id IS NULL)::int AS "newCertificates",
              count(*) FILTER (WHERE cert_id IS NOT NULL AND certificate_differs)::int
                AS "differingCertificates",
              count(*) FILTER (WHERE trainee_id IS NOT NULL AND contact_differs
                               AND NOT contact_stored)::int AS "firstContacts",
              count(*) FILTER (WHERE trainee_id IS NOT NULL AND contact_differs
                               AND contact_stored)::int AS "changedContacts",
              count(*) FILTER (WHERE trainee_id IS NULL AND (email IS NOT NULL OR phone IS NOT NULL))::int
                AS "newContacts",
              count(*) FILTER (WHERE conflict_write AND NOT conflict_stored)::int
                AS "newConflicts",
              count(*) FILTER (WHERE conflict_write AND conflict_stored)::int
                AS "changedConflicts",
              count(*) FILTER (WHERE conflict_close)::int AS "conflictCloses"
       FROM roster_stage WHERE reject_code IS NULL`,
    );
    return res.rows[0];
  }

  /** Trainees new to the register, then the contacts they arrive with. */
  private async insertTrainees(
    client: PoolClient,
    partnerId: string,
    shape: StageShape,
  ): Promise<void> {
    if (shape.newTrainees > 0) {
      // Inserted meanwhile by another import: retried, so this row's values are merged into it.
      // Past this statement every new row's trainee is stored under its stage's new_trainee_id.
      await insertAbsent(
        client,
        `INSERT INTO trainees (id, cnic, full_name, gender, date_of_birth, province, district,
                               category)
         SELECT new_trainee_id, cnic, full_name, gender, dob, province, district,
                coalesce(category, 'youth')
         FROM roster_stage WHERE trainee_id IS NULL AND reject_code IS NULL ORDER BY cnic`,
      );
    }
    if (shape.newContacts > 0) {
      // The trainee's id from the stage: no join, to the trainees or to the insert's RETURNING
      // (which planned against the unanalysed stage as a nested loop: 25 s a batch).
      await client.query(
        `INSERT INTO trainee_contacts (trainee_id, partner_id, email, phone)
         SELECT s.new_trainee_id, $1, s.email, s.phone FROM roster_stage s
         WHERE s.trainee_id IS NULL AND s.reject_code IS NULL
           AND (s.email IS NOT NULL OR s.phone IS NOT NULL)`,
        [partnerId],
      );
    }
  }

  /** Stored trainees whose identity cells differ (not shared ones: see identity_conflicts). */
  private async updateTrainees(client: PoolClient, shape: StageShape): Promise<void> {
    if (shape.differingTrainees > 0) {
      // An empty optional cell leaves the stored value: a roster never erases data.
      await client.query(
        `WITH upd AS (
           UPDATE trainees t SET full_name = s.full_name, gender = s.gender,
                  date_of_birth = coalesce(s.dob, t.date_of_birth),
                  province = coalesce(s.province, t.province),
                  district = coalesce(s.district, t.district),
                  category = coalesce(s.category, t.category), updated_at = now()
           FROM roster_stage s
           WHERE t.id = s.trainee_id AND s.reject_code IS NULL AND s.trainee_differs
             AND (t.full_name, t.gender, t.date_of_birth, t.province, t.district, t.category)
                 IS DISTINCT FROM
                 (s.full_name, s.gender, coalesce(s.dob, t.date_of_birth),
                  coalesce(s.province, t.province), coalesce(s.district, t.district),
                  coalesce(s.category, t.category))
           RETURNING s.line)
         INSERT INTO roster_changed SELECT line FROM upd`,
      );
    }
  }

  private async mergeContacts(
    client: PoolClient,
    partnerId: string,
    shape: StageShape,
  ): Promise<void> {
    if (shape.firstContacts + shape.changedContacts === 0) return;
    // This partner's own contact only; an empty cell keeps what it supplied before.
    if (shape.firstContacts > 0) {
      await insertAbsent(
        client,
        `INSERT INTO trainee_contacts (trainee_id, partner_id, email, phone)
         SELECT s.trainee_id, $1, s.email, s.phone FROM roster_stage s
         WHERE s.trainee_id IS NOT NULL AND s.reject_code IS NULL AND s.contact_differs
           AND NOT s.contact_stored
         ORDER BY s.trainee_id`,
        [partnerId],
      );
    }
    if (shape.changedContacts > 0) await this.updateContacts(client, partnerId);
    // The stage computed which contacts differ from what is stored, so those rows changed
    // (counted from the stage: a join back to the unanalysed stage plans as a nested loop).
    await client.query(
      `INSERT INTO roster_changed SELECT line FROM roster_stage
       WHERE trainee_id IS NOT NULL AND reject_code IS NULL AND contact_differs`,
    );
  }

  /** This partner's stored contacts that change: few, so the upsert's cost is small. */
  private async updateContacts(client: PoolClient, partnerId: string): Promise<void> {
    await client.query(
      `INSERT INTO trainee_contacts AS k (trainee_id, partner_id, email, phone)
       SELECT s.trainee_id, $1, s.email, s.phone FROM roster_stage s
       WHERE s.trainee_id IS NOT NULL AND s.reject_code IS NULL AND s.contact_differs
         AND s.contact_stored
       ORDER BY s.trainee_id
       ON CONFLICT (trainee_id, partner_id) DO UPDATE SET
         email = coalesce(EXCLUDED.email, k.email), phone = coalesce(EXCLUDED.phone, k.phone),
         updated_at = now()`,
      [partnerId],
    );
  }

  /**
   * This partner's supplied identity of shared trainees where it differs from the record (what
   * it reads back, and what staff reconcile); a row that now agrees with the record closes it.
   * An empty cell keeps what the partner supplied before, as on the record itself. Neither
   * makes the row `updated`: like a refused downgrade, a refused identity change counts
   * `unchanged` with its warning.
   */
  private async mergeSuppliedIdentities(
    client: PoolClient,
    partnerId: string,
    importId: string,
    shape: StageShape,
  ): Promise<void> {
    const supplied = `SELECT new_conflict_id, trainee_id, $1::uuid, identity_conflict, full_name,
                             gender, dob, province, district, category, $2::uuid, line
                      FROM roster_stage WHERE conflict_write AND reject_code IS NULL`;
    const into = `INTO identity_conflicts AS ic (id, trainee_id, partner_id, columns, full_name,
                                                 gender, date_of_birth, province, district,
                                                 category, import_id, line)`;
    if (shape.newConflicts > 0) {
      await insertAbsent(
        client,
        `INSERT ${into} ${supplied} AND NOT conflict_stored ORDER BY trainee_id`,
        [partnerId, importId],
      );
    }
    if (shape.changedConflicts > 0) {
      // Stored rows whose values change or that reopen: few, so the upsert's cost is small.
      await client.query(
        `INSERT ${into} ${supplied} AND conflict_stored ORDER BY trainee_id
         ON CONFLICT (trainee_id, partner_id) DO UPDATE SET
           columns = EXCLUDED.columns, full_name = EXCLUDED.full_name, gender = EXCLUDED.gender,
           date_of_birth = coalesce(EXCLUDED.date_of_birth, ic.date_of_birth),
           province = coalesce(EXCLUDED.province, ic.province),
           district = coalesce(EXCLUDED.district, ic.district),
           category = coalesce(EXCLUDED.category, ic.category),
           import_id = EXCLUDED.import_id, line = EXCLUDED.line, status = 'open',
           resolution = NULL, resolved_at = NULL, resolved_by_user_id = NULL, updated_at = now()`,
        [partnerId, importId],
      );
    }
    if (shape.conflictCloses === 0) return;
    await client.query(
      `UPDATE identity_conflicts ic SET status = 'resolved', resolution = 'agreed',
              resolved_at = now(), updated_at = now(), import_id = $2, line = s.line
       FROM roster_stage s
       WHERE ic.trainee_id = s.trainee_id AND ic.partner_id = $1 AND ic.status = 'open'
         AND s.conflict_close AND s.reject_code IS NULL`,
      [partnerId, importId],
    );
  }

  private async mergeEnrollments(
    client: PoolClient,
    partnerId: string,
    shape: StageShape,
  ): Promise<void> {
    if (shape.newEnrollments > 0) {
      await insertAbsent(
        client,
        `INSERT INTO enrollments (id, trainee_id, program_id, cohort_id, partner_id, external_id,
                                status, progress_pct, enrolled_on, completed_on)
       SELECT s.new_enrollment_id, coalesce(s.trainee_id, s.new_trainee_id), s.program_id,
              s.cohort_id, $1, s.external_id, s.f_status, s.f_progress, s.f_enrolled_on,
              s.f_completed_on
       FROM roster_stage s
       WHERE s.enrollment_id IS NULL AND s.reject_code IS NULL ORDER BY 2`,
        [partnerId],
      );
    }
    if (shape.differingEnrollments === 0) return;
    // A new cohort_code in the same program moves the enrollment.
    await client.query(
      `WITH upd AS (
         UPDATE enrollments e SET cohort_id = s.cohort_id,
                external_id = coalesce(s.external_id, e.external_id), status = s.f_status,
                progress_pct = s.f_progress, enrolled_on = s.f_enrolled_on,
                completed_on = s.f_completed_on, updated_at = now()
         FROM roster_stage s
         WHERE e.id = s.enrollment_id AND s.reject_code IS NULL AND s.enrollment_differs
           AND (e.cohort_id, e.external_id, e.status, e.progress_pct, e.enrolled_on, e.completed_on)
               IS DISTINCT FROM
               (s.cohort_id, coalesce(s.external_id, e.external_id), s.f_status, s.f_progress,
                s.f_enrolled_on, s.f_completed_on)
         RETURNING s.line)
       INSERT INTO roster_changed SELECT line FROM upd`,
    );
  }

  private async mergeCertifications(
    client: PoolClient,
    partnerId: string,
    today: string,
    shape: StageShape,
  ): Promise<void> {
    if (shape.newCertificates > 0) {
      await insertAbsent(
        client,
        `INSERT INTO certifications (id, trainee_id, program_id, partner_id, name,
                                     certificate_number, issued_on, verification_code)
         SELECT s.new_certificate_id, coalesce(s.trainee_id, s.new_trainee_id), s.program_id, $1,
                s.cert_name, s.cert_number, coalesce(s.certified_on, s.f_completed_on, $2::date),
                s.new_verification_code
         FROM roster_stage s
         WHERE s.cert_number IS NOT NULL AND s.cert_id IS NULL AND s.reject_code IS NULL
         ORDER BY s.cert_number`,
        [partnerId, today],
      );
      // Every new certificate went in (or the statement failed), so its rows changed. (Joining the
      // inserted numbers back to the stage planned as a nested loop: 0.8 s a batch.)
      await client.query(
        `INSERT INTO roster_changed SELECT line FROM roster_stage
         WHERE cert_number IS NOT NULL AND cert_id IS NULL AND reject_code IS NULL`,
      );
    }
    if (shape.differingCertificates === 0) return;
    await client.query(
      `WITH upd AS (
         UPDATE certifications c SET name = s.cert_name,
                issued_on = coalesce(s.certified_on, c.issued_on), program_id = s.program_id,
                updated_at = now()
         FROM roster_stage s
         WHERE c.id = s.cert_id AND s.reject_code IS NULL AND s.certificate_differs
           AND (c.name, c.issued_on, c.program_id)
               IS DISTINCT FROM (s.cert_name, coalesce(s.certified_on, c.issued_on), s.program_id)
         RETURNING s.line)
       INSERT INTO roster_changed SELECT line FROM upd`,
    );
  }

  private async count(
    client: PoolClient,
    valid: number,
    created: number,
  ): Promise<{ created: number; updated: number; unchanged: number; programIds: string[] }> {
    const res = await client.query<{ updated: number; program_ids: string[] | null }>(
      `SELECT (SELECT count(DISTINCT c.line)::int FROM roster_changed c
               JOIN roster_stage s ON s.line = c.line WHERE s.enrollment_id IS NOT NULL) AS updated,
              (SELECT array_agg(DISTINCT p.id::text) FROM (
                 SELECT s.program_id AS id FROM roster_stage s
                 WHERE s.reject_code IS NULL
                   AND (s.enrollment_id IS NULL OR s.line IN (SELECT line FROM roster_changed))
                 UNION
                 -- A changed trainee (province, gender) moves figures of every program it is
                 -- enrolled in, other partners' included.
                 SELECT e.program_id FROM roster_stage s JOIN enrollments e ON e.trainee_id = s.trainee_id
                 WHERE s.trainee_differs AND s.line IN (SELECT line FROM roster_changed)) p)
                AS program_ids`,
    );
    const updated = res.rows[0].updated;
    return {
      created,
      updated,
      unchanged: valid - created - updated,
      programIds: res.rows[0].program_ids ?? [],
    };
  }
}
