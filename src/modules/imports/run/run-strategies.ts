// The two ways of running an import, side by side, and what they share. BatchedRun commits
// batch by batch (a dry run too, rolling each merge back), so a crash resumes after the last
// committed batch; AtomicRun holds one transaction for the whole file and applies it only if
// no row is rejected. Both merge the next batch only once the one in flight is done
// (MergeAhead), while the runner reads and validates the file.
import { GrowthAnalyzer } from '../merge/growth-analyzer';
import type { BatchCounters, RunSession } from '../merge/merge-session';
import { ConcurrentMergeError, type MergeResult } from '../merge/roster-merge.repository';
import { importerProblems, problem, type Batch, type Problem } from '../roster';
import { MergeAhead } from './merge-ahead';

/** The running import as a strategy sees it. */
export interface RunningImport {
  id: string;
  partnerId: string;
  dryRun: boolean;
  /** The day a missing enrollment or completion date defaults to. */
  today: string;
}

/** Rows counted by outcome (MetricsService in the app, a fake in specs). */
export interface RowMetrics {
  countImportRows(outcome: 'created' | 'updated' | 'unchanged' | 'rejected', rows: number): void;
}

export interface RunLog {
  debug(message: object): void;
}

export interface RunDeps {
  session: RunSession;
  run: RunningImport;
  /** The import's counters as stored when the run started; moved as batches merge. */
  counters: BatchCounters;
  metrics: RowMetrics;
  log: RunLog;
}

export interface RunStrategy {
  /** Programs whose figures the run changed, to recompute. */
  readonly programs: ReadonlySet<string>;
  /** A full batch while the file goes on; 'cancelled' when the import was cancelled first. */
  next(batch: Batch): Promise<'more' | 'cancelled'>;
  /** The file is read: merges its last batch (if any) and waits for every merge. */
  end(batch: Batch | null): Promise<void>;
  /** After end(): stores what only the end can store; 'failed' when it ended the import. */
  conclude(): Promise<'completed' | 'failed'>;
  /** After an error: the merge in flight ends, an open transaction rolls back. */
  abort(): Promise<void>;
}

/** The batch's problems with those only the database could find, in line order. */
function withMergeProblems(problems: Problem[], result: MergeResult): Problem[] {
  const rejectedLines = new Set(result.rejections.map((r) => r.line));
  // A row the database rejects keeps only its error, not its earlier warnings.
  const out = problems.filter((p) => !(p.severity === 'warning' && rejectedLines.has(p.line)));
  for (const r of result.rejections) {
    out.push(
      r.code === 'certificate_conflict'
        ? importerProblems.certificateConflict(r.line)
        : problem(
            r.line,
            r.column,
            'invalid_date',
            `${r.column} would put completion before enrollment for this trainee's stored enrollment`,
          ),
    );
  }
  for (const line of result.downgradeLines) out.push(importerProblems.statusDowngrade(line));
  for (const c of result.identityConflicts) {
    out.push(importerProblems.identityConflict(c.line, c.columns));
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * Merges one batch on the session (inside the strategy's transaction) and adds it to the
 * import's counters, which are stored with the batch: they move only as it commits, so a
 * resumed import counts nothing twice. Returns the merge and the batch's final problems.
 */
async function mergeIntoCounters(
  deps: RunDeps,
  batch: Batch,
): Promise<{ result: MergeResult; problems: Problem[] }> {
  const { session, run, counters } = deps;
  const result = await session.mergeBatch(
    {
      importId: run.id,
      partnerId: run.partnerId,
      today: run.today,
      rows: batch.rows,
      copyData: batch.copyData,
    },
    run.dryRun,
  );
  const problems = withMergeProblems(batch.problems, result);
  counters.created += result.created;
  counters.updated += result.updated;
  counters.unchanged += result.unchanged;
  counters.rejected += batch.counters.rejected + result.rejections.length;
  counters.processedRows += batch.counters.records;
  counters.warnings += problems.filter((p) => p.severity === 'warning').length;
  return { result, problems };
}

/** The debug line of a merged batch. */
function logBatch(deps: RunDeps, batch: Batch): void {
  deps.log.debug({
    event: 'import.batch',
    importId: deps.run.id,
    records: batch.counters.records,
    processedRows: deps.counters.processedRows,
    msg: `import ${deps.run.id} batch to record ${batch.counters.endRecord}`,
  });
}

/** Merges of one batch that may lose a race with another import before the job retries. */
const BATCH_TRIES = 5;

// An import (or a dry run) applied batch by batch: each batch's rows, its problems and the
// import's counters commit together, so a crash resumes after the last committed batch. A dry
// run merges the same way and rolls each merge back (see RosterMergeRepository.mergeBatch),
// committing only its problems and counts. The import may be cancelled between batches.
export class BatchedRun implements RunStrategy {
  readonly programs = new Set<string>();
  private readonly ahead = new MergeAhead();

  private constructor(
    private readonly deps: RunDeps,
    private readonly statistics: GrowthAnalyzer | null,
  ) {}

  static async open(deps: RunDeps, statistics: () => Promise<GrowthAnalyzer>): Promise<BatchedRun> {
    // A dry run leaves no new rows, so the planner's statistics never fall behind it.
    return new BatchedRun(deps, deps.run.dryRun ? null : await statistics());
  }

  async next(batch: Batch): Promise<'more' | 'cancelled'> {
    await this.ahead.wait();
    if (await this.deps.session.isCancelRequested(this.deps.run.id)) return 'cancelled';
    await this.ahead.submit(() => this.commitBatch(batch));
    return 'more';
  }

  async end(batch: Batch | null): Promise<void> {
    if (batch) await this.ahead.submit(() => this.commitBatch(batch));
    await this.ahead.wait();
  }

  async conclude(): Promise<'completed'> {
    if (await this.statistics?.atEnd()) {
      this.deps.log.debug({ event: 'import.analyzed', importId: this.deps.run.id });
    }
    return 'completed';
  }

  async abort(): Promise<void> {
    await this.ahead.settle(); // a failed batch rolled itself back
  }

  /**
   * A batch that lost a race with another import (both inserting the same new trainee, say:
   * two partners' rosters of the same people at once) rolled back whole; it is merged again at
   * once, where it now sees the other import's rows. Only after BATCH_TRIES does the error reach
   * the job, whose retries wait and count against its attempts: one lost race per batch is
   * normal when partners share people, and must never fail an import.
   */
  private async commitBatch(batch: Batch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.commitOnce(batch);
      } catch (err) {
        if (!(err instanceof ConcurrentMergeError) || attempt >= BATCH_TRIES) throw err;
        this.deps.log.debug({
          event: 'import.batch_retried',
          importId: this.deps.run.id,
          attempt,
          msg: `import ${this.deps.run.id} batch to record ${batch.counters.endRecord} merged again: ${err.message}`,
        });
        // A little apart, so two imports racing on the same rows do not meet again in step.
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private async commitOnce(batch: Batch): Promise<void> {
    const { session, run, counters } = this.deps;
    await session.begin();
    try {
      const { result, problems } = await mergeIntoCounters(this.deps, batch);
      counters.committedRecords = batch.counters.endRecord;
      await session.recordBatch(run.id, problems, counters);
      await session.commit();
      if (await this.statistics?.afterCommit(result.created)) {
        this.deps.log.debug({ event: 'import.analyzed', importId: run.id });
      }
      if (!run.dryRun) {
        const { metrics } = this.deps;
        metrics.countImportRows('created', result.created);
        metrics.countImportRows('updated', result.updated);
        metrics.countImportRows('unchanged', result.unchanged);
        metrics.countImportRows('rejected', batch.counters.rejected + result.rejections.length);
        result.programIds.forEach((id) => this.programs.add(id));
      }
      logBatch(this.deps, batch);
    } catch (err) {
      await session.rollback().catch(() => undefined);
      throw err;
    }
  }
}

// An atomic import: the whole file in one transaction, applied only if no row is rejected.
// Rejected rows roll everything back; the problems and counts are then stored, and the import
// fails, in a transaction of their own. Progress is shown while it runs (see MergeSession).
export class AtomicRun implements RunStrategy {
  readonly programs = new Set<string>();
  private readonly ahead = new MergeAhead();
  private readonly problems: Problem[] = [];

  private constructor(
    private readonly deps: RunDeps,
    private readonly statistics: () => Promise<GrowthAnalyzer>,
  ) {}

  static async open(deps: RunDeps, statistics: () => Promise<GrowthAnalyzer>): Promise<AtomicRun> {
    await deps.session.begin();
    return new AtomicRun(deps, statistics);
  }

  async next(batch: Batch): Promise<'more'> {
    await this.ahead.submit(() => this.mergeUncommitted(batch));
    return 'more';
  }

  async end(batch: Batch | null): Promise<void> {
    if (batch) await this.ahead.submit(() => this.mergeUncommitted(batch));
    await this.ahead.wait();
  }

  async conclude(): Promise<'completed' | 'failed'> {
    const { session, run, counters } = this.deps;
    if (counters.rejected === 0) {
      await session.recordBatch(run.id, this.problems, counters);
      await session.commit();
      // The whole file arrived in one commit: the statistics see it before the figures do.
      const statistics = await this.statistics();
      await statistics.afterCommit(counters.created);
      await statistics.atEnd();
      return 'completed';
    }
    await session.rollback();
    await session.begin();
    await session.recordBatch(run.id, this.problems, { ...counters, committedRecords: 0 });
    await session.failWithoutApplying(
      run.id,
      `atomic import: ${counters.rejected} row(s) rejected, so nothing was applied; fix them and upload again`,
    );
    await session.commit();
    return 'failed';
  }

  async abort(): Promise<void> {
    await this.ahead.settle();
    await this.deps.session.rollback().catch(() => undefined);
  }

  private async mergeUncommitted(batch: Batch): Promise<void> {
    const { session, run, counters } = this.deps;
    const { result, problems } = await mergeIntoCounters(this.deps, batch);
    counters.committedRecords = 0; // nothing is committed before the end
    this.problems.push(...problems);
    await session.showProgress(run.id, counters.processedRows);
    result.programIds.forEach((id) => this.programs.add(id));
    logBatch(this.deps, batch);
  }
}
