// Runs one roster import in a worker, in named steps: take it over on its merge session (from
// then on the only writer of the import), open the stored file, build batches of
// validated rows (BatchBuilder), and hand them to one of two strategies: BatchedRun commits
// batch by batch, so a crash resumes after the last committed batch and nothing is applied or
// counted twice; AtomicRun applies the whole file in one transaction or nothing.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../../core/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { MetricsService } from '../../core/metrics/metrics.service';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { ImportsRepository, type ImportRow } from './imports.repository';
import { GrowthAnalyzer } from './merge/growth-analyzer';
import { MergeSession } from './merge/merge-session';
import { RosterMergeRepository } from './merge/roster-merge.repository';
import { BatchBuilder, type RosterEntry } from './roster';
import { RosterSource } from './roster-source';
import { PeriodicYield } from './run/periodic-yield';
import { AtomicRun, BatchedRun, type RunStrategy } from './run/run-strategies';

/** Another worker holds this import: retry later (BullMQ backoff). */
export class ImportBusyError extends Error {
  constructor() {
    super('import is being processed by another worker');
  }
}

class FileRejected extends Error {}

/** Records read between two yields to the event loop (see PeriodicYield). */
const YIELD_EVERY = 250;

@Injectable()
export class RosterImportRunner {
  private readonly logger = new Logger('RosterImport');

  constructor(
    private readonly imports: ImportsRepository,
    private readonly merge: RosterMergeRepository,
    private readonly source: RosterSource,
    private readonly dispatcher: JobDispatcher,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(importId: string): Promise<void> {
    const session = await MergeSession.open(
      this.imports.createQueryRunner(),
      this.merge,
      this.imports,
    );
    try {
      const imp = await session.takeOver(importId);
      if (imp === 'busy') throw new ImportBusyError();
      if (imp === 'finished') return; // a duplicate or late delivery changes nothing
      if (imp.cancelRequested) return await session.finish(importId, 'cancelled');
      await this.runClaimed(imp, session);
    } finally {
      await session.close();
    }
  }

  /** The claimed import, from its stored file to its end. */
  private async runClaimed(imp: ImportRow, session: MergeSession): Promise<void> {
    const source = await this.source.open(imp);
    if (!source.ok) {
      this.logger.warn(`import ${imp.id} failed: file rejected`);
      return session.finish(imp.id, 'failed', { failureReason: source.reason });
    }
    if (source.records !== undefined && imp.totalRows === null) {
      await session.setTotalRows(imp.id, source.records);
    }
    // One day for the whole run, read when it starts: the roster's dates are judged against it
    // and missing enrollment dates default to it.
    const today = this.clock.today();
    const builder = new BatchBuilder({
      partnerId: imp.partnerId,
      cohorts: await this.imports.partnerCohorts(imp.partnerId),
      today,
      resumeAfter: imp.committedRecords,
      headerWarnings: source.headerWarnings,
    });
    const strategy = await this.strategyFor(imp, session, today);
    let read: 'completed' | 'cancelled';
    try {
      read = await this.readInBatches(source.entries, builder, strategy);
    } catch (err) {
      await strategy.abort();
      if (err instanceof FileRejected) {
        return session.finish(imp.id, 'failed', { failureReason: err.message });
      }
      await this.refreshProgress(strategy.programs);
      throw err;
    }
    if (read === 'completed' && (await strategy.conclude()) === 'failed') return;
    await session.finish(imp.id, read, read === 'completed' ? { totalRows: builder.records } : {});
    await this.refreshProgress(strategy.programs);
  }

  /** Atomic when asked for and applied; a dry run and a plain import go batch by batch. */
  private strategyFor(imp: ImportRow, session: MergeSession, today: string): Promise<RunStrategy> {
    const { processedRows, created, updated, unchanged, rejected, warnings } = imp;
    const counters = { processedRows, created, updated, unchanged, rejected, warnings };
    const deps = {
      session,
      run: { id: imp.id, partnerId: imp.partnerId, dryRun: imp.dryRun, today },
      counters: { ...counters, committedRecords: imp.committedRecords },
      metrics: this.metrics,
      log: this.logger,
    };
    const statistics = () => GrowthAnalyzer.open(session);
    if (imp.atomic && !imp.dryRun) return AtomicRun.open(deps, statistics);
    return BatchedRun.open(deps, statistics);
  }

  /**
   * The file's entries into batches of the configured size, each handed on as soon as it is
   * full (it merges while the next one is built: see MergeAhead).
   */
  private async readInBatches(
    entries: AsyncIterable<RosterEntry>,
    builder: BatchBuilder,
    strategy: RunStrategy,
  ): Promise<'completed' | 'cancelled'> {
    const yields = new PeriodicYield(YIELD_EVERY);
    for await (const entry of entries) {
      builder.add(entry);
      // Lets the merge in flight move while the file is read (see PeriodicYield).
      const pause = yields.tick();
      if (pause) await pause;
      if (builder.size < this.config.importBatchSize) continue;
      if ((await strategy.next(builder.take())) === 'cancelled') return 'cancelled';
    }
    if (builder.records === 0) throw new FileRejected('the file has a header row but no data rows');
    await strategy.end(builder.pending ? builder.take() : null);
    return 'completed';
  }

  private async refreshProgress(programIds: ReadonlySet<string>): Promise<void> {
    for (const id of programIds) {
      await this.dispatcher.enqueueRecompute(id).catch(() => undefined);
    }
  }
}
