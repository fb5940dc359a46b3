// One dedicated Postgres connection for one running import: the advisory lock that makes sure
// only one worker processes an import at a time, the batch transactions, and the merge.
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { BatchCounters, ImportsRepository, ProblemRow } from '../imports.repository';
import type { MergeResult, RosterMergeRepository, StagedRow } from './roster-merge.repository';

export class MergeSession {
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

  /** Session-level lock keyed by the import: held until close, freed if the process dies. */
  async tryLock(importId: string): Promise<boolean> {
    const res = await this.client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(hashtextextended($1, 727)) AS ok`,
      [importId],
    );
    return res.rows[0].ok;
  }

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
    // A batch probes a few thousand keys of large indexed tables; with the default page cost
    // the planner hashes the whole table instead (measured: 3-5x slower merges). LOCAL: the
    // pooled connection goes back with the server's defaults.
    await this.client.query('SET LOCAL random_page_cost = 1.1');
    // The stage build's estimated cost passes jit_above_cost once the tables are large, and
    // compiling it took 0.8-1.1 s per batch against 0.12 s to run it (EXPLAIN on 300,000 stored
    // trainees, a batch of 10,000): a batch is never long enough to win that back.
    await this.client.query('SET LOCAL jit = off');
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.client.query('ROLLBACK');
  }

  mergeBatch(
    partnerId: string,
    today: string,
    rows: StagedRow[],
    simulate: boolean,
  ): Promise<MergeResult> {
    return this.merge.mergeBatch(this.client, partnerId, today, rows, simulate);
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

  recordBatch(importId: string, problems: ProblemRow[], counters: BatchCounters): Promise<void> {
    return this.imports.recordBatch(this.qr, importId, problems, counters);
  }

  failWithoutApplying(importId: string, reason: string): Promise<void> {
    return this.imports.failWithoutApplying(this.qr, importId, reason);
  }

  /** Releases the connection; a session lock still held is dropped with it. */
  async close(): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await this.qr.release();
  }
}
