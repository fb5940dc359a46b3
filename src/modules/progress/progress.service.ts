// Keeps the precomputed progress figures current: one program (plus its partner's and the
// national figures) after a change, or everything at night. Reports only ever read them.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../../core/metrics/metrics.service';
import { addDays, CLOCK, type Clock } from '../../core/clock/clock';
import { DataQualityRepository } from './data-quality.repository';
import { ProgressRepository } from './progress.repository';

/**
 * A job is skipped when a recompute started this long after the job was enqueued: that run
 * saw every change made before the job. The margin absorbs clock skew between machines.
 */
export const SKIP_MARGIN_MS = 1000;

/** progress_recent keeps completions from (today − 29): the 30-day window of any later day. */
export const RECENT_WINDOW_DAYS = 30;

@Injectable()
export class ProgressService {
  private readonly logger = new Logger('Progress');

  constructor(
    private readonly progress: ProgressRepository,
    private readonly dataQuality: DataQualityRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Recomputes one program's figures, then its partner's and the national ones.
   * `changedAt`: when the change was signalled (the job's creation time); work that a later
   * recompute already covered is skipped, so a burst of jobs costs one recompute.
   */
  async recomputeProgram(programId: string, changedAt?: Date): Promise<string> {
    const notBefore = changedAt ? new Date(changedAt.getTime() + SKIP_MARGIN_MS) : null;
    const started = Date.now();
    const program = await this.progress.recomputeProgram(programId, this.recentFrom(), notBefore);
    if (program.status === 'missing') return 'missing';
    const partner = await this.progress.recomputePartner(program.partnerId, notBefore);
    const national = await this.progress.recomputeNational(notBefore);
    // A change to a program's enrollments can change its partner's missing fields and shared
    // trainees too; and when the national count of shared trainees moved, other partners' shared
    // counts did (their trainees were enrolled, or no longer are, with this one), so every
    // partner's row is redone in one statement.
    if (national.sharedChanged) await this.dataQuality.recompute(null);
    else if (partner === 'recomputed') await this.dataQuality.recompute([program.partnerId]);
    const outcome = `program ${program.status}, partner ${partner}, national ${national.status}`;
    this.metrics.observeRecompute('program', (Date.now() - started) / 1000);
    this.logger.log({
      event: 'recompute.finished',
      scope: 'program',
      programId,
      outcome,
      durationMs: Date.now() - started,
      msg: `recompute ${programId}: ${outcome}`,
    });
    return outcome;
  }

  /** Every figure from scratch: the nightly job and a worker's first start. */
  async recomputeAll(): Promise<{ enrollments: number; ms: number }> {
    const started = Date.now();
    const { enrollments } = await this.progress.recomputeAll(this.recentFrom());
    await this.dataQuality.recompute(null);
    const ms = Date.now() - started;
    this.metrics.observeRecompute('all', ms / 1000);
    this.logger.log({
      event: 'recompute.finished',
      scope: 'all',
      enrollments,
      durationMs: ms,
      msg: `full recompute of ${enrollments} enrollments`,
    });
    return { enrollments, ms };
  }

  /** One partner's data-quality figures (after one of its imports ended). */
  async recomputeDataQuality(partnerId: string): Promise<string> {
    const started = Date.now();
    await this.dataQuality.recompute([partnerId]);
    this.logger.log({
      event: 'recompute.finished',
      scope: 'data-quality',
      partnerId,
      durationMs: Date.now() - started,
      msg: `data quality of partner ${partnerId} recomputed`,
    });
    return 'recomputed';
  }

  hasFigures(): Promise<boolean> {
    return this.progress.hasNationalFigures();
  }

  private recentFrom(): string {
    return addDays(this.clock.today(), -(RECENT_WINDOW_DAYS - 1));
  }
}
