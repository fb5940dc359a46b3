// The only producer of jobs. Each job's dedup jobId is fixed here, where the job is defined:
// the import id for an import, the program id for a recompute (so a burst makes one job).
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from './queue-names';

const KEEP = { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86400 } };

@Injectable()
export class JobDispatcher {
  constructor(
    @InjectQueue(QUEUES.imports) private readonly imports: Queue,
    @InjectQueue(QUEUES.progress) private readonly progress: Queue,
    @InjectQueue(QUEUES.webhooks) private readonly webhooks: Queue,
  ) {}

  /**
   * One job per delivery attempt of a webhook event; the attempt is part of the job id, so
   * the outbox poller handing the same attempt over twice makes one job. Retries are
   * scheduled by the delivery itself (a delayed next attempt), recorded in Postgres first.
   */
  async enqueueWebhookDelivery(eventId: string, attempt: number, delayMs = 0): Promise<void> {
    await this.webhooks.add(
      JOBS.deliverWebhook,
      { eventId, attempt },
      { jobId: `${eventId}.${attempt}`, delay: delayMs, ...KEEP },
    );
  }

  /** Safe to call again for the same import: BullMQ ignores a second job with the same id. */
  async enqueueImport(importId: string): Promise<void> {
    await this.imports.add(
      JOBS.importRoster,
      { importId },
      {
        jobId: importId,
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        ...KEEP,
      },
    );
  }

  /** Debounced per program: changes within the delay collapse into one recompute. */
  async enqueueRecompute(programId: string, delayMs = 500): Promise<void> {
    await this.progress.add(
      JOBS.recomputeProgress,
      { programId },
      {
        deduplication: { id: `recompute:${programId}`, ttl: delayMs },
        delay: delayMs,
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        ...KEEP,
      },
    );
  }
}
