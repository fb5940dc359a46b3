// Owns webhooks, webhook_events (the outbox) and webhook_deliveries.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { AuditRepository } from '../audit/audit.repository';

export interface WebhookRow {
  id: string;
  seq: string;
  partnerId: string;
  partnerCode: string;
  url: string;
  events: string[];
  secretEncrypted: string;
  createdAt: Date;
}

export interface PendingEvent {
  id: string;
  webhookId: string;
  event: string;
  /** null for a `ping`. */
  importId: string | null;
  createdAt: Date;
  attempts: number;
  delivered: boolean;
  gaveUp: boolean;
}

export interface DeliveryRow {
  id: string;
  seq: string;
  eventId: string;
  event: string;
  importId: string | null;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
  manual: boolean;
}

/** One attempt made on request (a test ping or a redelivery), not by the retry schedule. */
export interface ManualAttempt {
  eventId: string;
  webhookId: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
}

export interface AttemptRecord {
  eventId: string;
  webhookId: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
  /** When the next attempt is due; null with a failure = given up. */
  nextAttemptAt: Date | null;
}

const SELECT_WEBHOOK = `
  SELECT w.id, w.seq::text AS seq, w.partner_id AS "partnerId", p.code AS "partnerCode", w.url,
         w.events, w.secret_encrypted AS "secretEncrypted", w.created_at AS "createdAt"
  FROM webhooks w JOIN partners p ON p.id = w.partner_id`;

const SELECT_DELIVERY = `
  SELECT d.id, d.seq::text AS seq, d.event_id AS "eventId", e.event, e.import_id AS "importId",
         d.attempt, d.attempted_at AS "attemptedAt", d.status_code AS "statusCode",
         d.duration_ms AS "durationMs", d.error, d.succeeded, d.manual
  FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id`;

/** An outbox row handed to the queue is re-handed only if its job has not run this long. */
const REENQUEUE_AFTER = `interval '10 minutes'`;

@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async insert(
    actor: Actor,
    values: { partnerId: string; url: string; events: string[]; secretEncrypted: string },
  ): Promise<string> {
    return this.audit.write(
      {
        actor,
        action: 'created',
        entity: 'webhook',
        changes: [{ field: 'url' }, { field: 'events', new: values.events }, { field: 'secret' }],
      },
      async (em) => {
        const rows: { id: string }[] = await em.query(
          `INSERT INTO webhooks (partner_id, url, events, secret_encrypted)
           VALUES ($1, $2, $3::text[], $4) RETURNING id`,
          [values.partnerId, values.url, values.events, values.secretEncrypted],
        );
        return rows[0].id;
      },
      { idOf: (id) => id },
    );
  }

  async findById(id: string): Promise<WebhookRow | null> {
    const rows: WebhookRow[] = await this.ds.query(`${SELECT_WEBHOOK} WHERE w.id = $1`, [id]);
    return rows[0] ?? null;
  }

  listForPartner(partnerId: string): Promise<WebhookRow[]> {
    return this.ds.query(`${SELECT_WEBHOOK} WHERE w.partner_id = $1 ORDER BY w.seq`, [partnerId]);
  }

  /** Removes the webhook with its pending events and delivery history; false if already gone. */
  async delete(actor: Actor, id: string): Promise<boolean> {
    return this.audit.write(
      { actor, action: 'deleted', entity: 'webhook', entityId: id },
      async (em) => {
        const rows: unknown[] = await em.query(
          `WITH gone AS (DELETE FROM webhooks WHERE id = $1 RETURNING id) SELECT id FROM gone`,
          [id],
        );
        return rows.length > 0;
      },
      { recorded: (deleted) => deleted },
    );
  }

  deliveriesPage(webhookId: string, page: PageRequest): Promise<DeliveryRow[]> {
    return this.ds.query(
      `${SELECT_DELIVERY}
       WHERE d.webhook_id = $1 AND ($2::bigint IS NULL OR d.seq < $2::bigint)
       ORDER BY d.seq DESC LIMIT $3`,
      [webhookId, page.afterSeq, page.limit + 1],
    );
  }

  /** One delivery of this webhook; null when there is none (another webhook's included). */
  async findDelivery(webhookId: string, deliveryId: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.ds.query(
      `${SELECT_DELIVERY} WHERE d.webhook_id = $1 AND d.id = $2`,
      [webhookId, deliveryId],
    );
    return rows[0] ?? null;
  }

  /**
   * A test ping's event and its one attempt, with the audit event, in one transaction; the
   * event is finished at once (delivered or given up), so the outbox never retries it. Null
   * when the webhook was deleted meanwhile.
   */
  recordPing(actor: Actor, a: ManualAttempt): Promise<string | null> {
    return this.audit.write(
      { actor, action: 'tested', entity: 'webhook', entityId: a.webhookId },
      async (em) => {
        const events: unknown[] = await em.query(
          `INSERT INTO webhook_events (id, webhook_id, event, import_id, attempts, delivered_at, gave_up_at)
           SELECT $1, w.id, 'ping', NULL, 1, CASE WHEN $3 THEN now() END, CASE WHEN NOT $3 THEN now() END
           FROM webhooks w WHERE w.id = $2
           RETURNING id`,
          [a.eventId, a.webhookId, a.succeeded],
        );
        if (events.length === 0) return null;
        return this.insertManualDelivery(em, a, 1);
      },
      { recorded: (id) => id !== null },
    );
  }

  /**
   * A redelivery's attempt, numbered after the event's others; a success also ends the
   * event's retries. Null when the webhook or the event was deleted meanwhile.
   */
  recordRedelivery(actor: Actor, a: ManualAttempt): Promise<string | null> {
    return this.audit.write(
      {
        actor,
        action: 'redelivered',
        entity: 'webhook',
        entityId: a.webhookId,
        changes: [{ field: 'eventId', new: a.eventId }],
      },
      async (em) => {
        const events: { next: number }[] = await em.query(
          // A CTE, so that the driver answers the rows (a bare UPDATE answers a row count too).
          `WITH e AS (
             UPDATE webhook_events
             SET delivered_at = CASE WHEN $3 THEN coalesce(delivered_at, now()) ELSE delivered_at END
             WHERE id = $1 AND webhook_id = $2
             RETURNING id)
           SELECT (SELECT coalesce(max(d.attempt), 0) + 1 FROM webhook_deliveries d
                   WHERE d.event_id = e.id)::int AS next
           FROM e`,
          [a.eventId, a.webhookId, a.succeeded],
        );
        if (events.length === 0) return null;
        return this.insertManualDelivery(em, a, events[0].next);
      },
      { recorded: (id) => id !== null },
    );
  }

  private async insertManualDelivery(
    em: Pick<EntityManager, 'query'>,
    a: ManualAttempt,
    attempt: number,
  ): Promise<string> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO webhook_deliveries
         (webhook_id, event_id, attempt, status_code, duration_ms, error, succeeded, manual)
       VALUES ($1, $2, $3, $4, $5, $6, $7, true) RETURNING id`,
      [a.webhookId, a.eventId, attempt, a.statusCode, a.durationMs, a.error, a.succeeded],
    );
    return rows[0].id;
  }

  /**
   * Outbox rows due for their next attempt and not already with the queue; marks them handed
   * over in the same statement (SKIP LOCKED, so several workers never take the same rows).
   */
  async claimDue(limit: number): Promise<{ id: string; attempt: number }[]> {
    return this.ds.query(
      `WITH due AS (
         SELECT id FROM webhook_events
         WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
           AND (enqueued_at IS NULL OR enqueued_at < now() - ${REENQUEUE_AFTER})
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_events e SET enqueued_at = now() FROM due WHERE e.id = due.id
         RETURNING e.id, e.attempts + 1 AS attempt
       )
       SELECT id, attempt FROM claimed`,
      [limit],
    );
  }

  async findEvent(id: string): Promise<PendingEvent | null> {
    const rows: PendingEvent[] = await this.ds.query(
      `SELECT id, webhook_id AS "webhookId", event, import_id AS "importId",
              created_at AS "createdAt", attempts, delivered_at IS NOT NULL AS delivered,
              gave_up_at IS NOT NULL AS "gaveUp"
       FROM webhook_events WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Records one attempt and the event's new state in one transaction. False when this attempt
   * was already recorded (a duplicate job): the caller then does nothing more.
   */
  async recordAttempt(a: AttemptRecord): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const updated: unknown[] = await em.query(
        `WITH e AS (
           UPDATE webhook_events SET attempts = $2,
             delivered_at = CASE WHEN $3 THEN now() END,
             gave_up_at = CASE WHEN NOT $3 AND $4::timestamptz IS NULL THEN now() END,
             next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
             enqueued_at = CASE WHEN $4::timestamptz IS NULL THEN enqueued_at ELSE $4::timestamptz END
           WHERE id = $1 AND attempts = $2 - 1 AND delivered_at IS NULL AND gave_up_at IS NULL
           RETURNING id)
         SELECT id FROM e`,
        [a.eventId, a.attempt, a.succeeded, a.succeeded ? null : a.nextAttemptAt],
      );
      if (updated.length === 0) return false;
      await em.query(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, attempt, status_code, duration_ms, error, succeeded)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [a.webhookId, a.eventId, a.attempt, a.statusCode, a.durationMs, a.error, a.succeeded],
      );
      return true;
    });
  }
}
