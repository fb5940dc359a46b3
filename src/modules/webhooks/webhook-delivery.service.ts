// Sends webhook events. The worker makes the scheduled attempts: builds the body from the
// import as the API shows it, signs it (Standard Webhooks), POSTs it, records the attempt, and
// schedules the next attempt on failure (exponential backoff for 24 h). The api makes the
// attempts an admin asks for (a test ping, a redelivery) at once, recorded as manual. At least
// once: a receiver de-duplicates by `webhook-id`, the event id, the same on every attempt.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/auth/actor';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { MetricsService } from '../../core/metrics/metrics.service';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { ImportsRepository } from '../imports/imports.repository';
import { toImportView } from '../imports/imports.service';
import { nextAttemptAt } from './retry-schedule';
import { decryptSecret, standardWebhookHeaders } from './webhook-crypto';
import { postWebhook, type SendResult } from './webhook-sender';
import { type WebhookRow, WebhooksRepository } from './webhooks.repository';

const TIMEOUT_MS = 10_000;

/** A test ping's body: which webhook it is, nothing more. */
function pingBody(webhook: WebhookRow): Buffer {
  return Buffer.from(
    JSON.stringify({
      event: 'ping',
      webhook: { id: webhook.id, partnerCode: webhook.partnerCode },
    }),
  );
}

@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly imports: ImportsRepository,
    private readonly dispatcher: JobDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Hands due outbox rows to the queue; returns how many. */
  async enqueueDue(): Promise<number> {
    const due = await this.webhooks.claimDue(100);
    for (const e of due) await this.dispatcher.enqueueWebhookDelivery(e.id, e.attempt);
    return due.length;
  }

  /** The JSON body of an event; null when the import it tells of is gone. */
  private async bodyOf(
    event: { event: string; importId: string | null },
    webhook: WebhookRow,
  ): Promise<Buffer | null> {
    if (event.event === 'ping') return pingBody(webhook);
    const imp = event.importId ? await this.imports.findById(event.importId) : null;
    if (!imp) return null;
    return Buffer.from(JSON.stringify({ event: event.event, import: toImportView(imp) }));
  }

  /** One signed POST; the timestamp is this attempt's. */
  private send(webhook: WebhookRow, eventId: string, body: Buffer): Promise<SendResult> {
    const secret = decryptSecret(webhook.secretEncrypted, this.config.webhookSecretKey);
    const timestamp = Math.floor(Date.now() / 1000);
    return postWebhook(
      webhook.url,
      body,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'SkillsDriveTracker-Webhooks/1',
        ...standardWebhookHeaders(eventId, timestamp, body, secret),
      },
      { strict: this.config.nodeEnv === 'production', timeoutMs: TIMEOUT_MS },
    );
  }

  async deliver(eventId: string, attempt: number): Promise<void> {
    const event = await this.webhooks.findEvent(eventId);
    // Gone (webhook deleted), finished, or this attempt already made: nothing to do.
    if (!event || event.delivered || event.gaveUp || event.attempts !== attempt - 1) return;
    const webhook = await this.webhooks.findById(event.webhookId);
    if (!webhook) return;
    const body = await this.bodyOf(event, webhook);
    if (!body) return;

    const result = await this.send(webhook, event.id, body);
    const succeeded = result.error === null;
    const next = succeeded
      ? null
      : nextAttemptAt(event.createdAt, new Date(), attempt, this.config.webhookRetryBaseMs);
    const recorded = await this.webhooks.recordAttempt({
      eventId: event.id,
      webhookId: webhook.id,
      attempt,
      ...result,
      succeeded,
      nextAttemptAt: next,
    });
    if (recorded) {
      this.metrics.countWebhookDelivery(succeeded ? 'delivered' : next ? 'failed' : 'gave_up');
    }
    if (!recorded || succeeded) return;
    if (next === null) {
      this.logger.warn(
        `webhook ${webhook.id} event ${event.id}: given up after ${attempt} attempts`,
      );
      return;
    }
    await this.dispatcher.enqueueWebhookDelivery(
      event.id,
      attempt + 1,
      next.getTime() - Date.now(),
    );
  }

  /** Sends a new `ping` event now (one attempt, no retries); the delivery's id, null if gone. */
  async ping(actor: Actor, webhook: WebhookRow): Promise<string | null> {
    const eventId = randomUUID();
    const result = await this.send(webhook, eventId, pingBody(webhook));
    return this.webhooks.recordPing(actor, {
      eventId,
      webhookId: webhook.id,
      ...result,
      succeeded: result.error === null,
    });
  }

  /**
   * Sends an event again now, with its own id and a fresh timestamp (one attempt; a success
   * ends any retries still scheduled). The new delivery's id, or null if the event is gone.
   */
  async redeliver(actor: Actor, webhook: WebhookRow, eventId: string): Promise<string | null> {
    const event = await this.webhooks.findEvent(eventId);
    if (!event || event.webhookId !== webhook.id) return null;
    const body = await this.bodyOf(event, webhook);
    if (!body) return null;
    const result = await this.send(webhook, event.id, body);
    return this.webhooks.recordRedelivery(actor, {
      eventId: event.id,
      webhookId: webhook.id,
      ...result,
      succeeded: result.error === null,
    });
  }
}
