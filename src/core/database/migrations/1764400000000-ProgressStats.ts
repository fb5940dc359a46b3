import { MigrationInterface, QueryRunner } from 'typeorm';

// Precomputed progress, owned by modules/progress (written) and modules/reports (read).
// A report reads only these tables (and the small catalogue tables), never enrollments.
//
// Counting unit: a trainee, distinct within a program (program cells) or within a partner
// across its programs (partner cells). Every cell row is split by the trainee's province
// ('unknown' when not given), so a province filter is a WHERE and provinces sum exactly.
// dimension/key: total/'' · gender/<gender> · track/<cohort track> · cohort/<cohort id>
// (program cells only) · month/'YYYY-MM' (enrolled, active, dropped, female by enrolled_on;
// completed by completed_on; certified by issued_on).
export class ProgressStats1764400000000 implements MigrationInterface {
  name = 'ProgressStats1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE progress_program_cells (
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('total','gender','track','cohort','month')),
        key text NOT NULL,
        province text NOT NULL,
        enrolled integer NOT NULL,
        active integer NOT NULL,
        completed integer NOT NULL,
        dropped integer NOT NULL,
        certified integer NOT NULL,
        female integer NOT NULL,
        PRIMARY KEY (program_id, dimension, key, province)
      );

      CREATE TABLE progress_partner_cells (
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('total','gender','track','month')),
        key text NOT NULL,
        province text NOT NULL,
        enrolled integer NOT NULL,
        active integer NOT NULL,
        completed integer NOT NULL,
        dropped integer NOT NULL,
        certified integer NOT NULL,
        female integer NOT NULL,
        PRIMARY KEY (partner_id, dimension, key, province)
      );

      -- Completions per day for projectedAtEnd, kept from (recent_from) on: enough for the
      -- 30-day window of any day on or after the recompute, trimmed by every recompute.
      CREATE TABLE progress_recent (
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('total','gender','track','cohort')),
        key text NOT NULL,
        province text NOT NULL,
        day date NOT NULL,
        completed integer NOT NULL,
        PRIMARY KEY (program_id, dimension, key, province, day)
      );

      -- Cumulative figures by date (enrolled_on, completed_on, issued_on), one row per day
      -- on which one of them changes; the time series fills the days between.
      CREATE TABLE progress_daily (
        program_id uuid NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        day date NOT NULL,
        enrolled integer NOT NULL,
        completed integer NOT NULL,
        certified integer NOT NULL,
        PRIMARY KEY (program_id, day)
      );

      -- When each program's / partner's figures were last recomputed: the report's asOf.
      -- recomputed_at is taken before the recompute reads anything, so every change
      -- committed before it is in the figures.
      CREATE TABLE progress_programs (
        program_id uuid PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
        recomputed_at timestamptz NOT NULL,
        recent_from date NOT NULL
      );

      CREATE TABLE progress_partners (
        partner_id uuid PRIMARY KEY REFERENCES partners(id) ON DELETE CASCADE,
        recomputed_at timestamptz NOT NULL
      );

      -- One row: unique trainees across every partner, and how many are with several.
      CREATE TABLE progress_national (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        recomputed_at timestamptz NOT NULL,
        enrolled integer NOT NULL,
        completed integer NOT NULL,
        certified integer NOT NULL,
        female integer NOT NULL,
        shared_trainees integer NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE progress_national, progress_partners, progress_programs, progress_daily,
        progress_recent, progress_partner_cells, progress_program_cells;
    `);
  }
}
