// Delivers one attempt of one webhook event (worker side): builds the body from the import as
// the API shows it, signs it, POSTs it, records the attempt, and schedules the next attempt on
// failure (exponential backoff for 24 h). At least once: a receiver de-duplicates by X-Event-Id.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { ImportsRepository } from '../imports/imports.repository';
import { toImportView } from '../imports/imports.service';
import { nextAttemptAt } from './retry-schedule';
import { decryptSecret, signBody } from './webhook-crypto';
import { postWebhook } from './webhook-sender';
import { WebhooksRepository } from './webhooks.repository';

const TIMEOUT_MS = 10_000;

@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly imports: ImportsRepository,
    private readonly dispatcher: JobDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Hands due outbox rows to the queue; returns how many. */
  async enqueueDue(): Promise<number> {
    const due = await this.webhooks.claimDue(100);
    for (const e of due) await this.dispatcher.enqueueWebhookDelivery(e.id, e.attempt);
    return due.length;
  }

  async deliver(eventId: string, attempt: number): Promise<void> {
    const event = await this.webhooks.findEvent(eventId);
    // Gone (webhook deleted), finished, or this attempt already made: nothing to do.
    if (!event || event.delivered || event.gaveUp || event.attempts !== attempt - 1) return;
    const webhook = await this.webhooks.findById(event.webhookId);
    const imp = await this.imports.findById(event.importId);
    if (!webhook || !imp) return;

    const body = Buffer.from(JSON.stringify({ event: event.event, import: toImportView(imp) }));
    const secret = decryptSecret(webhook.secretEncrypted, this.config.webhookSecretKey);
    const result = await postWebhook(
      webhook.url,
      body,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'SkillsDriveTracker-Webhooks/1',
        'X-Event-Id': event.id,
        'X-Event-Type': event.event,
        'X-Signature': signBody(body, secret),
      },
      { strict: this.config.nodeEnv === 'production', timeoutMs: TIMEOUT_MS },
    );
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
}
