import { MigrationInterface, QueryRunner } from 'typeorm';

// The audit log: one row per write through the API, appended in the write's own transaction
// (so a rolled-back write leaves none), and one per import milestone (never one per roster
// row). The end of an import is recorded by a trigger on imports.status, so every code path
// that ends an import (worker, cancel, failed upload) records it in the same transaction; its
// actor is the one who uploaded (copied from the import's `accepted` event).
export class AuditEvents1764600000002 implements MigrationInterface {
  name = 'AuditEvents1764600000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL CHECK (actor_type IN ('user','apiKey','system')),
        actor_id uuid,
        actor_label text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id uuid,
        changes jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, seq);
      CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);
      CREATE INDEX audit_events_at_idx ON audit_events (at);

      CREATE FUNCTION sdt_import_finished() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity, entity_id, changes)
        SELECT coalesce(a.actor_type, 'system'), a.actor_id, a.actor_label, 'finished', 'import', NEW.id,
               jsonb_build_array(
                 jsonb_build_object('field', 'status', 'old', OLD.status, 'new', NEW.status),
                 jsonb_build_object('field', 'totalRows', 'new', NEW.total_rows),
                 jsonb_build_object('field', 'created', 'new', NEW.created),
                 jsonb_build_object('field', 'updated', 'new', NEW.updated),
                 jsonb_build_object('field', 'unchanged', 'new', NEW.unchanged),
                 jsonb_build_object('field', 'rejected', 'new', NEW.rejected),
                 jsonb_build_object('field', 'warnings', 'new', NEW.warnings))
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (
          SELECT actor_type, actor_id, actor_label FROM audit_events
          WHERE entity = 'import' AND entity_id = NEW.id AND action = 'accepted'
          ORDER BY seq LIMIT 1) a ON true;
        RETURN NULL;
      END $$;

      CREATE TRIGGER imports_finished_audit AFTER UPDATE OF status ON imports
        FOR EACH ROW
        WHEN (OLD.status IN ('queued','processing') AND NEW.status IN ('completed','failed','cancelled'))
        EXECUTE FUNCTION sdt_import_finished();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER imports_finished_audit ON imports;
      DROP FUNCTION sdt_import_finished();
      DROP TABLE audit_events;
    `);
  }
}
