// Runs one roster import in a worker: scan the stored bytes, read records, validate each row
// with the pure roster/ rules, and merge valid rows batch by batch. Each batch commits its rows,
// its problems and the import's counters together, so a crash resumes after the last committed
// batch and nothing is applied or counted twice.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { MetricsService } from '../../core/metrics/metrics.service';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { normalizeCnic } from '../../core/rules';
import { ImportsRepository, type BatchCounters, type ImportRow } from './imports.repository';
import { GrowthAnalyzer } from './merge/growth-analyzer';
import { MergeSession } from './merge/merge-session';
import {
  RosterMergeRepository,
  type MergeResult,
  type StagedRow,
} from './merge/roster-merge.repository';
import {
  importerProblems,
  pakistanToday,
  problem,
  validateRow,
  type Problem,
  type RawRosterRow,
  type RosterRow,
} from './roster';
import { RosterSource, type Entry } from './roster-source';

/** Another worker holds this import: retry later (BullMQ backoff). */
export class ImportBusyError extends Error {
  constructor() {
    super('import is being processed by another worker');
  }
}

class FileRejected extends Error {}

/** One batch as read and validated, before it is merged. */
interface Batch {
  rows: StagedRow[];
  problems: Problem[];
  /** Data records read into this batch (valid or not). */
  records: number;
  /** Records rejected by validation (the merge may reject more). */
  rejected: number;
  /** Records of the file up to the end of this batch: where a resumed import starts. */
  endRecord: number;
}

function newBatch(problems: Problem[]): Batch {
  return { rows: [], problems: [...problems], records: 0, rejected: 0, endRecord: 0 };
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

function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

function toStaged(row: RosterRow, line: number, cohort: { cohortId: string; programId: string }) {
  const staged: StagedRow = {
    line,
    cnic: row.cnic,
    fullName: row.fullName,
    gender: row.gender,
    dateOfBirth: row.dateOfBirth,
    province: row.province,
    district: row.district,
    email: row.email,
    phone: row.phone,
    category: row.category,
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    externalId: row.externalId,
    status: row.status,
    progressPct: row.progressPct,
    enrolledOn: row.enrolledOn,
    completedOn: row.completedOn,
    certName: row.certification?.name,
    certNumber: row.certification?.certificateNumber,
    certifiedOn: row.certification?.issuedOn,
  };
  return staged;
}

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
  ) {}

  async run(importId: string): Promise<void> {
    const claimed = await this.imports.claim(importId);
    if (!claimed) return; // already finished: a duplicate or late delivery changes nothing
    const session = await MergeSession.open(
      this.imports.createQueryRunner(),
      this.merge,
      this.imports,
    );
    try {
      if (!(await session.tryLock(importId))) throw new ImportBusyError();
      // Re-read under the lock: another worker may have finished it meanwhile.
      const imp = await this.imports.findById(importId);
      if (!imp || (imp.status !== 'processing' && imp.status !== 'queued')) return;
      if (imp.cancelRequested) {
        await this.imports.finish(importId, 'cancelled');
        return;
      }
      await this.process(imp, session);
    } finally {
      await session.close();
    }
  }

  private async process(imp: ImportRow, session: MergeSession): Promise<void> {
    const source = await this.source.open(imp);
    if (!source.ok) {
      this.logger.warn(`import ${imp.id} failed: file rejected`);
      await this.imports.finish(imp.id, 'failed', { failureReason: source.reason });
      return;
    }
    const batchSize = this.config.importBatchSize;
    const atomic = imp.atomic && !imp.dryRun;
    const today = utcToday();
    const pakistanDay = pakistanToday();
    const cohorts = await this.imports.partnerCohorts(imp.partnerId);
    const counters: BatchCounters = {
      processedRows: imp.processedRows,
      created: imp.created,
      updated: imp.updated,
      unchanged: imp.unchanged,
      rejected: imp.rejected,
      warnings: imp.warnings,
      committedRecords: imp.committedRecords,
    };
    // CNIC (13 digits, exact as a double) → first line: numbers keep 300k keys small.
    const seen = new Map<number, number>();
    const programs = new Set<string>();
    const atomicProblems: Problem[] = [];
    let recordIndex = 0;
    let batch = newBatch(imp.committedRecords === 0 ? source.headerWarnings : []);
    // The batch being merged while the next one is read and validated: Node's work on batch
    // N+1 overlaps Postgres's on batch N. One merge at a time on the session's connection.
    let merging: Promise<void> | null = null;
    // Only a real import commits batch by batch; a dry run and an atomic one leave no new rows.
    const statistics = atomic || imp.dryRun ? null : await GrowthAnalyzer.open(session);

    const merge = async (b: Batch): Promise<void> => {
      if (!atomic) await session.begin();
      try {
        const result = await session.mergeBatch(imp.partnerId, today, b.rows, imp.dryRun);
        const problems = withMergeProblems(b.problems, result);
        // Counters move only here, as the batch commits, so a resumed import counts nothing twice.
        counters.created += result.created;
        counters.updated += result.updated;
        counters.unchanged += result.unchanged;
        counters.rejected += b.rejected + result.rejections.length;
        counters.processedRows += b.records;
        counters.committedRecords = atomic ? 0 : b.endRecord;
        counters.warnings += problems.filter((p) => p.severity === 'warning').length;
        if (atomic) {
          atomicProblems.push(...problems);
          await this.imports.setProcessedRows(imp.id, counters.processedRows);
        } else {
          await session.recordBatch(imp.id, problems, counters);
          await session.commit();
          if (await statistics?.afterCommit(result.created)) {
            this.logger.debug({ event: 'import.analyzed', importId: imp.id });
          }
          if (!imp.dryRun) {
            this.metrics.countImportRows('created', result.created);
            this.metrics.countImportRows('updated', result.updated);
            this.metrics.countImportRows('unchanged', result.unchanged);
          }
        }
        if (!imp.dryRun) result.programIds.forEach((id) => programs.add(id));
        this.logger.debug({
          event: 'import.batch',
          importId: imp.id,
          records: b.records,
          processedRows: counters.processedRows,
          msg: `import ${imp.id} batch to record ${b.endRecord}`,
        });
      } catch (err) {
        if (!atomic) await session.rollback().catch(() => undefined);
        throw err;
      }
    };
    const submit = async (b: Batch): Promise<void> => {
      if (merging) await merging;
      merging = merge(b);
      merging.catch(() => undefined); // awaited at the next submit or at the end
    };

    if (atomic) await session.begin();
    try {
      for await (const entry of source.entries) {
        const resumed = recordIndex < imp.committedRecords;
        recordIndex++;
        if (resumed) {
          // Already applied and counted: only rebuild which CNICs the file has shown.
          if (entry.kind === 'row') this.rememberCnic(entry.raw, entry.line, seen);
          continue;
        }
        this.handleEntry(entry, { seen, cohorts, pakistanDay }, batch);
        if (batch.records >= batchSize) {
          batch.endRecord = recordIndex;
          if (!atomic && (await this.imports.isCancelRequested(imp.id))) {
            if (merging) await merging;
            await this.imports.finish(imp.id, 'cancelled');
            await this.refreshProgress(programs);
            return;
          }
          await submit(batch);
          batch = newBatch([]);
        }
      }
      if (recordIndex === 0) throw new FileRejected('the file has a header row but no data rows');
      batch.endRecord = recordIndex;
      if (batch.records > 0 || batch.problems.length > 0) await submit(batch);
      if (merging) await merging;
    } catch (err) {
      if (merging) await (merging as Promise<void>).catch(() => undefined);
      if (atomic) await session.rollback().catch(() => undefined);
      if (err instanceof FileRejected) {
        await this.imports.finish(imp.id, 'failed', { failureReason: err.message });
        return;
      }
      await this.refreshProgress(programs);
      throw err;
    }

    if (atomic) {
      if (counters.rejected > 0) {
        await session.rollback();
        await session.begin();
        await session.recordBatch(imp.id, atomicProblems, { ...counters, committedRecords: 0 });
        await session.failWithoutApplying(
          imp.id,
          `atomic import: ${counters.rejected} row(s) rejected, so nothing was applied; fix them and upload again`,
        );
        await session.commit();
        return;
      }
      await session.recordBatch(imp.id, atomicProblems, counters);
      await session.commit();
    }
    await this.imports.finish(imp.id, 'completed', { totalRows: recordIndex });
    await this.refreshProgress(programs);
  }

  private rememberCnic(raw: RawRosterRow, line: number, seen: Map<number, number>): void {
    const cnic = raw.cnic === undefined ? null : normalizeCnic(raw.cnic);
    if (cnic?.ok && !seen.has(Number(cnic.value))) seen.set(Number(cnic.value), line);
  }

  private handleEntry(
    entry: Entry,
    file: {
      seen: Map<number, number>;
      cohorts: Map<string, { cohortId: string; programId: string }>;
      /** Judged once per import: "in the future" for dates on the roster. */
      pakistanDay: string;
    },
    batch: Batch,
  ): void {
    batch.records++;
    if (entry.kind === 'bad' || entry.kind === 'invalid') {
      batch.problems.push(
        ...(entry.kind === 'bad'
          ? [importerProblems.badRow(entry.line, entry.detail)]
          : entry.problems),
      );
      batch.rejected++;
      return;
    }
    // File-level warnings (unknown JSON fields) stand whatever becomes of the row.
    batch.problems.push(...entry.problems);
    const errors: Problem[] = [];
    const firstLine = (() => {
      const cnic = entry.raw.cnic === undefined ? null : normalizeCnic(entry.raw.cnic);
      if (!cnic?.ok) return null;
      const key = Number(cnic.value);
      const first = file.seen.get(key);
      if (first === undefined) file.seen.set(key, entry.line);
      return first ?? null;
    })();
    const result = validateRow(entry.raw, entry.line, { today: file.pakistanDay });
    if (!result.ok) errors.push(...result.problems);
    if (firstLine !== null) errors.push(importerProblems.duplicateInFile(entry.line, firstLine));
    const cohort = result.ok ? file.cohorts.get(result.row.cohortCode) : undefined;
    if (result.ok && !cohort) errors.push(importerProblems.unknownCohort(entry.line));
    if (errors.length > 0 || !result.ok || !cohort) {
      batch.problems.push(...errors);
      batch.rejected++;
      return;
    }
    batch.problems.push(...result.warnings);
    batch.rows.push(toStaged(result.row, entry.line, cohort));
  }

  private async refreshProgress(programIds: Set<string>): Promise<void> {
    for (const id of programIds) {
      await this.dispatcher.enqueueRecompute(id).catch(() => undefined);
    }
  }
}
