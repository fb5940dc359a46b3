// The partners' door: stores an upload durably (chunked into Postgres inside one transaction)
// before answering 202, then hands it to the worker. Reads of status and problems are scoped
// to the caller's partners. No roster parsing happens here: that is the worker's job.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { actorUserId, partnerScope, type Actor } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { dayOf } from '../../core/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { isUniqueViolation } from '../../core/database/pg-errors';
import { csvLine } from '../../core/http/csv-cell';
import { DomainError } from '../../core/http/domain-error';
import { type Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { PartnersService } from '../partners/partners.service';
import { ImportView, ListImportsQuery, UploadQueryDto } from './imports.dto';
import { ImportsRepository, type ImportRow, type UploadKeep } from './imports.repository';
import { rejectedCsvRows, rejectedJsonRows, type RejectedLine } from './rejected-rows';
import { importerProblems, ROSTER_TEMPLATE_CSV } from './roster';
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
  if (row.appliedFromImportId) view.appliedFrom = row.appliedFromImportId;
  if (row.appliedAsImportId) view.appliedAs = row.appliedAsImportId;
  if (row.duplicateOfImportId) {
    view.duplicateOf = {
      importId: row.duplicateOfImportId,
      message: `this same file was imported before (import ${row.duplicateOfImportId}): rows that change nothing count as unchanged`,
    };
  }
  return view;
}

/** Downloads about an import are named after its upload: `march.csv` -> `march-problems.csv`. */
function fileStem(row: ImportRow): string {
  const name = row.filename?.replace(/\.(csv|json|txt)$/i, '').trim();
  return name || `import-${dayOf(row.createdAt)}`;
}

/** The spooled upload a chunk at a time; the file is opened only once the store reads it. */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    yield chunk as Buffer;
  }
}

/** What an upload request says before its body is read. */
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

  /**
   * POST /imports, the whole use case: checks that need no body (size declared, key), the
   * partner, a replay of an earlier upload with the same Idempotency-Key (its body is not
   * read), then the body received, checked, stored durably and enqueued. `openBody` is called
   * at most once, and only when the body is to be read.
   */
  async accept(
    actor: Actor,
    request: UploadRequest,
    openBody: () => Promise<UploadBody>,
  ): Promise<ImportView> {
    this.precheck(request);
    const partnerId = (await this.resolvePartner(actor, request.query.partner)).id;
    const replay = await this.findReplay(partnerId, request.idempotencyKey);
    if (replay) return replay;
    const { body, spooled } = await this.receive(partnerId, openBody);
    try {
      // An empty CSV is stored too: the worker fails it with a reason, as the contract says.
      if (spooled.size === 0 && body.format === 'json') {
        throw DomainError.validation('body', 'the body is empty');
      }
      if (spooled.json !== null) this.checkJsonShape(spooled.json);
      return await this.store(actor, partnerId, request, body, spooled);
    } finally {
      await spooled.discard();
    }
  }

  /** The partner an upload is for: the key's own, or `?partner=` for staff. */
  private async resolvePartner(actor: Actor, code: string | undefined): Promise<{ id: string }> {
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
  private precheck(request: UploadRequest): void {
    if (request.contentLength !== null && request.contentLength > this.config.importMaxBytes) {
      throw this.tooLarge();
    }
    const key = request.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > 200 || /[\p{Cc}]/u.test(key))) {
      throw DomainError.validation('Idempotency-Key', 'must be 1–200 printable characters');
    }
  }

  private async findReplay(partnerId: string, key: string | undefined): Promise<ImportView | null> {
    if (!key) return null;
    const earlier = await this.imports.findByIdempotencyKey(partnerId, key);
    return earlier ? toImportView(earlier) : null;
  }

  /**
   * Receives the body into a temporary file, so no database connection is held while the
   * client sends. At most a few uploads per partner at once; silences are bounded.
   */
  private async receive(
    partnerId: string,
    openBody: () => Promise<UploadBody>,
  ): Promise<{ body: UploadBody; spooled: SpooledUpload }> {
    const release = this.slots.acquire(partnerId);
    const idleMs = this.config.uploads.idleSeconds * 1000;
    try {
      // A multipart body whose file part never comes stalls here: bounded like any silence.
      const body = await withIdleLimit(openBody(), idleMs);
      const jsonLimited = body.format === 'json' && JSON_MAX_BYTES < this.config.importMaxBytes;
      const spooled = await spoolUpload(body, {
        maxBytes: jsonLimited ? JSON_MAX_BYTES : this.config.importMaxBytes,
        idleMs,
        tooLarge: () =>
          jsonLimited
            ? new DomainError(
                'payload_too_large',
                `JSON uploads are for small batches (at most ${JSON_MAX_BYTES} bytes); send large rosters as CSV`,
              )
            : this.tooLarge(),
      });
      return { body, spooled };
    } finally {
      release();
    }
  }

  /**
   * Stores the received upload with its import row (one transaction, owned by the repository),
   * then enqueues it. Two uploads racing with one Idempotency-Key: the second answers with the
   * first.
   */
  private async store(
    actor: Actor,
    partnerId: string,
    request: UploadRequest,
    body: UploadBody,
    spooled: SpooledUpload,
  ): Promise<ImportView> {
    const { scan, json } = spooled;
    const failureReason = scan === null ? null : scan.ok ? emptyReason(scan.records) : scan.reason;
    let importId: string;
    try {
      importId = await this.imports.storeUpload(
        {
          actor,
          partnerId,
          requestedByUserId: actorUserId(actor),
          filename: body.filename,
          contentType: body.contentType,
          format: body.format,
          idempotencyKey: request.idempotencyKey ?? null,
          dryRun: request.query.dryRun ?? false,
          atomic: request.query.atomic ?? false,
          sizeBytes: spooled.size,
          sha256: spooled.sha256,
          totalRows: scan?.ok ? Math.max(0, scan.records - 1) : json ? null : 0,
          failureReason,
        },
        fileChunks(spooled.path),
      );
    } catch (err) {
      const replay = isUniqueViolation(err)
        ? await this.findReplay(partnerId, request.idempotencyKey)
        : null;
      if (replay) return replay;
      throw err;
    }
    if (failureReason) return toImportView((await this.imports.findById(importId)) as ImportRow);
    return this.enqueue(importId);
  }

  /**
   * Hands a stored upload to the worker. Stored durably: a failed or slow enqueue (Redis away)
   * is repaired by the reconciler, so the 202 stands, and says so.
   */
  private async enqueue(importId: string): Promise<ImportView> {
    // `accepted` is logged before the enqueue: a worker in this process may start the job at once,
    // and an import's story must never show `started` before `accepted`.
    const stored = (await this.imports.findById(importId)) as ImportRow;
    this.logger.log({
      event: 'import.accepted',
      importId,
      partnerCode: stored.partnerCode,
      format: stored.format,
      sizeBytes: Number(stored.sizeBytes),
      dryRun: stored.dryRun,
      atomic: stored.atomic,
      msg: `import ${importId} accepted`,
    });
    const enqueued = await this.dispatcher.tryEnqueueImport(importId);
    const view = toImportView((await this.imports.findById(importId)) as ImportRow);
    if (!enqueued.queued) {
      this.logger.warn(`import ${importId} stored but not enqueued (${enqueued.reason})`);
      view.notice = `The upload is stored; the job queue did not answer, so the import will be queued automatically (checked every ${this.config.reconcileEverySeconds} s) once it is back`;
    }
    return view;
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
    return findVisibleOr404(actor, 'Import', this.imports.findById(id), byPartnerId);
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
  async problemsCsv(
    actor: Actor,
    id: string,
  ): Promise<{ lines: AsyncGenerator<string>; filename: string }> {
    const row = await this.findVisible(actor, id);
    return {
      lines: this.problemLines(id, actor.kind === 'partner'),
      filename: `${fileStem(row)}-problems.csv`,
    };
  }

  private async *problemLines(id: string, forPartner: boolean): AsyncGenerator<string> {
    yield csvLine(['line', 'column', 'code', 'severity', 'message']);
    let after: { line: number; id: string } | null = null;
    for (;;) {
      const page = await this.imports.problemsPage(id, after, 5000);
      if (page.length === 0) return;
      yield page
        .map((stored) => {
          // Staff see which identity columns differ; a partner reads that the row differs only.
          const p =
            forPartner && stored.code === 'identity_conflict'
              ? importerProblems.identityConflictForPartner(stored.line)
              : stored;
          return csvLine([p.line, p.column, p.code, p.severity, p.message]);
        })
        .join('');
      const last = page[page.length - 1];
      after = { line: last.line, id: last.id };
    }
  }

  private get keep(): UploadKeep {
    return {
      previewHours: this.config.importPreviewKeepHours,
      days: this.config.importUploadKeepDays,
    };
  }

  /**
   * POST /imports/{id}/apply: a completed dry run applied as a new import from the upload it
   * stored, without a second upload. 409 when it is not a completed dry run, when it was
   * applied already (two applies racing: the unique applied_from_import_id lets one through),
   * or when it is older than IMPORT_PREVIEW_KEEP_HOURS (its upload is no longer kept).
   */
  async apply(actor: Actor, id: string): Promise<ImportView> {
    const source = await this.findVisible(actor, id);
    if (!source.dryRun || source.status !== 'completed') {
      throw DomainError.conflict(
        source.dryRun
          ? `Only a completed preview can be applied; this one is ${source.status}`
          : 'This import is not a preview (dry run): it was applied when it ran',
      );
    }
    if (source.appliedAsImportId) throw this.alreadyApplied(source.appliedAsImportId);
    let newId: string | null;
    try {
      newId = await this.imports.insertApplied(actor, source, actorUserId(actor), this.keep);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const now = await this.imports.findById(id);
      throw this.alreadyApplied(now?.appliedAsImportId ?? null);
    }
    if (newId === null) {
      throw DomainError.conflict(
        `This preview is older than ${this.config.importPreviewKeepHours} hours and its file is no longer kept: upload the file again`,
      );
    }
    const enqueued = await this.dispatcher.tryEnqueueImport(newId);
    const view = toImportView((await this.imports.findById(newId)) as ImportRow);
    this.logger.log({
      event: 'import.accepted',
      importId: newId,
      partnerCode: view.partnerCode,
      appliedFrom: id,
      queued: enqueued.queued,
      msg: `import ${newId} accepted (applied from preview ${id})`,
    });
    if (!enqueued.queued) {
      view.notice = `The import is stored; the job queue did not answer, so it will be queued automatically (checked every ${this.config.reconcileEverySeconds} s) once it is back`;
    }
    return view;
  }

  private alreadyApplied(appliedAs: string | null): DomainError {
    return new DomainError(
      'conflict',
      'This preview was already applied',
      undefined,
      undefined,
      appliedAs ? { appliedAs } : undefined,
    );
  }

  /**
   * GET /imports/{id}/rejected.csv: the rejected records as sent, with a last `problem` column
   * (see rejected-rows.ts). 410 once the upload is no longer kept.
   */
  async rejectedCsv(
    actor: Actor,
    id: string,
  ): Promise<{ rows: AsyncGenerator<string>; filename: string }> {
    const row = await this.findVisible(actor, id);
    if (!(await this.imports.uploadKept(id, this.keep))) {
      throw new DomainError(
        'gone',
        row.dryRun
          ? `The file of a preview is kept for ${this.config.importPreviewKeepHours} hours; that time is over`
          : `Uploaded files are kept for ${this.config.importUploadKeepDays} days; that time is over`,
      );
    }
    return { rows: this.rejectedLines(row), filename: `${fileStem(row)}-rejected.csv` };
  }

  private async *rejectedLines(row: ImportRow): AsyncGenerator<string> {
    if (row.format === 'json') {
      const parts: Buffer[] = [];
      for await (const chunk of this.imports.uploadChunks(row.id)) parts.push(chunk);
      let rows: unknown[] = [];
      try {
        const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { rows?: unknown };
        if (Array.isArray(body.rows)) rows = body.rows;
      } catch {
        // Not JSON: the import failed with that reason and has no rejected rows.
      }
      const rejected: RejectedLine[] = [];
      for await (const r of this.rejectedReasons(row.id)) rejected.push(r);
      yield rejectedJsonRows(rows, rejected).join('');
      return;
    }
    yield* rejectedCsvRows(this.imports.uploadChunks(row.id), this.rejectedReasons(row.id));
  }

  private async *rejectedReasons(importId: string): AsyncGenerator<RejectedLine> {
    let after = 0;
    for (;;) {
      const page = await this.imports.rejectedLinesPage(importId, after, 5000);
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1].line;
    }
  }

  /** The retention sweep: deletes expired stored uploads; returns how many. */
  async deleteExpiredUploads(limit = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.imports.deleteExpiredUploads(this.keep, limit);
      total += deleted;
      if (deleted < limit) return total;
    }
  }

  template(): string {
    return ROSTER_TEMPLATE_CSV;
  }
}
