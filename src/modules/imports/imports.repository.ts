// Owns the imports, import_chunks and import_problems tables: the durable record of every
// upload, its stored bytes, its progress counters and its problems.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { PageRequest } from '../../core/http/pagination';
import type { ImportStatus } from './imports.dto';
import type { Actor } from '../../core/auth/actor';
import { initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';
import { runLockKey } from './merge/run-lock';

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
  /** The dry run this import was applied from (POST /imports/{id}/apply). */
  appliedFromImportId: string | null;
  /** For a dry run: the import applied from it, if any. */
  appliedAsImportId: string | null;
  /** When the stored upload was deleted after its keep time; null while kept. */
  uploadDeletedAt: Date | null;
}

/** How long stored uploads are kept: dry runs in hours, other imports in days. */
export interface UploadKeep {
  previewHours: number;
  days: number;
}

/** An upload received in full, with what its scan found, ready to be stored. */
export interface NewUpload {
  /** Who sent it: the `accepted` audit event's actor. */
  actor: Actor;
  partnerId: string;
  requestedByUserId: string | null;
  filename: string | null;
  contentType: string;
  format: 'csv' | 'json';
  idempotencyKey: string | null;
  dryRun: boolean;
  atomic: boolean;
  sizeBytes: number;
  sha256: string;
  /** Data rows (CSV records less the header); null when the worker counts them (JSON). */
  totalRows: number | null;
  /** Set when the upload cannot be imported (not text, empty): it is stored failed. */
  failureReason: string | null;
}

export interface ProblemRow {
  line: number;
  column: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

/** The import record as ImportRow (a run reads it on its merge session too). */
export const SELECT_IMPORT = `
  SELECT i.id, i.seq::text AS seq, i.partner_id AS "partnerId", p.code AS "partnerCode", i.status,
         i.filename, i.content_type AS "contentType", i.format, i.size_bytes::text AS "sizeBytes",
         i.sha256, i.idempotency_key AS "idempotencyKey", i.dry_run AS "dryRun", i.atomic,
         i.duplicate_of_import_id AS "duplicateOfImportId", i.total_rows AS "totalRows",
         i.processed_rows AS "processedRows", i.created, i.updated, i.unchanged, i.rejected,
         i.warnings, i.committed_records AS "committedRecords",
         i.cancel_requested AS "cancelRequested", i.failure_reason AS "failureReason",
         i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.created_at AS "createdAt",
         i.applied_from_import_id AS "appliedFromImportId",
         (SELECT a.id FROM imports a WHERE a.applied_from_import_id = i.id) AS "appliedAsImportId",
         i.upload_deleted_at AS "uploadDeletedAt"
  FROM imports i JOIN partners p ON p.id = i.partner_id`;

/** Whether an import's upload is past its keep time (SQL over the imports row `i`). */
const UPLOAD_EXPIRED = `(i.created_at < now() - CASE WHEN i.dry_run
    THEN make_interval(hours => $2::int) ELSE make_interval(days => $3::int) END)`;

@Injectable()
export class ImportsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** A dedicated connection for one import's merge session (the session releases it). */
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

  /**
   * Stores an accepted upload in one transaction: the import row, its `accepted` audit event,
   * the bytes chunk by chunk, then the scan's results. The import exists only once every byte
   * is stored. `chunks` is read inside the transaction, so it must come from local disk, never
   * from a client. A `failureReason` (not text, empty) fails the import at once: it is kept for
   * the partner to read, and never enqueued. A second upload with the same Idempotency-Key
   * fails on the unique key (for the service to answer with the first). Returns the import id.
   */
  async storeUpload(values: NewUpload, chunks: AsyncIterable<Buffer>): Promise<string> {
    return this.ds.transaction(async (em) => {
      const importId = await this.insertImport(em, values);
      // Before the row can end: the trigger on imports.status copies this event's actor to the
      // `finished` event of an upload failed below.
      await this.audit.append(em, {
        actor: values.actor,
        action: 'accepted',
        entity: 'import',
        entityId: importId,
        changes: initialFields({ dryRun: values.dryRun, atomic: values.atomic }),
      });
      let chunkNo = 0;
      for await (const chunk of chunks) {
        await em.query(
          `INSERT INTO import_chunks (import_id, chunk_no, data) VALUES ($1, $2, $3)`,
          [importId, chunkNo++, chunk],
        );
      }
      await this.finishUpload(em, importId, values);
      return importId;
    });
  }

  private async insertImport(em: EntityManager, values: NewUpload): Promise<string> {
    const rows: { id: string }[] = await em.query(
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

  /** The stored upload's size, digest and row count; a duplicate of an earlier import unless failed. */
  private async finishUpload(
    em: EntityManager,
    importId: string,
    values: NewUpload,
  ): Promise<void> {
    // The latest finished, applied import of the same bytes by the same partner, if any.
    const earlier: { id: string }[] = await em.query(
      `SELECT id FROM imports
       WHERE partner_id = $1 AND sha256 = $2 AND id <> $3 AND NOT dry_run
         AND status IN ('queued', 'processing', 'completed')
       ORDER BY seq DESC LIMIT 1`,
      [values.partnerId, values.sha256, importId],
    );
    await em.query(
      `UPDATE imports SET size_bytes = $2, sha256 = $3, duplicate_of_import_id = $4,
              total_rows = $5, failure_reason = $6,
              status = CASE WHEN $6::text IS NULL THEN status ELSE 'failed' END,
              finished_at = CASE WHEN $6::text IS NULL THEN NULL ELSE now() END,
              updated_at = now() WHERE id = $1`,
      [
        importId,
        values.sizeBytes,
        values.sha256,
        values.failureReason ? null : (earlier[0]?.id ?? null),
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

  /** The stored upload, chunk by chunk (a chunk is at most 1 MiB). */
  async *uploadChunks(importId: string): AsyncGenerator<Buffer> {
    for (let n = 0; ; n++) {
      const chunk = await this.readChunk(importId, n);
      if (!chunk) return;
      yield chunk;
    }
  }

  /** Whether the import's upload is still kept (stored, and within its keep time). */
  async uploadKept(importId: string, keep: UploadKeep): Promise<boolean> {
    const rows: { kept: boolean }[] = await this.ds.query(
      `SELECT (i.upload_deleted_at IS NULL AND NOT ${UPLOAD_EXPIRED}) AS kept
       FROM imports i WHERE i.id = $1`,
      [importId, keep.previewHours, keep.days],
    );
    return rows[0]?.kept ?? false;
  }

  /**
   * The lines with rejecting problems, after `afterLine`, each with its reasons joined
   * (`column: message; …`), in line order, a page at a time.
   */
  rejectedLinesPage(
    importId: string,
    afterLine: number,
    limit: number,
  ): Promise<{ line: number; problem: string }[]> {
    return this.ds.query(
      `SELECT line,
              string_agg(CASE WHEN coalesce("column", '') = '' THEN message
                              ELSE "column" || ': ' || message END, '; ' ORDER BY id) AS problem
       FROM import_problems
       WHERE import_id = $1 AND severity = 'error' AND line > $2
       GROUP BY line ORDER BY line LIMIT $3`,
      [importId, afterLine, limit],
    );
  }

  /**
   * A dry run applied as a new import: the row (same partner, file and options, not a dry
   * run) and a copy of the stored upload, in one transaction with its audit event. The source
   * row is locked against the retention sweep; the unique applied_from_import_id makes the
   * second of two racing applies fail (unique violation, for the service to answer 409).
   * Null when the upload is no longer stored.
   */
  async insertApplied(
    actor: Actor,
    source: ImportRow,
    requestedByUserId: string | null,
    keep: UploadKeep,
  ): Promise<string | null> {
    return this.ds.transaction(async (em) => {
      const kept: unknown[] = await em.query(
        `SELECT 1 FROM imports i
         WHERE i.id = $1 AND i.upload_deleted_at IS NULL AND NOT ${UPLOAD_EXPIRED}
         FOR SHARE`,
        [source.id, keep.previewHours, keep.days],
      );
      if (kept.length === 0) return null;
      const rows: { id: string }[] = await em.query(
        `INSERT INTO imports (partner_id, requested_by_user_id, filename, content_type, format,
                              size_bytes, sha256, total_rows, dry_run, atomic, status,
                              applied_from_import_id, duplicate_of_import_id)
         SELECT partner_id, $2, filename, content_type, format, size_bytes, sha256, total_rows,
                false, atomic, 'queued', id,
                (SELECT e.id FROM imports e
                 WHERE e.partner_id = s.partner_id AND e.sha256 = s.sha256 AND NOT e.dry_run
                   AND e.status IN ('queued', 'processing', 'completed')
                 ORDER BY e.seq DESC LIMIT 1)
         FROM imports s WHERE s.id = $1
         RETURNING id`,
        [source.id, requestedByUserId],
      );
      const id = rows[0].id;
      await em.query(
        `INSERT INTO import_chunks (import_id, chunk_no, data)
         SELECT $1, chunk_no, data FROM import_chunks WHERE import_id = $2`,
        [id, source.id],
      );
      await this.audit.append(em, {
        actor,
        action: 'accepted',
        entity: 'import',
        entityId: id,
        changes: [
          ...initialFields({ dryRun: false, atomic: source.atomic }),
          { field: 'appliedFrom', new: source.id },
        ],
      });
      return id;
    });
  }

  /**
   * Deletes the stored uploads of finished imports past their keep time, at most `limit`
   * imports per call; the imports, counts and problems stay. Rows another process is sweeping
   * (or an apply is copying) are skipped. Returns how many uploads were deleted.
   */
  async deleteExpiredUploads(keep: UploadKeep, limit: number): Promise<number> {
    return this.ds.transaction(async (em) => {
      const rows: { id: string }[] = await em.query(
        `SELECT i.id FROM imports i
         WHERE i.upload_deleted_at IS NULL AND i.status IN ('completed', 'failed', 'cancelled')
           AND ${UPLOAD_EXPIRED}
         ORDER BY i.created_at LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [limit, keep.previewHours, keep.days],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await em.query('DELETE FROM import_chunks WHERE import_id = ANY($1::uuid[])', [ids]);
      await em.query('UPDATE imports SET upload_deleted_at = now() WHERE id = ANY($1::uuid[])', [
        ids,
      ]);
      return ids.length;
    });
  }

  /**
   * Progress shown while an atomic import runs (its counters only land at the end): for its
   * merge session (see MergeSession.showProgress), never another caller.
   */
  async setProcessedRows(importId: string, processedRows: number): Promise<void> {
    await this.ds.query(
      `UPDATE imports SET processed_rows = $2, updated_at = now() WHERE id = $1`,
      [importId, processedRows],
    );
  }

  /**
   * Fails an unfinished import whose job ran out of attempts. One statement of its own, and
   * only while no merge session holds the import: a run still alive stays its only writer.
   */
  async failAfterRetries(importId: string, reason: string): Promise<void> {
    await this.ds.query(
      `UPDATE imports SET status = 'failed', failure_reason = $2, finished_at = now(),
              updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'processing')
         AND pg_try_advisory_xact_lock(${runLockKey('$3::text')})`,
      [importId, reason, importId],
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
