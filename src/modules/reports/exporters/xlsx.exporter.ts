// XLSX export of a targets report: one sheet, one header row, numbers as numeric cells and
// formula-safe text cells, through the API's one workbook writer.
import type { Readable } from 'node:stream';
import { xlsxStream } from '../../../core/http/xlsx-writer';
import type { TargetRow } from '../report-rows';
import { tableColumns, tableRow } from './report-table';

export { XLSX_CONTENT_TYPE } from '../../../core/http/xlsx-writer';

export function targetsXlsx(groupBy: string, rows: TargetRow[]): Readable {
  const columns = tableColumns(groupBy);
  return xlsxStream(
    'targets',
    columns,
    rows.map((row) => tableRow(row, columns)),
  );
}
