// Trainee export: the caller's trainees with their enrollments in the roster template's
// columns, scoped to the caller's partners, formula-injection safe. Postgres writes the rows
// (one COPY, one snapshot) into a private temporary file at its own speed and the client reads
// from that file at its pace: the database connection is held only while Postgres writes, never
// while the client's network is slow, and memory stays flat for any size.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Actor, partnerScope } from '../../core/auth/actor';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { ConcurrencySlots } from '../../core/http/concurrency-slots';
import { FileSpool } from '../../core/http/file-spool';
import { xlsxStream, type XlsxCell } from '../../core/http/xlsx-writer';
import { readCsv } from '../imports/roster/roster-csv-reader';
import { EXPORT_COLUMNS, type TraineeExportFilter } from './trainee-export';
import type { ExportTraineesQuery } from './trainees.dto';
import { TraineesRepository } from './trainees.repository';

const PROGRESS_COLUMN = EXPORT_COLUMNS.indexOf('progress_pct');

@Injectable()
export class TraineesExportService {
  private readonly logger = new Logger('TraineeExport');
  private readonly slots: ConcurrencySlots;

  constructor(
    private readonly trainees: TraineesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.slots = new ConcurrencySlots(
      { perOwner: config.exports.perOwner, total: config.exports.total },
      { what: 'exports', owner: 'caller', served: 'are prepared' },
    );
  }

  /**
   * The whole export as a stream. Refused with 429 past the caller's or the process's share of
   * exports; a query that fails at once is thrown here, before any byte of the answer.
   */
  async export(actor: Actor, query: ExportTraineesQuery): Promise<Readable> {
    const filter: TraineeExportFilter = {
      partnerIds: partnerScope(actor),
      cnic: query.cnic,
      province: query.province,
      gender: query.gender,
      category: query.category,
      programCode: query.programCode,
      cohortCode: query.cohortCode,
      status: query.status,
      suppliedIdentity: actor.kind === 'partner',
    };
    const release = this.slots.acquire(callerKey(actor));
    let spool: FileSpool;
    try {
      spool = await FileSpool.open(
        'sdt-export-',
        this.config.exports.idleSeconds * 1000,
        this.config.exports.maxSeconds * 1000,
      );
    } catch (err) {
      release();
      throw err;
    }
    // The slot is held until the client has the whole file or is gone, so stalled clients
    // count against the caller's share; the connection only until the COPY ends.
    spool.source.once('close', release);
    const started = Date.now();
    this.trainees.copyExport(filter, spool.sink).then(
      () => this.logger.log({ event: 'export.written', ms: Date.now() - started }),
      (err: unknown) => this.logger.error({ event: 'export.failed', error: String(err) }),
    );
    try {
      await spool.started();
    } catch (err) {
      spool.source.destroy();
      throw err;
    }
    return query.format === 'xlsx' ? this.xlsx(spool.source) : spool.source;
  }

  /** The same rows as a workbook: the CSV Postgres wrote, cell by cell. */
  private xlsx(csv: Readable): Readable {
    async function* rows(): AsyncGenerator<XlsxCell[]> {
      let header = true;
      for await (const entry of readCsv(csv)) {
        if (entry.kind !== 'record') throw new Error(`export line ${entry.line}: ${entry.detail}`);
        if (header) {
          header = false;
          continue;
        }
        yield entry.cells.map((v, i) => (v === '' ? null : i === PROGRESS_COLUMN ? Number(v) : v));
      }
    }
    const workbook = xlsxStream('trainees', EXPORT_COLUMNS, rows());
    // The client went away: stop reading the spool, which frees it.
    workbook.once('close', () => csv.destroy());
    return workbook;
  }
}

/** Whose share of exports a request uses: the staff user's, or the partner's (key or user). */
function callerKey(actor: Actor): string {
  return actor.kind === 'partner' ? `partner:${actor.partnerId}` : `user:${actor.id}`;
}
