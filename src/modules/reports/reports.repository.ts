// Reads the precomputed progress_* tables (written by modules/progress) and the small
// catalogue tables. Never scans enrollments, except liveNationalCounts, which reads only the
// enrollments of a coordinator's own partners (the one figure that cannot be precomputed for
// every subset of partners).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Counts, ScopeCohort, ScopePartner, ScopeProgram } from './report-rows';

export type CellDimension = 'total' | 'gender' | 'track' | 'cohort' | 'month';

export interface Cell extends Counts {
  scopeId: string;
  key: string;
  province: string;
}

export interface RecentCell {
  programId: string;
  key: string;
  province: string;
  completed: number;
}

export interface DailyPoint {
  day: string;
  enrolled: number;
  completed: number;
  certified: number;
}

/** One partner's precomputed data-quality row (data_quality_partners). */
export interface DataQualityRow {
  partnerId: string;
  partnerCode: string;
  recomputedAt: Date | null;
  lastImportAt: Date | null;
  imports30d: number;
  rows30d: number;
  rejected30d: number;
  warnedRows30d: number;
  topProblems: { code: string; count: number }[];
  missingDateOfBirth: number;
  missingProvince: number;
  missingDistrict: number;
  missingPhone: number;
  sharedTrainees: number;
}

export interface NationalFigures {
  enrolled: number;
  completed: number;
  certified: number;
  female: number;
}

export interface NationalRow extends NationalFigures {
  sharedTrainees: number;
  recomputedAt: Date;
}

const COUNTS = 'enrolled, active, completed, dropped, certified, female';

/**
 * Unique trainees (by trainee, i.e. CNIC identity) and per-partner distinct sums over the
 * given partners, computed live. $1 = partner ids.
 */
const LIVE_NATIONAL_SQL = `
  WITH certs AS (
    SELECT DISTINCT trainee_id, program_id FROM certifications
    WHERE revoked_at IS NULL AND partner_id = ANY($1::uuid[])
  ),
  pt AS (
    SELECT e.partner_id, e.trainee_id, bool_or(e.status = 'completed') AS completed,
           bool_or(ce.trainee_id IS NOT NULL) AS certified
    FROM enrollments e
    LEFT JOIN certs ce ON ce.trainee_id = e.trainee_id AND ce.program_id = e.program_id
    WHERE e.partner_id = ANY($1::uuid[])
    GROUP BY e.partner_id, e.trainee_id
  ),
  per AS (
    SELECT trainee_id, count(*) AS partners, count(*) FILTER (WHERE completed) AS completed_with,
           count(*) FILTER (WHERE certified) AS certified_with
    FROM pt GROUP BY trainee_id
  )
  SELECT count(*)::int AS enrolled,
         (count(*) FILTER (WHERE completed_with > 0))::int AS completed,
         (count(*) FILTER (WHERE certified_with > 0))::int AS certified,
         (count(*) FILTER (WHERE t.gender = 'female'))::int AS female,
         (count(*) FILTER (WHERE partners > 1))::int AS "sharedTrainees",
         coalesce(sum(partners), 0)::int AS "sumEnrolled",
         coalesce(sum(completed_with), 0)::int AS "sumCompleted",
         coalesce(sum(certified_with), 0)::int AS "sumCertified",
         coalesce(sum(partners) FILTER (WHERE t.gender = 'female'), 0)::int AS "sumFemale"
  FROM per JOIN trainees t ON t.id = per.trainee_id`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  async findPartnerIdByCode(code: string): Promise<string | null> {
    const rows = (await this.ds.query('SELECT id FROM partners WHERE code = $1', [code])) as {
      id: string;
    }[];
    return rows[0]?.id ?? null;
  }

  async findProgramByCode(code: string): Promise<{ id: string; partnerId: string } | null> {
    const rows = (await this.ds.query(
      'SELECT id, partner_id AS "partnerId" FROM programs WHERE code = $1',
      [code],
    )) as { id: string; partnerId: string }[];
    return rows[0] ?? null;
  }

  /** Programs of the given partners (null = all), or the one program, with sub-targets. */
  scopePrograms(partnerIds: string[] | null, programId: string | null): Promise<ScopeProgram[]> {
    return this.ds.query(
      `SELECT p.id, p.code, p.name, p.partner_id AS "partnerId",
              p.target_trainees AS "targetTrainees", p.starts_on::text AS "startsOn",
              p.ends_on::text AS "endsOn", p.tracks,
              coalesce(json_agg(json_build_object('dimension', t.dimension, 'key', t.key,
                                                  'target', t.target))
                       FILTER (WHERE t.id IS NOT NULL), '[]') AS targets
       FROM programs p LEFT JOIN program_targets t ON t.program_id = p.id
       WHERE ($1::uuid[] IS NULL OR p.partner_id = ANY($1::uuid[]))
         AND ($2::uuid IS NULL OR p.id = $2::uuid)
       GROUP BY p.id`,
      [partnerIds, programId],
    );
  }

  /** Partners with their last completed (not dry-run) import: a quiet partner shows. */
  scopePartners(partnerIds: string[]): Promise<ScopePartner[]> {
    return this.ds.query(
      `SELECT pa.id, pa.code, pa.name,
              (SELECT to_char(max(i.finished_at) AT TIME ZONE 'UTC',
                              'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
               FROM imports i
               WHERE i.partner_id = pa.id AND i.status = 'completed' AND NOT i.dry_run)
                 AS "lastImportAt"
       FROM partners pa WHERE pa.id = ANY($1::uuid[])`,
      [partnerIds],
    );
  }

  cohortsOf(programIds: string[]): Promise<ScopeCohort[]> {
    return this.ds.query(
      `SELECT id, code, name, program_id AS "programId" FROM cohorts
       WHERE program_id = ANY($1::uuid[])`,
      [programIds],
    );
  }

  programCells(
    programIds: string[],
    dimension: CellDimension,
    province: string | null,
  ): Promise<Cell[]> {
    return this.ds.query(
      `SELECT program_id AS "scopeId", key, province, ${COUNTS}
       FROM progress_program_cells
       WHERE program_id = ANY($1::uuid[]) AND dimension = $2
         AND ($3::text IS NULL OR province = $3::text)`,
      [programIds, dimension, province],
    );
  }

  /** Partner cells of the given partners (null = every partner). */
  partnerCells(
    partnerIds: string[] | null,
    dimension: Exclude<CellDimension, 'cohort'>,
    province: string | null,
  ): Promise<Cell[]> {
    return this.ds.query(
      `SELECT partner_id AS "scopeId", key, province, ${COUNTS}
       FROM progress_partner_cells
       WHERE ($1::uuid[] IS NULL OR partner_id = ANY($1::uuid[])) AND dimension = $2
         AND ($3::text IS NULL OR province = $3::text)`,
      [partnerIds, dimension, province],
    );
  }

  /** Completions per program and key between two days (inclusive). */
  recentCompletions(
    programIds: string[],
    dimension: Exclude<CellDimension, 'month'>,
    from: string,
    to: string,
    province: string | null,
  ): Promise<RecentCell[]> {
    return this.ds.query(
      `SELECT program_id AS "programId", key, province, sum(completed)::int AS completed
       FROM progress_recent
       WHERE program_id = ANY($1::uuid[]) AND dimension = $2 AND day BETWEEN $3 AND $4
         AND ($5::text IS NULL OR province = $5::text)
       GROUP BY program_id, key, province`,
      [programIds, dimension, from, to, province],
    );
  }

  /** The latest recompute among the given programs and partners (null = never). */
  async lastRecomputedAt(programIds: string[], partnerIds: string[]): Promise<Date | null> {
    const [row] = (await this.ds.query(
      `SELECT greatest(
         (SELECT max(recomputed_at) FROM progress_programs WHERE program_id = ANY($1::uuid[])),
         (SELECT max(recomputed_at) FROM progress_partners WHERE partner_id = ANY($2::uuid[]))
       ) AS at`,
      [programIds, partnerIds],
    )) as { at: Date | null }[];
    return row?.at ?? null;
  }

  async national(): Promise<NationalRow | null> {
    const rows = (await this.ds.query(
      `SELECT enrolled, completed, certified, female, shared_trainees AS "sharedTrainees",
              recomputed_at AS "recomputedAt"
       FROM progress_national`,
    )) as NationalRow[];
    return rows[0] ?? null;
  }

  /** Σ over partners of each partner's distinct-trainee totals (null = every partner). */
  async partnerSums(partnerIds: string[] | null): Promise<NationalFigures> {
    const [row] = (await this.ds.query(
      `SELECT coalesce(sum(enrolled), 0)::int AS enrolled,
              coalesce(sum(completed), 0)::int AS completed,
              coalesce(sum(certified), 0)::int AS certified,
              coalesce(sum(female), 0)::int AS female
       FROM progress_partner_cells
       WHERE dimension = 'total' AND ($1::uuid[] IS NULL OR partner_id = ANY($1::uuid[]))`,
      [partnerIds],
    )) as NationalFigures[];
    return row;
  }

  async liveNationalCounts(partnerIds: string[]): Promise<{
    unique: NationalFigures;
    sums: NationalFigures;
    sharedTrainees: number;
  }> {
    const [r] = (await this.ds.query(LIVE_NATIONAL_SQL, [partnerIds])) as (NationalFigures & {
      sharedTrainees: number;
      sumEnrolled: number;
      sumCompleted: number;
      sumCertified: number;
      sumFemale: number;
    })[];
    return {
      unique: {
        enrolled: r.enrolled,
        completed: r.completed,
        certified: r.certified,
        female: r.female,
      },
      sums: {
        enrolled: r.sumEnrolled,
        completed: r.sumCompleted,
        certified: r.sumCertified,
        female: r.sumFemale,
      },
      sharedTrainees: r.sharedTrainees,
    };
  }

  /**
   * The data-quality rows of the given partners (null = every partner), every partner listed
   * (a partner never recomputed has zeros and recomputedAt null), by partner code.
   */
  dataQuality(partnerIds: string[] | null): Promise<DataQualityRow[]> {
    return this.ds.query(
      `SELECT pa.id AS "partnerId", pa.code AS "partnerCode", q.recomputed_at AS "recomputedAt",
              q.last_import_at AS "lastImportAt", coalesce(q.imports_30d, 0) AS "imports30d",
              coalesce(q.rows_30d, 0)::int AS "rows30d",
              coalesce(q.rejected_30d, 0)::int AS "rejected30d",
              coalesce(q.warned_rows_30d, 0)::int AS "warnedRows30d",
              coalesce(q.top_problems, '[]'::jsonb) AS "topProblems",
              coalesce(q.missing_date_of_birth, 0) AS "missingDateOfBirth",
              coalesce(q.missing_province, 0) AS "missingProvince",
              coalesce(q.missing_district, 0) AS "missingDistrict",
              coalesce(q.missing_phone, 0) AS "missingPhone",
              coalesce(q.shared_trainees, 0) AS "sharedTrainees"
       FROM partners pa LEFT JOIN data_quality_partners q ON q.partner_id = pa.id
       WHERE $1::uuid[] IS NULL OR pa.id = ANY($1::uuid[])
       ORDER BY pa.code`,
      [partnerIds],
    );
  }

  /** Open identity conflicts per partner (a small table: read as it is, not precomputed). */
  async openIdentityConflicts(partnerIds: string[] | null): Promise<Map<string, number>> {
    const rows = (await this.ds.query(
      `SELECT partner_id AS "partnerId", count(*)::int AS n FROM identity_conflicts
       WHERE status = 'open' AND ($1::uuid[] IS NULL OR partner_id = ANY($1::uuid[]))
       GROUP BY partner_id`,
      [partnerIds],
    )) as { partnerId: string; n: number }[];
    return new Map(rows.map((r) => [r.partnerId, r.n]));
  }

  /** Cumulative figures on each day they change, up to `upTo`. */
  daily(programId: string, upTo: string): Promise<DailyPoint[]> {
    return this.ds.query(
      `SELECT day::text AS day, enrolled, completed, certified FROM progress_daily
       WHERE program_id = $1 AND day <= $2 ORDER BY day`,
      [programId, upTo],
    );
  }
}
