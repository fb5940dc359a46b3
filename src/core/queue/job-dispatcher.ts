// The only producer of jobs. Each job's dedup jobId is fixed here, where the job is defined:
// the import id for an import, the program id for a recompute (so a burst makes one job).
// Every enqueue is bounded by REDIS_TIMEOUT_MS: BullMQ's connection waits for Redis forever
// (it must, for workers), so without a bound a request that enqueues would hang while Redis is
// away. A timed-out add is not cancelled: if Redis comes back it may still land, which is
// harmless (same jobId), and an import that never lands is re-enqueued by the reconciler.
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JOBS, QUEUES } from './queue-names';

const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86400 } };

/** The queue did not confirm an enqueue in time (Redis down or too slow). */
export class EnqueueTimeoutError extends Error {
  override readonly name = 'EnqueueTimeoutError';

  constructor(
    readonly job: string,
    readonly timeoutMs: number,
  ) {
    super(`${job} not confirmed by the queue within ${timeoutMs} ms`);
  }
}

/** What a caller that must answer anyway (an upload's 202) can check instead of catching. */
export type EnqueueResult = { queued: true } | { queued: false; reason: string };

@Injectable()
export class JobDispatcher {
  private readonly timeoutMs: number;

  constructor(
    @InjectQueue(QUEUES.imports) private readonly imports: Queue,
    @InjectQueue(QUEUES.progress) private readonly progress: Queue,
    @InjectQueue(QUEUES.webhooks) private readonly webhooks: Queue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutMs = config.redisTimeoutMs;
  }

  private async bounded(job: string, add: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new EnqueueTimeoutError(job, this.timeoutMs)),
        this.timeoutMs,
      );
    });
    // The add keeps running after a timeout; its late failure must not be an unhandled rejection.
    add.catch(() => undefined);
    try {
      await Promise.race([add, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Safe to call again for the same import: BullMQ ignores a second job with the same id.
   * Rejects with EnqueueTimeoutError when the queue does not answer within REDIS_TIMEOUT_MS.
   */
  async enqueueImport(importId: string): Promise<void> {
    await this.bounded(
      JOBS.importRoster,
      this.imports.add(
        JOBS.importRoster,
        { importId },
        {
          jobId: importId,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          ...KEEP,
        },
      ),
    );
  }

  /** enqueueImport that never rejects: `{queued: false}` means the reconciler will enqueue it. */
  async tryEnqueueImport(importId: string): Promise<EnqueueResult> {
    try {
      await this.enqueueImport(importId);
      return { queued: true };
    } catch (err) {
      return { queued: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Debounced per program: changes within the delay collapse into one recompute. Bounded too. */
  async enqueueRecompute(programId: string, delayMs = 500): Promise<void> {
    await this.bounded(
      JOBS.recomputeProgress,
      this.progress.add(
        JOBS.recomputeProgress,
        { programId },
        {
          deduplication: { id: `recompute:${programId}`, ttl: delayMs },
          delay: delayMs,
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          ...KEEP,
        },
      ),
    );
  }

  /**
   * A partner's data-quality figures, after one of its imports ends (whatever the outcome: a
   * fully rejected roster changes no program figure but does change data quality). Debounced
   * per partner like a program recompute. Bounded too.
   */
  async enqueueDataQuality(partnerId: string, delayMs = 500): Promise<void> {
    await this.bounded(
      JOBS.recomputeDataQuality,
      this.progress.add(
        JOBS.recomputeDataQuality,
        { partnerId },
        {
          deduplication: { id: `data-quality:${partnerId}`, ttl: delayMs },
          delay: delayMs,
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          ...KEEP,
        },
      ),
    );
  }

  /**
   * One job per delivery attempt of a webhook event; the attempt is part of the job id, so
   * the outbox poller handing the same attempt over twice makes one job. Retries are
   * scheduled by the delivery itself (a delayed next attempt), recorded in Postgres first.
   */
  async enqueueWebhookDelivery(eventId: string, attempt: number, delayMs = 0): Promise<void> {
    await this.bounded(
      JOBS.deliverWebhook,
      this.webhooks.add(
        JOBS.deliverWebhook,
        { eventId, attempt },
        { jobId: `${eventId}.${attempt}`, delay: delayMs, ...KEEP },
      ),
    );
  }
}
