// Owns data_quality_partners: how fresh and how clean each partner's data is, recomputed by
// the worker (never on a report read). One set-based statement covers one partner or all of
// them; each partner's row is replaced whole, so a report sees the old or the new figures.
//
// Definitions (README > Data quality): imports and rows are the partner's finished imports
// (completed, failed or cancelled; dry runs excluded) whose finished_at falls in the 30 days
// before the recompute; rejected and warned rows come from their stored counters and problems;
// the missing-field and shared counts are over the distinct trainees enrolled with the partner.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Serialises two recomputes of the same partner's row (advisory lock key). */
const LOCK_DATA_QUALITY = 727_104;

export const DATA_QUALITY_WINDOW_DAYS = 30;
/** How many problem codes a partner's row keeps, most frequent first. */
export const TOP_PROBLEM_CODES = 5;

/** $1 = partner ids (null = every partner), $2 = window start, $3 = recomputed_at. */
export const DATA_QUALITY_SQL = `
  WITH scope AS (
    SELECT id AS partner_id FROM partners WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])
  ),
  pt AS MATERIALIZED (
    SELECT DISTINCT e.partner_id, e.trainee_id
    FROM enrollments e JOIN scope s ON s.partner_id = e.partner_id
  ),
  roster AS (
    SELECT pt.partner_id, count(*) AS trainees,
           count(*) FILTER (WHERE t.date_of_birth IS NULL) AS missing_dob,
           count(*) FILTER (WHERE t.province IS NULL) AS missing_province,
           count(*) FILTER (WHERE nullif(btrim(t.district), '') IS NULL) AS missing_district,
           count(*) FILTER (WHERE c.phone IS NULL) AS missing_phone,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM enrollments o
             WHERE o.trainee_id = pt.trainee_id AND o.partner_id <> pt.partner_id)) AS shared
    FROM pt
    JOIN trainees t ON t.id = pt.trainee_id
    LEFT JOIN trainee_contacts c ON c.trainee_id = pt.trainee_id AND c.partner_id = pt.partner_id
    GROUP BY pt.partner_id
  ),
  recent AS MATERIALIZED (
    SELECT i.id, i.partner_id, i.processed_rows, i.rejected
    FROM imports i JOIN scope s ON s.partner_id = i.partner_id
    WHERE NOT i.dry_run AND i.finished_at IS NOT NULL AND i.finished_at >= $2
      AND i.status IN ('completed', 'failed', 'cancelled')
  ),
  counters AS (
    SELECT partner_id, count(*) AS imports, sum(processed_rows) AS rows, sum(rejected) AS rejected
    FROM recent GROUP BY partner_id
  ),
  warned AS (
    SELECT partner_id, count(*) AS rows
    FROM (SELECT DISTINCT r.partner_id, p.import_id, p.line
          FROM import_problems p JOIN recent r ON r.id = p.import_id
          WHERE p.severity = 'warning') w
    GROUP BY partner_id
  ),
  codes AS (
    SELECT r.partner_id, p.code, count(*) AS n,
           row_number() OVER (PARTITION BY r.partner_id ORDER BY count(*) DESC, p.code) AS rank
    FROM import_problems p JOIN recent r ON r.id = p.import_id
    GROUP BY r.partner_id, p.code
  ),
  top AS (
    SELECT partner_id,
           jsonb_agg(jsonb_build_object('code', code, 'count', n) ORDER BY rank) AS problems
    FROM codes WHERE rank <= ${TOP_PROBLEM_CODES} GROUP BY partner_id
  ),
  last AS (
    SELECT i.partner_id, max(i.finished_at) AS at
    FROM imports i JOIN scope s ON s.partner_id = i.partner_id
    WHERE i.status = 'completed' AND NOT i.dry_run
    GROUP BY i.partner_id
  )
  INSERT INTO data_quality_partners (
    partner_id, recomputed_at, window_from, last_import_at, imports_30d, rows_30d, rejected_30d,
    warned_rows_30d, top_problems, trainees, missing_date_of_birth, missing_province,
    missing_district, missing_phone, shared_trainees)
  SELECT s.partner_id, $3, $2, last.at, coalesce(counters.imports, 0),
         coalesce(counters.rows, 0), coalesce(counters.rejected, 0), coalesce(warned.rows, 0),
         coalesce(top.problems, '[]'::jsonb), coalesce(roster.trainees, 0),
         coalesce(roster.missing_dob, 0), coalesce(roster.missing_province, 0),
         coalesce(roster.missing_district, 0), coalesce(roster.missing_phone, 0),
         coalesce(roster.shared, 0)
  FROM scope s
  LEFT JOIN roster ON roster.partner_id = s.partner_id
  LEFT JOIN counters ON counters.partner_id = s.partner_id
  LEFT JOIN warned ON warned.partner_id = s.partner_id
  LEFT JOIN top ON top.partner_id = s.partner_id
  LEFT JOIN last ON last.partner_id = s.partner_id
  ON CONFLICT (partner_id) DO UPDATE SET
    recomputed_at = EXCLUDED.recomputed_at, window_from = EXCLUDED.window_from,
    last_import_at = EXCLUDED.last_import_at, imports_30d = EXCLUDED.imports_30d,
    rows_30d = EXCLUDED.rows_30d, rejected_30d = EXCLUDED.rejected_30d,
    warned_rows_30d = EXCLUDED.warned_rows_30d, top_problems = EXCLUDED.top_problems,
    trainees = EXCLUDED.trainees, missing_date_of_birth = EXCLUDED.missing_date_of_birth,
    missing_province = EXCLUDED.missing_province, missing_district = EXCLUDED.missing_district,
    missing_phone = EXCLUDED.missing_phone, shared_trainees = EXCLUDED.shared_trainees`;

@Injectable()
export class DataQualityRepository {
  constructor(private readonly ds: DataSource) {}

  /** Replaces the rows of the given partners (null = every partner). */
  recompute(partnerIds: string[] | null): Promise<void> {
    return this.ds.transaction(async (m) => {
      // A whole recompute takes the key 0; one partner's takes its own key and key 0 shared.
      if (partnerIds === null) {
        await m.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_DATA_QUALITY]);
      } else {
        await m.query('SELECT pg_advisory_xact_lock_shared($1, 0)', [LOCK_DATA_QUALITY]);
        for (const id of [...partnerIds].sort()) {
          await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_DATA_QUALITY, id]);
        }
      }
      await m.query(`SET LOCAL work_mem = '64MB'`);
      await m.query('SET LOCAL jit = off');
      const [{ now }] = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[];
      const from = new Date(now.getTime() - DATA_QUALITY_WINDOW_DAYS * 86_400_000);
      await m.query(DATA_QUALITY_SQL, [partnerIds, from, now]);
    });
  }
}
