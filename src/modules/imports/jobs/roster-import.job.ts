// The BullMQ consumer for roster imports: a thin shell around RosterImportRunner.
// Job id = import id (set by JobDispatcher), so one import is one job however often enqueued.
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { startupConfig } from '../../../core/config/app-config';
import { JobDispatcher } from '../../../core/queue/job-dispatcher';
import { JOBS, QUEUES, type JobPayloads } from '../../../core/queue/queue-names';
import { ImportsRepository } from '../imports.repository';
import { ImportBusyError, RosterImportRunner } from '../roster-import.runner';

export type RosterImportPayload = JobPayloads[typeof JOBS.importRoster];

// Decorator options are read while modules load: from the config the entry point validated.
const { importJobLockMs: LOCK_MS, importConcurrency: CONCURRENCY } = startupConfig();
const BUSY_RETRY_MS = 5000;

@Processor(QUEUES.imports, {
  concurrency: CONCURRENCY,
  lockDuration: LOCK_MS,
  stalledInterval: LOCK_MS,
  // A worker killed mid-import is not the import's fault: let it be resumed many times.
  maxStalledCount: 10,
})
export class RosterImportJob extends WorkerHost {
  private readonly logger = new Logger('RosterImportJob');

  constructor(
    private readonly runner: RosterImportRunner,
    private readonly imports: ImportsRepository,
    private readonly dispatcher: JobDispatcher,
  ) {
    super();
  }

  async process(job: Job<RosterImportPayload>, token?: string): Promise<void> {
    if (job.name !== JOBS.importRoster) return;
    const { importId } = job.data;
    const started = Date.now();
    this.logger.log({
      event: 'import.started',
      importId,
      attempt: job.attemptsMade + 1,
      msg: `import ${importId} started`,
    });
    try {
      await this.runner.run(importId);
      await this.logOutcome(importId, Date.now() - started);
    } catch (err) {
      // Another worker still holds this import (a stalled job delivered twice): look again
      // later without spending an attempt, so a long import is never failed for being busy.
      if (err instanceof ImportBusyError) {
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      throw err;
    }
  }

  /** One line with the import's counts as stored, when the run left it finished. */
  private async logOutcome(importId: string, durationMs: number): Promise<void> {
    const imp = await this.imports.findById(importId);
    if (!imp || imp.status === 'processing' || imp.status === 'queued') return;
    // Whatever the outcome, the partner's data-quality figures move (a fully rejected roster
    // recomputes no program). Best effort: the nightly recompute catches a lost enqueue.
    if (!imp.dryRun) await this.dispatcher.enqueueDataQuality(imp.partnerId).catch(() => undefined);
    const line = {
      event: 'import.finished',
      importId,
      status: imp.status,
      dryRun: imp.dryRun,
      totalRows: imp.totalRows,
      processedRows: imp.processedRows,
      created: imp.created,
      updated: imp.updated,
      unchanged: imp.unchanged,
      rejected: imp.rejected,
      warnings: imp.warnings,
      durationMs,
      ...(imp.failureReason ? { failureReason: imp.failureReason } : {}),
      msg: `import ${importId} ${imp.status}`,
    };
    if (imp.status === 'failed') this.logger.warn(line);
    else this.logger.log(line);
  }

  /**
   * Out of retries: the import is marked failed (batches already committed stay applied),
   * unless a run still holds it (a stalled job whose worker is alive): that run ends it.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<RosterImportPayload> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    // The reason, not only its class: the message is scrubbed of personal data by the logger,
    // and a Postgres error's code says what the database refused.
    const code = (err as Error & { code?: unknown }).code;
    this.logger.warn({
      event: 'import.attempt_failed',
      importId: job.data.importId,
      attempt: job.attemptsMade,
      attempts,
      error: err.name,
      ...(typeof code === 'string' ? { code } : {}),
      reason: err.message.slice(0, 300),
      msg: `import ${job.data.importId} attempt ${job.attemptsMade}/${attempts} failed: ${err.message.slice(0, 300)}`,
    });
    if (job.attemptsMade >= attempts) {
      // Its own statement, and a no-op while a merge session still holds the import.
      await this.imports
        .failAfterRetries(
          job.data.importId,
          'the import stopped after repeated internal errors; rows already applied stay applied, upload again to finish',
        )
        .catch(() => undefined);
      const imp = await this.imports.findById(job.data.importId).catch(() => null);
      if (imp && !imp.dryRun) {
        await this.dispatcher.enqueueDataQuality(imp.partnerId).catch(() => undefined);
      }
    }
  }
}
