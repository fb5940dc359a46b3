// One dedicated Postgres connection for one running import, and the only writer of that import
// while it runs: the claim and the advisory lock that makes sure only one worker processes an
// import at a time, the batch transactions (the merge itself is RosterMergeRepository's SQL on
// this connection), the problems and counters of each batch, the total, and the end
// (completed, cancelled, failed). Each write here is a statement of its own or part of the
// batch transaction the run opened; nothing else writes the import's row between claim and end
// (see showProgress for the one statement sent on another connection, and why).
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import {
  SELECT_IMPORT,
  type ImportRow,
  type ImportsRepository,
  type ProblemRow,
} from '../imports.repository';
import type { MergeResult, RosterMergeRepository } from './roster-merge.repository';
import { copyIn } from '../../../core/database/copy-in';
import { copyRows } from './copy-text';
import { runLockKey } from './run-lock';
import type { StagedRow } from './staged-columns';

/** The import's counters as a batch stores them (committedRecords: where a resume starts). */
export type BatchCounters = Pick<
  ImportRow,
  | 'processedRows'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'rejected'
  | 'warnings'
  | 'committedRecords'
>;

/** One batch for the merge: the import, the day missing dates default to, its staged rows. */
export interface MergeBatch {
  importId: string;
  partnerId: string;
  today: string;
  rows: StagedRow[];
  /** The same rows as COPY text (see copyData). */
  copyData: Buffer;
}

/** What a run strategy needs of the session (a fake one in unit specs). */
export interface RunSession {
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  mergeBatch(batch: MergeBatch, simulate: boolean): Promise<MergeResult>;
  recordBatch(importId: string, problems: ProblemRow[], counters: BatchCounters): Promise<void>;
  isCancelRequested(importId: string): Promise<boolean>;
  showProgress(importId: string, processedRows: number): Promise<void>;
  failWithoutApplying(importId: string, reason: string): Promise<void>;
}

export type ImportEnd = 'completed' | 'failed' | 'cancelled';

export class MergeSession implements RunSession {
  private constructor(
    private readonly qr: QueryRunner,
    private readonly client: PoolClient,
    private readonly merge: RosterMergeRepository,
    private readonly imports: ImportsRepository,
  ) {}

  static async open(
    qr: QueryRunner,
    merge: RosterMergeRepository,
    imports: ImportsRepository,
  ): Promise<MergeSession> {
    const client = (await qr.connect()) as PoolClient;
    await merge.prepare(client);
    return new MergeSession(qr, client, merge, imports);
  }

  /**
   * Takes the import for this run: moves it to processing (so it shows as taken even while
   * another worker still holds it), locks it, and reads it back under the lock (another worker
   * may have finished it meanwhile). 'finished' when there is nothing left to run.
   */
  async takeOver(importId: string): Promise<ImportRow | 'finished' | 'busy'> {
    const claimed = await this.client.query(
      `UPDATE imports SET status = 'processing', started_at = coalesce(started_at, now()),
              updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'processing') RETURNING id`,
      [importId],
    );
    if (claimed.rowCount === 0) return 'finished';
    if (!(await this.tryLock(importId))) return 'busy';
    const found = await this.client.query<ImportRow>(
      `${SELECT_IMPORT} WHERE i.id = $1 AND i.status IN ('queued', 'processing')`,
      [importId],
    );
    return found.rows[0] ?? 'finished';
  }

  /** Session-level lock keyed by the import: held until close, freed if the process dies. */
  private async tryLock(importId: string): Promise<boolean> {
    const res = await this.client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(${runLockKey('$1')}) AS ok`,
      [importId],
    );
    return res.rows[0].ok;
  }

  /** The number of records of a file that says so before it is read (a JSON body). */
  async setTotalRows(importId: string, totalRows: number): Promise<void> {
    await this.client.query(
      `UPDATE imports SET total_rows = $2, updated_at = now() WHERE id = $1`,
      [importId, totalRows],
    );
  }

  async isCancelRequested(importId: string): Promise<boolean> {
    const res = await this.client.query<{ cancel: boolean }>(
      `SELECT cancel_requested AS cancel FROM imports WHERE id = $1`,
      [importId],
    );
    return res.rows[0]?.cancel ?? true;
  }

  async begin(): Promise<void> {
    // One round trip (the simple protocol runs the three in order). LOCAL: the pooled
    // connection goes back with the server's defaults.
    // - random_page_cost: a batch probes a few thousand keys of large indexed tables; with the
    //   default page cost the planner hashes the whole table instead (measured: 3-5x slower).
    // - jit: the stage build's estimated cost passes jit_above_cost once the tables are large,
    //   and compiling it took 0.8-1.1 s per batch against 0.12 s to run it (EXPLAIN on 300,000
    //   stored trainees, a batch of 10,000): a batch is never long enough to win that back.
    // - synchronous_commit: a batch's commit need not wait for its WAL flush. The batch's
    //   counters (where a resume starts) commit in the same transaction, so a crash of Postgres
    //   loses the last batches whole, rows and counters together, and the resume does them
    //   again (test/e2e/import-postgres-crash). The end of the import (finish) commits with
    //   the server's setting, and its flush covers every batch before it: nothing is reported
    //   completed, and no webhook says so, before all of it is durable.
    await this.client.query(
      'BEGIN; SET LOCAL random_page_cost = 1.1; SET LOCAL jit = off; SET LOCAL synchronous_commit = off',
    );
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }

  mergeBatch(batch: MergeBatch, simulate: boolean): Promise<MergeResult> {
    return this.merge.mergeBatch(this.client, batch, simulate);
  }

  /** The planner's row estimate of enrollments: -1 (PostgreSQL 14+) when never analysed. */
  async estimatedEnrollments(): Promise<number> {
    const res = await this.client.query<{ rows: number }>(
      `SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'enrollments'::regclass`,
    );
    return res.rows[0]?.rows ?? 0;
  }

  /** Fresh planner statistics for the tables a roster grows (see GrowthAnalyzer). */
  async analyze(): Promise<void> {
    await this.client.query('ANALYZE trainees, enrollments, trainee_contacts, certifications');
  }

  /** Inside a batch's transaction: its problems and the new counters commit together. */
  async recordBatch(
    importId: string,
    problems: ProblemRow[],
    counters: BatchCounters,
  ): Promise<void> {
    if (problems.length > 0) {
      // COPY, not an INSERT of unnested arrays: a shared half of a roster brings a warning a
      // row, and parsing five 10,000-element array parameters cost more than the rows.
      await copyIn(
        this.client,
        'import_problems (import_id, line, "column", code, severity, message)',
        copyRows(problems.map((p) => [importId, p.line, p.column, p.code, p.severity, p.message])),
      );
    }
    await this.client.query(
      `UPDATE imports SET processed_rows = $2, created = $3, updated = $4, unchanged = $5,
              rejected = $6, warnings = $7, committed_records = $8, updated_at = now()
       WHERE id = $1`,
      [
        importId,
        counters.processedRows,
        counters.created,
        counters.updated,
        counters.unchanged,
        counters.rejected,
        counters.warnings,
        counters.committedRecords,
      ],
    );
  }

  /**
   * The rows read so far by an atomic run, whose transaction stays open to the end: written
   * as a statement of its own on another connection, so that readers see it rise. It cannot
   * wait on the run: the open transaction has written nothing of the import's row (its
   * foreign keys only key-share lock it, which a non-key UPDATE does not wait for).
   */
  showProgress(importId: string, processedRows: number): Promise<void> {
    return this.imports.setProcessedRows(importId, processedRows);
  }

  /** A failed or atomic-rolled-back import keeps its problems but none of its applied counts. */
  async failWithoutApplying(importId: string, reason: string): Promise<void> {
    await this.client.query(
      `UPDATE imports SET status = 'failed', failure_reason = $2, finished_at = now(),
              created = 0, updated = 0, unchanged = 0, updated_at = now()
       WHERE id = $1`,
      [importId, reason],
    );
  }

  /** Ends the import, outside any batch transaction (after the last one committed). */
  async finish(
    importId: string,
    status: ImportEnd,
    values: { failureReason?: string; totalRows?: number } = {},
  ): Promise<void> {
    await this.client.query(
      `UPDATE imports SET status = $2, failure_reason = $3, finished_at = now(),
              total_rows = coalesce($4, total_rows), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'processing')`,
      [importId, status, values.failureReason ?? null, values.totalRows ?? null],
    );
  }

  /** Releases the connection; a session lock still held is dropped with it. */
  async close(): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await this.qr.release();
  }
}
