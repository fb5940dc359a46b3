import { MigrationInterface, QueryRunner } from 'typeorm';

// Three small additions of issue 17:
// - partner_api_keys.label: a name an admin gives a key ("nightly sync"), shown in the list.
// - imports.applied_from_import_id: the dry run an import was applied from
//   (POST /imports/{id}/apply). Unique, so of two applies of one preview racing, exactly one
//   inserts its import and the other meets the constraint (409).
// - imports.upload_deleted_at: when the stored upload (import_chunks) was deleted after its
//   keep time (IMPORT_PREVIEW_KEEP_HOURS for dry runs, IMPORT_UPLOAD_KEEP_DAYS otherwise).
export class ImportApplyAndKeyLabels1764700000101 implements MigrationInterface {
  name = 'ImportApplyAndKeyLabels1764700000101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE partner_api_keys
        ADD COLUMN label text CHECK (label IS NULL OR length(label) BETWEEN 1 AND 100);

      ALTER TABLE imports
        ADD COLUMN applied_from_import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
        ADD COLUMN upload_deleted_at timestamptz;
      CREATE UNIQUE INDEX imports_applied_from_uq ON imports (applied_from_import_id)
        WHERE applied_from_import_id IS NOT NULL;
      -- The sweep's candidates: finished imports whose upload is still stored.
      CREATE INDEX imports_upload_kept_idx ON imports (created_at)
        WHERE upload_deleted_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS imports_upload_kept_idx;
      DROP INDEX IF EXISTS imports_applied_from_uq;
      ALTER TABLE imports DROP COLUMN upload_deleted_at, DROP COLUMN applied_from_import_id;
      ALTER TABLE partner_api_keys DROP COLUMN label;
    `);
  }
}
