// Postgres is the truth, Redis only queue state: on start and every RECONCILE_EVERY_SECONDS,
// every import still queued or processing in Postgres gets its job back if Redis lost it.
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../core/config/app-config';
import { JobDispatcher } from '../../../core/queue/job-dispatcher';
import { QUEUES } from '../../../core/queue/queue-names';
import { ImportsRepository } from '../imports.repository';

@Injectable()
export class ImportReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImportReconciler');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly dispatcher: JobDispatcher,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileEverySeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many imports were re-enqueued. */
  async reconcile(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let requeued = 0;
    try {
      for (const id of await this.imports.unfinishedImportIds()) {
        const job = await this.queue.getJob(id);
        if (job) {
          const state = await job.getState();
          if (state !== 'completed' && state !== 'failed') continue;
          // Finished in Redis but not in Postgres: run it again (the runner resumes or no-ops).
          await job.remove().catch(() => undefined);
        }
        await this.dispatcher.enqueueImport(id);
        requeued++;
      }
      if (requeued > 0) this.logger.log(`re-enqueued ${requeued} import(s)`);
    } catch (err) {
      this.logger.warn(`reconcile skipped: ${err instanceof Error ? err.name : 'error'}`);
    } finally {
      this.running = false;
    }
    return requeued;
  }
}
