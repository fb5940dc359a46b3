// The progress queue's consumer: `recompute-progress` {programId} after a change (deduplicated
// and debounced by the dispatcher), `recompute-all` from the nightly scheduler,
// `recompute-data-quality` {partnerId} after an import of that partner ends. Thin: the
// service does the work.
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JOBS, type JobPayloads, QUEUES } from '../../../core/queue/queue-names';
import { ProgressService } from '../progress.service';

export type RecomputeProgressPayload = JobPayloads[typeof JOBS.recomputeProgress];

// One recompute at a time per worker process: recomputes are database-bound, and jobs for one
// program that pile up during an import collapse into one (see ProgressService).
@Processor(QUEUES.progress, { concurrency: 1 })
export class RecomputeProgressJob extends WorkerHost {
  constructor(private readonly progress: ProgressService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === JOBS.recomputeProgress) {
      const { programId } = job.data as RecomputeProgressPayload;
      return this.progress.recomputeProgram(programId, new Date(job.timestamp));
    }
    if (job.name === JOBS.recomputeAll) return this.progress.recomputeAll();
    if (job.name === JOBS.recomputeDataQuality) {
      const { partnerId } = job.data as JobPayloads[typeof JOBS.recomputeDataQuality];
      return this.progress.recomputeDataQuality(partnerId);
    }
    throw new Error(`unknown job ${job.name} on the progress queue`);
  }
}
