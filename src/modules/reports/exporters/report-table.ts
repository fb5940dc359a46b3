// The tabular form of a targets report, shared by the CSV and XLSX exporters: one header row
// and the row fields in API order. Each exporter makes text inert for spreadsheets.
import type { TargetRow } from '../report-rows';

export { inertText } from '../../../core/http/csv-cell';

export type CellValue = string | number | null;

const COLUMNS: (keyof TargetRow)[] = [
  'key',
  'label',
  'target',
  'enrolled',
  'active',
  'completed',
  'dropped',
  'certified',
  'female',
  'completionPct',
  'enrollmentPct',
  'expectedCompletedByNow',
  'pace',
  'projectedAtEnd',
];

export function tableColumns(groupBy: string): string[] {
  return groupBy === 'partner' ? [...COLUMNS, 'lastImportAt'] : [...COLUMNS];
}

/** Values of one row in column order: numbers as numbers, text as is, null for empty. */
export function tableRow(row: TargetRow, columns: string[]): CellValue[] {
  return columns.map((c) => {
    const value = (row as unknown as Record<string, string | number | null | undefined>)[c];
    return value === undefined ? null : value;
  });
}
