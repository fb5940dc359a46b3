import { MigrationInterface, QueryRunner } from 'typeorm';

// Webhooks for finished imports. webhook_events is the outbox: the trigger that records an
// import's end (see AuditEvents) now also writes one row per subscribed webhook, in the same
// transaction that ends the import, so a crash before the job is queued loses nothing; a
// worker poller hands unqueued rows to BullMQ. Each delivery attempt is a webhook_deliveries row.
export class Webhooks1764600000003 implements MigrationInterface {
  name = 'Webhooks1764600000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
        url text NOT NULL CHECK (length(url) <= 2000),
        events text[] NOT NULL CHECK (events <@ ARRAY['import.finished'] AND cardinality(events) > 0),
        secret_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhooks_partner_idx ON webhooks (partner_id, seq);

      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event text NOT NULL,
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        delivered_at timestamptz,
        gave_up_at timestamptz
      );
      CREATE INDEX webhook_events_pending_idx ON webhook_events (next_attempt_at)
        WHERE delivered_at IS NULL AND gave_up_at IS NULL;

      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        duration_ms integer NOT NULL,
        error text,
        succeeded boolean NOT NULL
      );
      CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, seq);

      CREATE OR REPLACE FUNCTION sdt_import_finished() RETURNS trigger LANGUAGE plpgsql AS $$
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

        INSERT INTO webhook_events (webhook_id, event, import_id)
        SELECT w.id, 'import.finished', NEW.id FROM webhooks w
        WHERE w.partner_id = NEW.partner_id AND 'import.finished' = ANY (w.events);
        RETURN NULL;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries, webhook_events, webhooks`);
  }
}
