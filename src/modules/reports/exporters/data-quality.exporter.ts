// CSV and XLSX of the data-quality report: one row per partner, nested fields flattened into
// readable columns, through the one CSV cell encoder and the one workbook writer.
import { Readable } from 'node:stream';
import { csvLine } from '../../../core/http/csv-cell';
import { xlsxStream } from '../../../core/http/xlsx-writer';
import type { DataQualityItemView } from '../data-quality.dto';
import type { CellValue } from './report-table';

export const DATA_QUALITY_COLUMNS = [
  'partnerCode',
  'lastImportAt',
  'daysSinceLastImport',
  'stale',
  'imports30d',
  'rows30d',
  'rejectedPct30d',
  'warningsPct30d',
  'topProblems',
  'openIdentityConflicts',
  'missingDateOfBirth',
  'missingProvince',
  'missingDistrict',
  'missingPhone',
  'sharedTrainees',
] as const;

export function dataQualityRow(item: DataQualityItemView): CellValue[] {
  return [
    item.partnerCode,
    item.lastImportAt,
    item.daysSinceLastImport,
    item.stale ? 'yes' : 'no',
    item.imports30d,
    item.rows30d,
    item.rejectedPct30d,
    item.warningsPct30d,
    item.topProblems.map((p) => `${p.code} ${p.count}`).join('; '),
    item.openIdentityConflicts,
    item.missing.dateOfBirth,
    item.missing.province,
    item.missing.district,
    item.missing.phone,
    item.sharedTrainees,
  ];
}

export function dataQualityCsv(items: DataQualityItemView[]): Readable {
  return Readable.from(
    (function* () {
      yield csvLine(DATA_QUALITY_COLUMNS);
      for (const item of items) yield csvLine(dataQualityRow(item));
    })(),
  );
}

export function dataQualityXlsx(items: DataQualityItemView[]): Readable {
  return xlsxStream('data quality', DATA_QUALITY_COLUMNS, items.map(dataQualityRow));
}
