// The worker side of progress: the recompute processor, the nightly full recompute (a BullMQ
// job scheduler, upserted idempotently by every worker at start) and, on a database whose
// figures were never computed, one full recompute right away.
import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../../core/queue/queue-names';
import { RecomputeProgressJob } from './jobs/recompute-progress.job';
import { ProgressModule } from './progress.module';
import { ProgressService } from './progress.service';

export const NIGHTLY_SCHEDULER_ID = 'nightly-recompute-all';
/** 00:30 UTC every day: after midnight, so the 30-day window and pace move with the date. */
export const NIGHTLY_PATTERN = '30 0 * * *';

const KEEP = { removeOnComplete: { age: 7 * 86400, count: 50 }, removeOnFail: { age: 7 * 86400 } };

@Module({
  imports: [ProgressModule],
  providers: [RecomputeProgressJob],
})
export class ProgressJobsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Progress');

  constructor(
    @InjectQueue(QUEUES.progress) private readonly queue: Queue,
    private readonly progress: ProgressService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      NIGHTLY_SCHEDULER_ID,
      { pattern: NIGHTLY_PATTERN, tz: 'UTC' },
      { name: JOBS.recomputeAll, data: {}, opts: { attempts: 3, ...KEEP } },
    );
    if (!(await this.progress.hasFigures())) {
      // A fixed job id: several workers starting together enqueue it once.
      await this.queue.add(JOBS.recomputeAll, {}, { jobId: 'initial-recompute-all', ...KEEP });
      this.logger.log('no progress figures yet: full recompute enqueued');
    }
  }
}
