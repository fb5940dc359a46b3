import { MigrationInterface, QueryRunner } from 'typeorm';

// Webhook test pings and manual redeliveries (Standard Webhooks round). A `ping` event belongs
// to no import, so an event's import becomes optional for pings only; a delivery made by
// `test` or `redeliver` (not by the retry schedule) is marked `manual`, so its attempt number
// never stands for one of the schedule's. Secrets need no rewrite: see webhook-crypto.ts.
export class WebhookTestAndRedeliver1764700000400 implements MigrationInterface {
  name = 'WebhookTestAndRedeliver1764700000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_events ALTER COLUMN import_id DROP NOT NULL;
      ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_import_check
        CHECK (import_id IS NOT NULL OR event = 'ping');
      ALTER TABLE webhook_deliveries ADD COLUMN manual boolean NOT NULL DEFAULT false;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM webhook_events WHERE import_id IS NULL;
      ALTER TABLE webhook_deliveries DROP COLUMN manual;
      ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_import_check;
      ALTER TABLE webhook_events ALTER COLUMN import_id SET NOT NULL;
    `);
  }
}
