// Trainee export: the caller's trainees with their enrollments in the roster template's
// columns, streamed page by page (never the whole result in memory, never a connection held
// while the client reads), formula-injection safe, scoped to the caller's partners.
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { Actor, partnerScope } from '../../core/auth/actor';
import { csvLine, inertText } from '../../core/http/csv-cell';
import { EXPORT_COLUMNS, exportCells, type ExportRow } from './trainee-export';
import type { ExportTraineesQuery } from './trainees.dto';
import { TraineesRepository, type TraineeExportFilter } from './trainees.repository';

const PAGE = 5000;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@Injectable()
export class TraineesExportService {
  constructor(private readonly trainees: TraineesRepository) {}

  /** A readable of the whole export; pages are read only as fast as the client takes them. */
  export(actor: Actor, query: ExportTraineesQuery): Readable {
    const filter: TraineeExportFilter = {
      partnerIds: partnerScope(actor),
      cnic: query.cnic,
      province: query.province,
      gender: query.gender,
      category: query.category,
      programCode: query.programCode,
      cohortCode: query.cohortCode,
      status: query.status,
    };
    const pages = this.pages(filter);
    // One page (a few hundred KB) buffered ahead at most: memory stays flat for any size.
    return query.format === 'xlsx'
      ? this.xlsx(pages)
      : Readable.from(this.csv(pages), { highWaterMark: 1 });
  }

  private async *pages(filter: TraineeExportFilter): AsyncGenerator<ExportRow[]> {
    let after = '0';
    for (;;) {
      const page = await this.trainees.exportPage(filter, after, PAGE);
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].seq;
    }
  }

  private async *csv(pages: AsyncGenerator<ExportRow[]>): AsyncGenerator<string> {
    yield csvLine(EXPORT_COLUMNS);
    for await (const page of pages) {
      yield page
        .map((r) => {
          const cells = exportCells(r);
          return csvLine(EXPORT_COLUMNS.map((c) => cells[c]));
        })
        .join('');
    }
  }

  private xlsx(pages: AsyncGenerator<ExportRow[]>): Readable {
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('trainees');
    const fill = async () => {
      sheet.addRow([...EXPORT_COLUMNS]).commit();
      for await (const page of pages) {
        for (const r of page) {
          const cells = exportCells(r);
          sheet
            .addRow(
              EXPORT_COLUMNS.map((c) => cells[c]).map((v) =>
                typeof v === 'string' ? inertText(v) : v,
              ),
            )
            .commit();
        }
        // Backpressure: the next page is read only once the client has taken this one.
        if (out.writableLength > out.writableHighWaterMark) await once(out, 'drain');
      }
      sheet.commit();
      await workbook.commit();
    };
    fill().catch((err: unknown) => out.destroy(err as Error));
    return out;
  }
}
