// Owns the progress_* tables: set-based recomputation of the precomputed figures that reports
// read. Each recompute reads enrollments, trainees, cohorts and certifications with plain
// SELECTs (MVCC: it never blocks an import) and replaces one program's, one partner's or the
// national figures in one transaction, so a report sees either the old or the new figures.
//
// Locks (transaction-scoped advisory locks): every recompute holds the global key shared and
// its own program / partner / national key exclusively; the full recompute holds the global
// key exclusively. Two workers never write the same figures at once.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const LOCK_GLOBAL = 727_100;
const LOCK_PROGRAM = 727_101;
const LOCK_PARTNER = 727_102;
const LOCK_NATIONAL = 727_103;

type Scope = 'one' | 'all';

const COUNT_COLUMNS = 'enrolled, active, completed, dropped, certified, female';

/**
 * The CTEs `certs` and `e`: the enrollments in scope with what every figure needs (the cohort's
 * track, the trainee's province, `unknown` when not given, and gender, and whether the trainee
 * holds a non-revoked certificate of that program). Shared by the program and partner recomputes.
 */
function enrollmentFacts(columns: string, certWhere: string, where: string): string {
  return `certs AS MATERIALIZED (
      SELECT DISTINCT trainee_id, program_id FROM certifications
      WHERE revoked_at IS NULL ${certWhere}
    ),
    e AS MATERIALIZED (
      SELECT ${columns},
             c.track, coalesce(t.province, 'unknown') AS province, t.gender,
             (ce.trainee_id IS NOT NULL) AS certified
      FROM enrollments e
      JOIN trainees t ON t.id = e.trainee_id
      JOIN cohorts c ON c.id = e.cohort_id
      LEFT JOIN certs ce ON ce.trainee_id = e.trainee_id AND ce.program_id = e.program_id
      ${where}
    )`;
}

/**
 * Program figures. Within one program a trainee has at most one enrollment, so plain counts are
 * distinct-trainee counts and every split (province, gender, track, cohort) is a partition.
 * $1 = program id (scope 'one'), $2 (or $1 for 'all') = first day kept in progress_recent.
 */
export function programSql(scope: Scope): string {
  const one = scope === 'one';
  const certWhere = one ? 'AND program_id = $1' : '';
  const recentParam = one ? '$2' : '$1';
  const dims = (extra: string) => `
    CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(track) = 0 THEN 'track'
         WHEN GROUPING(cohort_id) = 0 THEN 'cohort' ELSE 'total' END,
    CASE WHEN GROUPING(gender) = 0 THEN gender WHEN GROUPING(track) = 0 THEN track
         WHEN GROUPING(cohort_id) = 0 THEN cohort_id::text ELSE '' END${extra}`;
  return `
    WITH ${enrollmentFacts(
      'e.program_id, e.trainee_id, e.status, e.enrolled_on, e.completed_on, e.cohort_id',
      certWhere,
      one ? 'WHERE e.program_id = $1' : '',
    )},
    cells AS (
      INSERT INTO progress_program_cells (program_id, dimension, key, province, ${COUNT_COLUMNS})
      SELECT program_id, ${dims(',')} province,
             count(*),
             count(*) FILTER (WHERE status IN ('enrolled', 'active')),
             count(*) FILTER (WHERE status = 'completed'),
             count(*) FILTER (WHERE status = 'dropped'),
             count(*) FILTER (WHERE certified),
             count(*) FILTER (WHERE gender = 'female')
      FROM e
      GROUP BY GROUPING SETS ((program_id, province), (program_id, province, gender),
                              (program_id, province, track), (program_id, province, cohort_id))
    ),
    month_events AS (
      SELECT program_id, province, date_trunc('month', enrolled_on::timestamp) AS month,
             1 AS enrolled, (status IN ('enrolled', 'active'))::int AS active, 0 AS completed,
             (status = 'dropped')::int AS dropped, 0 AS certified,
             (gender = 'female')::int AS female
      FROM e
      UNION ALL
      SELECT program_id, province, date_trunc('month', completed_on::timestamp), 0, 0, 1, 0, 0, 0
      FROM e WHERE status = 'completed' AND completed_on IS NOT NULL
      UNION ALL
      SELECT e.program_id, e.province, cm.month, 0, 0, 0, 0, 1, 0
      FROM (SELECT DISTINCT trainee_id, program_id, date_trunc('month', issued_on::timestamp) AS month
            FROM certifications WHERE revoked_at IS NULL ${certWhere}) cm
      JOIN e ON e.trainee_id = cm.trainee_id AND e.program_id = cm.program_id
    ),
    months AS (
      INSERT INTO progress_program_cells (program_id, dimension, key, province, ${COUNT_COLUMNS})
      SELECT program_id, 'month', to_char(month, 'YYYY-MM'), province, sum(enrolled), sum(active),
             sum(completed),
             sum(dropped), sum(certified), sum(female)
      FROM month_events GROUP BY program_id, month, province
    ),
    recent AS (
      INSERT INTO progress_recent (program_id, dimension, key, province, day, completed)
      SELECT program_id, ${dims(',')} province, completed_on, count(*)
      FROM e WHERE status = 'completed' AND completed_on >= ${recentParam}::date
      GROUP BY GROUPING SETS (
        (program_id, province, completed_on), (program_id, province, completed_on, gender),
        (program_id, province, completed_on, track), (program_id, province, completed_on, cohort_id))
    ),
    daily_events AS (
      SELECT program_id, enrolled_on AS day, 1 AS enrolled, 0 AS completed, 0 AS certified FROM e
      UNION ALL
      SELECT program_id, completed_on, 0, 1, 0
      FROM e WHERE status = 'completed' AND completed_on IS NOT NULL
      UNION ALL
      SELECT e.program_id, fc.first_issued, 0, 0, 1
      FROM (SELECT trainee_id, program_id, min(issued_on) AS first_issued FROM certifications
            WHERE revoked_at IS NULL ${certWhere} GROUP BY trainee_id, program_id) fc
      JOIN e ON e.trainee_id = fc.trainee_id AND e.program_id = fc.program_id
    ),
    daily AS (
      INSERT INTO progress_daily (program_id, day, enrolled, completed, certified)
      SELECT program_id, day, sum(sum(enrolled)) OVER w, sum(sum(completed)) OVER w,
             sum(sum(certified)) OVER w
      FROM daily_events GROUP BY program_id, day
      WINDOW w AS (PARTITION BY program_id ORDER BY day)
    )
    SELECT count(*)::int AS enrollments FROM e`;
}

/** Partners with several programs: their figures need distinct counts across programs. */
const MULTI_PROGRAM_PARTNERS = `(SELECT partner_id FROM programs GROUP BY partner_id HAVING count(*) > 1)`;

/**
 * Partner figures: distinct trainees across the partner's programs (a trainee in two programs
 * of one partner counts once for it). $1 = partner id (scope 'one'); scope 'all' covers every
 * partner with several programs (the others are copied from their program's cells).
 *
 * Most trainees have one enrollment with a partner: those rows are counted directly (es);
 * only trainees with several (em) go through the per-trainee de-duplication, which is what
 * makes this fast. Both parts are added up per cell in the final INSERT.
 */
export function partnerSql(scope: Scope): string {
  const one = scope === 'one';
  const partnerWhere = one ? '= $1' : `IN ${MULTI_PROGRAM_PARTNERS}`;
  const certWhere = `AND partner_id ${partnerWhere}`;
  const sums = `sum(enrolled), sum(active), sum(completed), sum(dropped), sum(certified),
                sum(female)`;
  const flagCounts = `count(*), count(*) FILTER (WHERE active), count(*) FILTER (WHERE completed),
                      count(*) FILTER (WHERE dropped), count(*) FILTER (WHERE certified),
                      count(*) FILTER (WHERE gender = 'female')`;
  return `
    WITH ${enrollmentFacts(
      'e.partner_id, e.program_id, e.trainee_id, e.status, e.enrolled_on, e.completed_on',
      certWhere,
      `WHERE e.partner_id ${partnerWhere}`,
    )},
    multi AS MATERIALIZED (
      SELECT partner_id, trainee_id FROM e GROUP BY partner_id, trainee_id HAVING count(*) > 1
    ),
    em AS MATERIALIZED (
      SELECT e.* FROM e JOIN multi m ON m.partner_id = e.partner_id AND m.trainee_id = e.trainee_id
    ),
    es AS MATERIALIZED (
      SELECT e.* FROM e
      WHERE NOT EXISTS (SELECT 1 FROM multi m
                        WHERE m.partner_id = e.partner_id AND m.trainee_id = e.trainee_id)
    ),
    cert_months AS MATERIALIZED (
      SELECT DISTINCT trainee_id, program_id, date_trunc('month', issued_on::timestamp) AS month
      FROM certifications WHERE revoked_at IS NULL ${certWhere}
    ),
    by_track AS MATERIALIZED (
      SELECT partner_id, trainee_id, province, gender, track,
             bool_or(status IN ('enrolled', 'active')) AS active,
             bool_or(status = 'completed') AS completed,
             bool_or(status = 'dropped') AS dropped,
             bool_or(certified) AS certified
      FROM em GROUP BY partner_id, trainee_id, province, gender, track
    ),
    by_trainee AS (
      SELECT partner_id, trainee_id, province, gender, bool_or(active) AS active,
             bool_or(completed) AS completed, bool_or(dropped) AS dropped,
             bool_or(certified) AS certified
      FROM by_track GROUP BY partner_id, trainee_id, province, gender
    ),
    month_flags AS (
      SELECT partner_id, province, month, trainee_id, bool_or(enrolled) AS enrolled,
             bool_or(active) AS active, bool_or(completed) AS completed,
             bool_or(dropped) AS dropped, bool_or(certified) AS certified,
             bool_or(female) AS female
      FROM (
        SELECT partner_id, province, date_trunc('month', enrolled_on::timestamp) AS month,
               trainee_id, true AS enrolled, status IN ('enrolled', 'active') AS active,
               false AS completed, status = 'dropped' AS dropped, false AS certified,
               gender = 'female' AS female
        FROM em
        UNION ALL
        SELECT partner_id, province, date_trunc('month', completed_on::timestamp), trainee_id,
               false, false, true, false, false, false
        FROM em WHERE status = 'completed' AND completed_on IS NOT NULL
        UNION ALL
        SELECT em.partner_id, em.province, cm.month, em.trainee_id,
               false, false, false, false, true, false
        FROM cert_months cm
        JOIN em ON em.trainee_id = cm.trainee_id AND em.program_id = cm.program_id
      ) x
      GROUP BY partner_id, province, month, trainee_id
    ),
    parts (partner_id, dimension, key, province, ${COUNT_COLUMNS}) AS (
      SELECT partner_id,
             CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(track) = 0 THEN 'track'
                  ELSE 'total' END,
             CASE WHEN GROUPING(gender) = 0 THEN gender WHEN GROUPING(track) = 0 THEN track
                  ELSE '' END,
             province, count(*), count(*) FILTER (WHERE status IN ('enrolled', 'active')),
             count(*) FILTER (WHERE status = 'completed'),
             count(*) FILTER (WHERE status = 'dropped'), count(*) FILTER (WHERE certified),
             count(*) FILTER (WHERE gender = 'female')
      FROM es
      GROUP BY GROUPING SETS ((partner_id, province), (partner_id, province, gender),
                              (partner_id, province, track))
      UNION ALL
      SELECT partner_id, CASE WHEN GROUPING(gender) = 0 THEN 'gender' ELSE 'total' END,
             CASE WHEN GROUPING(gender) = 0 THEN gender ELSE '' END, province, ${flagCounts}
      FROM by_trainee
      GROUP BY GROUPING SETS ((partner_id, province), (partner_id, province, gender))
      UNION ALL
      SELECT partner_id, 'track', track, province, ${flagCounts}
      FROM by_track GROUP BY partner_id, track, province
      UNION ALL
      SELECT partner_id, 'month', to_char(month, 'YYYY-MM'), province, ${sums}
      FROM (
        SELECT partner_id, province, date_trunc('month', enrolled_on::timestamp) AS month,
               1 AS enrolled, (status IN ('enrolled', 'active'))::int AS active, 0 AS completed,
               (status = 'dropped')::int AS dropped, 0 AS certified,
               (gender = 'female')::int AS female
        FROM es
        UNION ALL
        SELECT partner_id, province, date_trunc('month', completed_on::timestamp), 0, 0, 1, 0, 0, 0
        FROM es WHERE status = 'completed' AND completed_on IS NOT NULL
        UNION ALL
        SELECT es.partner_id, es.province, cm.month, 0, 0, 0, 0, 1, 0
        FROM cert_months cm
        JOIN es ON es.trainee_id = cm.trainee_id AND es.program_id = cm.program_id
      ) single_months
      GROUP BY partner_id, month, province
      UNION ALL
      SELECT partner_id, 'month', to_char(month, 'YYYY-MM'), province,
             count(*) FILTER (WHERE enrolled), count(*) FILTER (WHERE active),
             count(*) FILTER (WHERE completed), count(*) FILTER (WHERE dropped),
             count(*) FILTER (WHERE certified), count(*) FILTER (WHERE female)
      FROM month_flags GROUP BY partner_id, month, province
    )
    INSERT INTO progress_partner_cells (partner_id, dimension, key, province, ${COUNT_COLUMNS})
    SELECT partner_id, dimension, key, province, ${sums}
    FROM parts GROUP BY partner_id, dimension, key, province`;
}

/**
 * A partner with a single program has exactly that program's figures: copied from its cells
 * (then the partner's figures are as fresh as the program's). $1 = partner id (scope 'one').
 */
export function partnerCopySql(scope: Scope): string {
  const where =
    scope === 'one' ? 'p.partner_id = $1' : `p.partner_id NOT IN ${MULTI_PROGRAM_PARTNERS}`;
  return `
    INSERT INTO progress_partner_cells (partner_id, dimension, key, province, ${COUNT_COLUMNS})
    SELECT p.partner_id, c.dimension, c.key, c.province, c.enrolled, c.active, c.completed,
           c.dropped, c.certified, c.female
    FROM progress_program_cells c JOIN programs p ON p.id = c.program_id
    WHERE c.dimension IN ('total', 'gender', 'track', 'month') AND ${where}`;
}

/**
 * Unique trainees across partners (by trainee, i.e. by CNIC identity). $1 = partner ids to
 * restrict to, or NULL for every partner.
 */
export const NATIONAL_SQL = `
  WITH certs AS (
    SELECT DISTINCT trainee_id, program_id FROM certifications
    WHERE revoked_at IS NULL AND ($1::uuid[] IS NULL OR partner_id = ANY($1::uuid[]))
  ),
  per AS (
    SELECT e.trainee_id, min(p.seq) <> max(p.seq) AS shared,
           bool_or(e.status = 'completed') AS completed,
           bool_or(ce.trainee_id IS NOT NULL) AS certified
    FROM enrollments e
    JOIN partners p ON p.id = e.partner_id
    LEFT JOIN certs ce ON ce.trainee_id = e.trainee_id AND ce.program_id = e.program_id
    WHERE ($1::uuid[] IS NULL OR e.partner_id = ANY($1::uuid[]))
    GROUP BY e.trainee_id
  )
  SELECT count(*)::int AS enrolled, (count(*) FILTER (WHERE per.completed))::int AS completed,
         (count(*) FILTER (WHERE per.certified))::int AS certified,
         (count(*) FILTER (WHERE t.gender = 'female'))::int AS female,
         (count(*) FILTER (WHERE per.shared))::int AS "sharedTrainees"
  FROM per JOIN trainees t ON t.id = per.trainee_id`;

export interface NationalCounts {
  enrolled: number;
  completed: number;
  certified: number;
  female: number;
  sharedTrainees: number;
}

export type RecomputeOutcome =
  { status: 'recomputed' | 'skipped'; partnerId: string } | { status: 'missing' };

@Injectable()
export class ProgressRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Replaces one program's figures. Skipped when a recompute that started at or after
   * `notBefore` already covered them (a burst of jobs for one program then costs one run).
   */
  recomputeProgram(
    programId: string,
    recentFrom: string,
    notBefore: Date | null,
  ): Promise<RecomputeOutcome> {
    return this.ds.transaction(async (m) => {
      await this.lockShared(m);
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_PROGRAM, programId]);
      const [program] = (await m.query('SELECT partner_id FROM programs WHERE id = $1', [
        programId,
      ])) as { partner_id: string }[];
      if (!program) return { status: 'missing' };
      const partnerId = program.partner_id;
      if (await this.coveredSince(m, 'progress_programs', 'program_id', programId, notBefore)) {
        return { status: 'skipped', partnerId };
      }
      const startedAt = await this.clockTimestamp(m);
      for (const table of ['progress_program_cells', 'progress_recent', 'progress_daily']) {
        await m.query(`DELETE FROM ${table} WHERE program_id = $1`, [programId]);
      }
      await m.query(programSql('one'), [programId, recentFrom]);
      await m.query(
        `INSERT INTO progress_programs (program_id, recomputed_at, recent_from)
         VALUES ($1, $2, $3)
         ON CONFLICT (program_id) DO UPDATE
           SET recomputed_at = EXCLUDED.recomputed_at, recent_from = EXCLUDED.recent_from`,
        [programId, startedAt, recentFrom],
      );
      return { status: 'recomputed', partnerId };
    });
  }

  /**
   * Replaces one partner's figures: distinct trainees across its programs, or a copy of its
   * only program's cells (then as fresh as that program's: the copy takes its recomputed_at).
   */
  recomputePartner(partnerId: string, notBefore: Date | null): Promise<'recomputed' | 'skipped'> {
    return this.ds.transaction(async (m) => {
      await this.lockShared(m);
      await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_PARTNER, partnerId]);
      if (await this.coveredSince(m, 'progress_partners', 'partner_id', partnerId, notBefore)) {
        return 'skipped';
      }
      const programs = (await m.query('SELECT id FROM programs WHERE partner_id = $1', [
        partnerId,
      ])) as { id: string }[];
      await m.query('DELETE FROM progress_partner_cells WHERE partner_id = $1', [partnerId]);
      let asOf: Date;
      if (programs.length === 1) {
        // The program's lock keeps its cells and recomputed_at still while they are copied.
        await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          LOCK_PROGRAM,
          programs[0].id,
        ]);
        const [program] = (await m.query(
          'SELECT recomputed_at FROM progress_programs WHERE program_id = $1',
          [programs[0].id],
        )) as { recomputed_at: Date }[];
        asOf = program?.recomputed_at ?? (await this.clockTimestamp(m));
        await m.query(partnerCopySql('one'), [partnerId]);
      } else {
        asOf = await this.clockTimestamp(m);
        await m.query(partnerSql('one'), [partnerId]);
      }
      await m.query(
        `INSERT INTO progress_partners (partner_id, recomputed_at) VALUES ($1, $2)
         ON CONFLICT (partner_id) DO UPDATE SET recomputed_at = EXCLUDED.recomputed_at`,
        [partnerId, asOf],
      );
      return 'recomputed';
    });
  }

  /**
   * Replaces the national unique counts. `sharedChanged`: the number of trainees enrolled with
   * more than one partner moved, so other partners' shared counts (data quality) may have too.
   */
  recomputeNational(
    notBefore: Date | null,
  ): Promise<{ status: 'recomputed' | 'skipped'; sharedChanged: boolean }> {
    return this.ds.transaction(async (m) => {
      await this.lockShared(m);
      await m.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_NATIONAL]);
      if (await this.coveredSince(m, 'progress_national', 'id', true, notBefore)) {
        return { status: 'skipped', sharedChanged: false };
      }
      const startedAt = await this.clockTimestamp(m);
      const sharedChanged = await this.writeNational(m, startedAt);
      return { status: 'recomputed', sharedChanged };
    });
  }

  /** Every figure from scratch, in one transaction (the nightly job and the first start). */
  recomputeAll(recentFrom: string): Promise<{ enrollments: number }> {
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_GLOBAL]);
      await this.tuneSession(m);
      const startedAt = await this.clockTimestamp(m);
      for (const table of [
        'progress_program_cells',
        'progress_recent',
        'progress_daily',
        'progress_partner_cells',
      ]) {
        await m.query(`DELETE FROM ${table}`);
      }
      const [{ enrollments }] = (await m.query(programSql('all'), [recentFrom])) as {
        enrollments: number;
      }[];
      await m.query(partnerCopySql('all'));
      await m.query(partnerSql('all'));
      await this.writeNational(m, startedAt);
      await m.query(
        `INSERT INTO progress_programs (program_id, recomputed_at, recent_from)
         SELECT id, $1, $2 FROM programs
         ON CONFLICT (program_id) DO UPDATE
           SET recomputed_at = EXCLUDED.recomputed_at, recent_from = EXCLUDED.recent_from`,
        [startedAt, recentFrom],
      );
      await m.query(
        `INSERT INTO progress_partners (partner_id, recomputed_at) SELECT id, $1 FROM partners
         ON CONFLICT (partner_id) DO UPDATE SET recomputed_at = EXCLUDED.recomputed_at`,
        [startedAt],
      );
      return { enrollments };
    });
  }

  /** True once any figures exist (the first start of a worker fills them otherwise). */
  async hasNationalFigures(): Promise<boolean> {
    const rows = (await this.ds.query('SELECT 1 FROM progress_national')) as unknown[];
    return rows.length > 0;
  }

  /** Writes the national row; answers whether its shared-trainee count changed. */
  private async writeNational(m: EntityManager, startedAt: Date): Promise<boolean> {
    const [n] = (await m.query(NATIONAL_SQL, [null])) as NationalCounts[];
    const before = (await m.query('SELECT shared_trainees FROM progress_national')) as {
      shared_trainees: number;
    }[];
    await m.query(
      `INSERT INTO progress_national
         (id, recomputed_at, enrolled, completed, certified, female, shared_trainees)
       VALUES (true, $1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET recomputed_at = EXCLUDED.recomputed_at,
         enrolled = EXCLUDED.enrolled, completed = EXCLUDED.completed,
         certified = EXCLUDED.certified, female = EXCLUDED.female,
         shared_trainees = EXCLUDED.shared_trainees`,
      [startedAt, n.enrolled, n.completed, n.certified, n.female, n.sharedTrainees],
    );
    return before[0]?.shared_trainees !== Number(n.sharedTrainees);
  }

  /** Every recompute but the full one: shared global lock, then the session settings. */
  private async lockShared(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock_shared($1, 0)', [LOCK_GLOBAL]);
    await this.tuneSession(m);
  }

  /**
   * Aggregations over hundreds of thousands of rows: enough memory to hash instead of spilling
   * to disk; no JIT (it costs more to compile than it saves here); no parallel workers (the
   * planner's parallel plans for these CTEs repeat work in every worker: measured slower); no
   * merge joins (below).
   */
  private async tuneSession(m: EntityManager): Promise<void> {
    await m.query(`SET LOCAL work_mem = '128MB'`);
    await m.query('SET LOCAL jit = off');
    await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
    // CTE row estimates are poor, and merge joins over hundreds of thousands of uuid pairs
    // sort them; hash joins are what these statements need (measured ~1 s faster at 500k).
    await m.query('SET LOCAL enable_mergejoin = off');
  }

  private async clockTimestamp(m: EntityManager): Promise<Date> {
    const [{ t }] = (await m.query('SELECT clock_timestamp() AS t')) as { t: Date }[];
    return t;
  }

  private async coveredSince(
    m: EntityManager,
    table: string,
    idColumn: string,
    id: string | boolean,
    notBefore: Date | null,
  ): Promise<boolean> {
    if (notBefore === null) return false;
    const rows = (await m.query(
      `SELECT 1 FROM ${table} WHERE ${idColumn} = $1 AND recomputed_at >= $2`,
      [id, notBefore],
    )) as unknown[];
    return rows.length > 0;
  }
}
