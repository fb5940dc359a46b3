// XLSX export of a targets report: a real workbook written as a stream (exceljs), one sheet,
// one header row, numbers as numeric cells and formula-safe text cells.
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { TargetRow } from '../report-rows';
import { type CellValue, inertText, tableColumns, tableRow } from './report-table';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function targetsXlsx(groupBy: string, rows: TargetRow[]): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('targets');
  const columns = tableColumns(groupBy);
  const safe = (v: CellValue) => (typeof v === 'string' ? inertText(v) : v);
  sheet.addRow(columns).commit();
  for (const row of rows) sheet.addRow(tableRow(row, columns).map(safe)).commit();
  sheet.commit();
  workbook.commit().catch((err: unknown) => out.destroy(err as Error));
  return out;
}
