// The partners' door: stores an upload durably (chunked into Postgres inside one transaction)
// before answering 202, then hands it to the worker. Reads of status and problems are scoped
// to the caller's partners. No roster parsing happens here: that is the worker's job.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { actorUserId, canSeePartner, partnerScope, type Actor } from '../../core/auth/actor';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { isUniqueViolation } from '../../core/database/pg-errors';
import { csvLine } from '../../core/http/csv-cell';
import { DomainError } from '../../core/http/domain-error';
import { type Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { PartnersService } from '../partners/partners.service';
import { ImportView, ListImportsQuery, UploadQueryDto } from './imports.dto';
import { ImportsRepository, type ImportRow } from './imports.repository';
import { ROSTER_TEMPLATE_CSV } from './roster';
import type { UploadBody } from './upload/upload-body';
import { ConcurrencySlots } from '../../core/http/concurrency-slots';
import { spoolUpload, withIdleLimit, type SpooledUpload } from './upload/upload-spool';

const CHUNK_BYTES = 1024 * 1024;
/** JSON is for small incremental batches; large rosters come as CSV. */
export const JSON_MAX_BYTES = 10 * 1024 * 1024;

function emptyReason(records: number): string | null {
  return records === 0 ? 'the file is empty' : null;
}

export function toImportView(row: ImportRow): ImportView {
  const view: ImportView = {
    id: row.id,
    partnerCode: row.partnerCode,
    status: row.status,
    filename: row.filename,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    warnings: row.warnings,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    dryRun: row.dryRun,
    atomic: row.atomic,
    format: row.format,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    cancelRequested: row.cancelRequested,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.failureReason) view.failureReason = row.failureReason;
  if (row.duplicateOfImportId) {
    view.duplicateOf = {
      importId: row.duplicateOfImportId,
      message: `this file's SHA-256 was already imported (import ${row.duplicateOfImportId}); rows that change nothing count as unchanged`,
    };
  }
  return view;
}

export interface UploadRequest {
  query: UploadQueryDto;
  idempotencyKey: string | undefined;
  contentLength: number | null;
}

@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');
  private readonly slots: ConcurrencySlots;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly partners: PartnersService,
    private readonly dispatcher: JobDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new ConcurrencySlots(
      { perOwner: config.uploads.perPartner, total: config.uploads.total },
      { what: 'uploads', owner: 'partner', served: 'are received' },
    );
  }

  /** The partner an upload is for: the key's own, or `?partner=` for staff. */
  async resolvePartner(actor: Actor, code: string | undefined): Promise<{ id: string }> {
    if (actor.kind === 'partner') {
      if (code !== undefined && code !== actor.partnerCode) throw DomainError.notFound('Partner');
      return { id: actor.partnerId };
    }
    if (!code) {
      throw DomainError.validation('partner', 'coordinators and admins upload with ?partner=CODE');
    }
    return this.partners.findVisible(actor, code);
  }

  /** Checks that need no body, so a refused upload is refused before it is read. */
  precheck(request: UploadRequest): void {
    if (request.contentLength !== null && request.contentLength > this.config.importMaxBytes) {
      throw this.tooLarge();
    }
    const key = request.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > 200 || /[\p{Cc}]/u.test(key))) {
      throw DomainError.validation('Idempotency-Key', 'must be 1–200 printable characters');
    }
  }

  async findReplay(partnerId: string, key: string | undefined): Promise<ImportView | null> {
    if (!key) return null;
    const earlier = await this.imports.findByIdempotencyKey(partnerId, key);
    return earlier ? toImportView(earlier) : null;
  }

  /**
   * Receives the body into a temporary file (no database connection held while the client
   * sends), then stores it with the import row in one short transaction, so the import exists
   * only once every byte is stored; then enqueues it. At most a few uploads per partner at once.
   */
  async store(
    actor: Actor,
    partnerId: string,
    request: UploadRequest,
    openBody: () => Promise<UploadBody>,
  ): Promise<{ view: ImportView; replay: boolean }> {
    const release = this.slots.acquire(partnerId);
    const idleMs = this.config.uploads.idleSeconds * 1000;
    let body: UploadBody;
    let spooled: SpooledUpload;
    try {
      // A multipart body whose file part never comes stalls here: bounded like any silence.
      body = await withIdleLimit(openBody(), idleMs);
      spooled = await spoolUpload(body, {
        maxBytes:
          body.format === 'json'
            ? Math.min(JSON_MAX_BYTES, this.config.importMaxBytes)
            : this.config.importMaxBytes,
        idleMs,
        tooLarge: () =>
          body.format === 'json' && JSON_MAX_BYTES < this.config.importMaxBytes
            ? new DomainError(
                'payload_too_large',
                `JSON uploads are for small batches (at most ${JSON_MAX_BYTES} bytes); send large rosters as CSV`,
              )
            : this.tooLarge(),
      });
    } finally {
      release();
    }
    try {
      // An empty CSV is stored too: the worker fails it with a reason, as the contract says.
      if (spooled.size === 0 && body.format === 'json') {
        throw DomainError.validation('body', 'the body is empty');
      }
      if (spooled.json !== null) this.checkJsonShape(spooled.json);
      return await this.persist(actor, partnerId, request, body, spooled);
    } finally {
      await spooled.discard();
    }
  }

  private async persist(
    actor: Actor,
    partnerId: string,
    request: UploadRequest,
    body: UploadBody,
    spooled: SpooledUpload,
  ): Promise<{ view: ImportView; replay: boolean }> {
    const qr = this.imports.createQueryRunner();
    await qr.connect();
    let importId: string;
    try {
      await qr.startTransaction();
      importId = await this.imports.insertImport(qr, {
        partnerId,
        requestedByUserId: actorUserId(actor),
        filename: body.filename,
        contentType: body.contentType,
        format: body.format,
        idempotencyKey: request.idempotencyKey ?? null,
        dryRun: request.query.dryRun ?? false,
        atomic: request.query.atomic ?? false,
      });
      await this.imports.recordAccepted(qr, importId, actor, {
        dryRun: request.query.dryRun ?? false,
        atomic: request.query.atomic ?? false,
      });
      let chunkNo = 0;
      // Disk to database only: the client is no longer part of this transaction's time.
      for await (const chunk of createReadStream(spooled.path, { highWaterMark: CHUNK_BYTES })) {
        await this.imports.insertChunk(qr, importId, chunkNo++, chunk as Buffer);
      }
      const { scan, json, sha256, size } = spooled;
      const earlier = await this.imports.findEarlierSameContent(qr, partnerId, sha256, importId);
      const failureReason =
        scan === null ? null : scan.ok ? emptyReason(scan.records) : scan.reason;
      await this.imports.finishUpload(qr, importId, {
        sizeBytes: size,
        sha256,
        duplicateOfImportId: failureReason ? null : (earlier?.id ?? null),
        totalRows: scan?.ok ? Math.max(0, scan.records - 1) : json ? null : 0,
        failureReason,
      });
      await qr.commitTransaction();
      if (failureReason) {
        const failed = await this.imports.findById(importId);
        return { view: toImportView(failed as ImportRow), replay: false };
      }
    } catch (err) {
      await qr.rollbackTransaction().catch(() => undefined);
      if (isUniqueViolation(err) && request.idempotencyKey) {
        const replay = await this.findReplay(partnerId, request.idempotencyKey);
        if (replay) return { view: replay, replay: true };
      }
      throw err;
    } finally {
      await qr.release();
    }
    // Stored durably: a failed or slow enqueue (Redis away) is repaired by the reconciler, so
    // the 202 stands, and says so.
    const enqueued = await this.dispatcher.tryEnqueueImport(importId);
    const row = (await this.imports.findById(importId)) as ImportRow;
    this.logger.log({
      event: 'import.accepted',
      importId,
      partnerCode: row.partnerCode,
      format: row.format,
      sizeBytes: Number(row.sizeBytes),
      dryRun: row.dryRun,
      atomic: row.atomic,
      queued: enqueued.queued,
      msg: `import ${importId} accepted`,
    });
    const view = toImportView(row);
    if (!enqueued.queued) {
      this.logger.warn(`import ${importId} stored but not enqueued (${enqueued.reason})`);
      view.notice = `The upload is stored; the job queue did not answer, so the import will be queued automatically (checked every ${this.config.reconcileEverySeconds} s) once it is back`;
    }
    return { view, replay: false };
  }

  private checkJsonShape(json: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.toString('utf8'));
    } catch {
      throw DomainError.validation('body', 'the body is not valid JSON');
    }
    const rows = (parsed as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rows))
      throw DomainError.validation('rows', 'the body must be {"rows": [ … ]}');
    if (rows.length === 0) throw DomainError.validation('rows', 'rows must not be empty');
  }

  private tooLarge(): DomainError {
    return new DomainError(
      'payload_too_large',
      `The upload is larger than the limit of ${this.config.importMaxBytes} bytes; split the roster`,
    );
  }

  private async findVisible(actor: Actor, id: string): Promise<ImportRow> {
    const row = await this.imports.findById(id);
    if (!row || !canSeePartner(actor, row.partnerId)) throw DomainError.notFound('Import');
    return row;
  }

  async get(actor: Actor, id: string): Promise<ImportView> {
    return toImportView(await this.findVisible(actor, id));
  }

  async list(actor: Actor, query: ListImportsQuery): Promise<Page<ImportView>> {
    const page = pageRequest(query);
    let partnerId: string | undefined;
    if (query.partner) partnerId = (await this.partners.findVisible(actor, query.partner)).id;
    const rows = await this.imports.listPage(
      { scope: partnerScope(actor), partnerId, status: query.status },
      page,
    );
    return toPage(rows, page.limit, toImportView);
  }

  async cancel(actor: Actor, id: string): Promise<ImportView> {
    const row = await this.findVisible(actor, id);
    if (row.status !== 'queued' && row.status !== 'processing') {
      throw DomainError.conflict(`The import is already ${row.status}; nothing to cancel`);
    }
    await this.imports.requestCancel(actor, id);
    return this.get(actor, id);
  }

  /** The problems CSV, produced page by page so a file with 300,000 problems streams. */
  async problemsCsv(actor: Actor, id: string): Promise<AsyncGenerator<string>> {
    await this.findVisible(actor, id);
    return this.problemLines(id);
  }

  private async *problemLines(id: string): AsyncGenerator<string> {
    yield csvLine(['line', 'column', 'code', 'severity', 'message']);
    let after: { line: number; id: string } | null = null;
    for (;;) {
      const page = await this.imports.problemsPage(id, after, 5000);
      if (page.length === 0) return;
      yield page.map((p) => csvLine([p.line, p.column, p.code, p.severity, p.message])).join('');
      const last = page[page.length - 1];
      after = { line: last.line, id: last.id };
    }
  }

  template(): string {
    return ROSTER_TEMPLATE_CSV;
  }
}
