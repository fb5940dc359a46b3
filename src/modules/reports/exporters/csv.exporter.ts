// CSV export of a targets report, streamed line by line through the one CSV cell encoder
// (RFC 4180 quoting, formula-injection safe text, numbers as numbers).
import { Readable } from 'node:stream';
import { csvLine } from '../../../core/http/csv-cell';
import type { TargetRow } from '../report-rows';
import { tableColumns, tableRow } from './report-table';

function* csvLines(groupBy: string, rows: TargetRow[]): Generator<string> {
  const columns = tableColumns(groupBy);
  yield csvLine(columns);
  for (const row of rows) yield csvLine(tableRow(row, columns));
}

export function targetsCsv(groupBy: string, rows: TargetRow[]): Readable {
  return Readable.from(csvLines(groupBy, rows));
}
