import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Precomputed data-quality figures, one row per partner, owned by modules/progress (written by
 * the worker after a partner's import ends, after each program recompute, and nightly) and read
 * by the data-quality report, which never scans enrollments on a request. Counts only: no
 * personal data. `top_problems` holds at most five `{code, count}` objects.
 */
export class DataQuality1764700000200 implements MigrationInterface {
  name = 'DataQuality1764700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_quality_partners (
        partner_id uuid PRIMARY KEY REFERENCES partners(id) ON DELETE CASCADE,
        recomputed_at timestamptz NOT NULL,
        window_from timestamptz NOT NULL,
        last_import_at timestamptz,
        imports_30d integer NOT NULL,
        rows_30d bigint NOT NULL,
        rejected_30d bigint NOT NULL,
        warned_rows_30d bigint NOT NULL,
        top_problems jsonb NOT NULL DEFAULT '[]',
        trainees integer NOT NULL,
        missing_date_of_birth integer NOT NULL,
        missing_province integer NOT NULL,
        missing_district integer NOT NULL,
        missing_phone integer NOT NULL,
        shared_trainees integer NOT NULL
      );
      -- The 30-day windows read the imports of one partner by finish time.
      CREATE INDEX imports_partner_finished_idx ON imports (partner_id, finished_at)
        WHERE NOT dry_run AND finished_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX imports_partner_finished_idx;
      DROP TABLE data_quality_partners;
    `);
  }
}
