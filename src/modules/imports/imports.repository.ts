// Owns the imports, import_chunks and import_problems tables: the durable record of every
// upload, its stored bytes, its progress counters and its problems.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import type { PageRequest } from '../../core/http/pagination';
import type { ImportStatus } from './import.entity';
import type { Actor } from '../../core/auth/actor';
import { initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface ImportRow {
  id: string;
  seq: string;
  partnerId: string;
  partnerCode: string;
  status: ImportStatus;
  filename: string | null;
  contentType: string;
  format: 'csv' | 'json';
  sizeBytes: string;
  sha256: string | null;
  idempotencyKey: string | null;
  dryRun: boolean;
  atomic: boolean;
  duplicateOfImportId: string | null;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  committedRecords: number;
  cancelRequested: boolean;
  failureReason: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export interface NewImport {
  partnerId: string;
  requestedByUserId: string | null;
  filename: string | null;
  contentType: string;
  format: 'csv' | 'json';
  idempotencyKey: string | null;
  dryRun: boolean;
  atomic: boolean;
}

export interface ProblemRow {
  line: number;
  column: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface BatchCounters {
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  committedRecords: number;
}

const SELECT_IMPORT = `
  SELECT i.id, i.seq::text AS seq, i.partner_id AS "partnerId", p.code AS "partnerCode", i.status,
         i.filename, i.content_type AS "contentType", i.format, i.size_bytes::text AS "sizeBytes",
         i.sha256, i.idempotency_key AS "idempotencyKey", i.dry_run AS "dryRun", i.atomic,
         i.duplicate_of_import_id AS "duplicateOfImportId", i.total_rows AS "totalRows",
         i.processed_rows AS "processedRows", i.created, i.updated, i.unchanged, i.rejected,
         i.warnings, i.committed_records AS "committedRecords",
         i.cancel_requested AS "cancelRequested", i.failure_reason AS "failureReason",
         i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.created_at AS "createdAt"
  FROM imports i JOIN partners p ON p.id = i.partner_id`;

@Injectable()
export class ImportsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * The audit event of an accepted upload, in the upload's transaction. Its actor is copied to
   * the event recorded when the import ends (a trigger on imports.status).
   */
  async recordAccepted(
    qr: QueryRunner,
    importId: string,
    actor: Actor,
    options: { dryRun: boolean; atomic: boolean },
  ): Promise<void> {
    await this.audit.append(qr, {
      actor,
      action: 'accepted',
      entity: 'import',
      entityId: importId,
      changes: initialFields(options),
    });
  }

  /** A dedicated connection for one upload's transaction (the caller releases it). */
  createQueryRunner(): QueryRunner {
    return this.ds.createQueryRunner();
  }

  async findById(id: string): Promise<ImportRow | null> {
    const rows: ImportRow[] = await this.ds.query(`${SELECT_IMPORT} WHERE i.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByIdempotencyKey(partnerId: string, key: string): Promise<ImportRow | null> {
    const rows: ImportRow[] = await this.ds.query(
      `${SELECT_IMPORT} WHERE i.partner_id = $1 AND i.idempotency_key = $2`,
      [partnerId, key],
    );
    return rows[0] ?? null;
  }

  /** Newest first: the keyset runs downwards on seq. */
  async listPage(
    filter: { scope: string[] | null; partnerId?: string; status?: string },
    page: PageRequest,
  ): Promise<ImportRow[]> {
    return this.ds.query(
      `${SELECT_IMPORT}
       WHERE ($1::uuid[] IS NULL OR i.partner_id = ANY($1::uuid[]))
         AND ($2::uuid IS NULL OR i.partner_id = $2::uuid)
         AND ($3::text IS NULL OR i.status = $3::text)
         AND ($4::bigint IS NULL OR i.seq < $4::bigint)
       ORDER BY i.seq DESC LIMIT $5`,
      [
        filter.scope,
        filter.partnerId ?? null,
        filter.status ?? null,
        page.afterSeq,
        page.limit + 1,
      ],
    );
  }

  async insertImport(qr: QueryRunner, values: NewImport): Promise<string> {
    const rows: { id: string }[] = await qr.query(
      `INSERT INTO imports (partner_id, requested_by_user_id, filename, content_type, format,
                            idempotency_key, dry_run, atomic, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued') RETURNING id`,
      [
        values.partnerId,
        values.requestedByUserId,
        values.filename,
        values.contentType,
        values.format,
        values.idempotencyKey,
        values.dryRun,
        values.atomic,
      ],
    );
    return rows[0].id;
  }

  async insertChunk(
    qr: QueryRunner,
    importId: string,
    chunkNo: number,
    data: Buffer,
  ): Promise<void> {
    await qr.query(`INSERT INTO import_chunks (import_id, chunk_no, data) VALUES ($1, $2, $3)`, [
      importId,
      chunkNo,
      data,
    ]);
  }

  /** The latest finished, applied import of the same bytes by the same partner, if any. */
  async findEarlierSameContent(
    qr: QueryRunner,
    partnerId: string,
    sha256: string,
    excludeId: string,
  ): Promise<{ id: string } | null> {
    const rows: { id: string }[] = await qr.query(
      `SELECT id FROM imports
       WHERE partner_id = $1 AND sha256 = $2 AND id <> $3 AND NOT dry_run
         AND status IN ('queued', 'processing', 'completed')
       ORDER BY seq DESC LIMIT 1`,
      [partnerId, sha256, excludeId],
    );
    return rows[0] ?? null;
  }

  /**
   * Completes the stored upload. A `failureReason` (not text, empty) fails the import at once:
   * it is kept for the partner to read, and never enqueued.
   */
  async finishUpload(
    qr: QueryRunner,
    importId: string,
    values: {
      sizeBytes: number;
      sha256: string;
      duplicateOfImportId: string | null;
      totalRows: number | null;
      failureReason: string | null;
    },
  ): Promise<void> {
    await qr.query(
      `UPDATE imports SET size_bytes = $2, sha256 = $3, duplicate_of_import_id = $4,
              total_rows = $5, failure_reason = $6,
              status = CASE WHEN $6::text IS NULL THEN status ELSE 'failed' END,
              finished_at = CASE WHEN $6::text IS NULL THEN NULL ELSE now() END,
              updated_at = now() WHERE id = $1`,
      [
        importId,
        values.sizeBytes,
        values.sha256,
        values.duplicateOfImportId,
        values.totalRows,
        values.failureReason,
      ],
    );
  }

  async readChunk(importId: string, chunkNo: number): Promise<Buffer | null> {
    const rows: { data: Buffer }[] = await this.ds.query(
      `SELECT data FROM import_chunks WHERE import_id = $1 AND chunk_no = $2`,
      [importId, chunkNo],
    );
    return rows[0]?.data ?? null;
  }

  /** Moves a queued or processing import to processing; null when it is already finished. */
  async claim(importId: string): Promise<ImportRow | null> {
    // In a CTE: a bare UPDATE … RETURNING comes back from TypeORM as [rows, count], whose
    // length is never 0, so a finished import would have looked claimable again.
    const rows: unknown[] = await this.ds.query(
      `WITH claimed AS (
         UPDATE imports SET status = 'processing', started_at = coalesce(started_at, now()),
                updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'processing') RETURNING id)
       SELECT id FROM claimed`,
      [importId],
    );
    return rows.length > 0 ? this.findById(importId) : null;
  }

  async setTotalRows(importId: string, totalRows: number): Promise<void> {
    await this.ds.query(`UPDATE imports SET total_rows = $2, updated_at = now() WHERE id = $1`, [
      importId,
      totalRows,
    ]);
  }

  /** Progress shown while an atomic import runs (its counters only land at the end). */
  async setProcessedRows(importId: string, processedRows: number): Promise<void> {
    await this.ds.query(
      `UPDATE imports SET processed_rows = $2, updated_at = now() WHERE id = $1`,
      [importId, processedRows],
    );
  }

  async isCancelRequested(importId: string): Promise<boolean> {
    const rows: { cancel: boolean }[] = await this.ds.query(
      `SELECT cancel_requested AS cancel FROM imports WHERE id = $1`,
      [importId],
    );
    return rows[0]?.cancel ?? true;
  }

  /** Inside a batch's transaction: its problems and the new counters commit together. */
  async recordBatch(
    qr: QueryRunner,
    importId: string,
    problems: ProblemRow[],
    counters: BatchCounters,
  ): Promise<void> {
    if (problems.length > 0) {
      await qr.query(
        `INSERT INTO import_problems (import_id, line, "column", code, severity, message)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [
          importId,
          problems.map((p) => p.line),
          problems.map((p) => p.column),
          problems.map((p) => p.code),
          problems.map((p) => p.severity),
          problems.map((p) => p.message),
        ],
      );
    }
    await qr.query(
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

  async finish(
    importId: string,
    status: 'completed' | 'failed' | 'cancelled',
    values: { failureReason?: string; totalRows?: number } = {},
  ): Promise<void> {
    await this.ds.query(
      `UPDATE imports SET status = $2, failure_reason = $3, finished_at = now(),
              total_rows = coalesce($4, total_rows), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'processing')`,
      [importId, status, values.failureReason ?? null, values.totalRows ?? null],
    );
  }

  /** A failed or atomic-rolled-back import keeps its problems but none of its applied counts. */
  async failWithoutApplying(qr: QueryRunner, importId: string, reason: string): Promise<void> {
    await qr.query(
      `UPDATE imports SET status = 'failed', failure_reason = $2, finished_at = now(),
              created = 0, updated = 0, unchanged = 0, updated_at = now()
       WHERE id = $1`,
      [importId, reason],
    );
  }

  /** Cancels a queued import at once; a processing one is flagged and stops after its batch. */
  async requestCancel(actor: Actor, importId: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      const open: unknown[] = await em.query(
        `SELECT 1 FROM imports WHERE id = $1 AND status IN ('queued', 'processing') FOR UPDATE`,
        [importId],
      );
      if (open.length === 0) return; // it ended meanwhile: nothing was cancelled
      // The request before its consequence: a queued import ends in the UPDATE below, and the
      // trigger's `finished` event must follow this `cancelled` one in the log.
      await this.audit.append(em, {
        actor,
        action: 'cancelled',
        entity: 'import',
        entityId: importId,
      });
      await em.query(
        `UPDATE imports SET
         status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
         cancel_requested = true, updated_at = now()
       WHERE id = $1`,
        [importId],
      );
    });
  }

  async unfinishedImportIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM imports WHERE status IN ('queued', 'processing') ORDER BY seq`,
    );
    return rows.map((r) => r.id);
  }

  /** Problems in line order, a page at a time (keyset on line, id) so huge lists stream. */
  async problemsPage(
    importId: string,
    after: { line: number; id: string } | null,
    limit: number,
  ): Promise<(ProblemRow & { id: string })[]> {
    return this.ds.query(
      `SELECT id::text AS id, line, "column", code, severity, message FROM import_problems
       WHERE import_id = $1 AND ($2::int IS NULL OR (line, id) > ($2::int, $3::bigint))
       ORDER BY line, id LIMIT $4`,
      [importId, after?.line ?? null, after?.id ?? null, limit],
    );
  }

  /** Cohorts the partner may import into: code → cohort and program. */
  async partnerCohorts(
    partnerId: string,
  ): Promise<Map<string, { cohortId: string; programId: string }>> {
    const rows: { code: string; cohortId: string; programId: string }[] = await this.ds.query(
      `SELECT c.code, c.id AS "cohortId", c.program_id AS "programId"
       FROM cohorts c JOIN programs p ON p.id = c.program_id WHERE p.partner_id = $1`,
      [partnerId],
    );
    return new Map(rows.map((r) => [r.code, { cohortId: r.cohortId, programId: r.programId }]));
  }
}
