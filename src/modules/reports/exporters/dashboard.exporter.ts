// The dashboard's whole view as one workbook: a first sheet naming the filters, the as-of
// time and what "unique" and "summed" mean, then a sheet per breakdown with readable headers.
import type { Readable } from 'node:stream';
import { PROVINCES } from '../../../core/rules';
import type { DashboardView } from '../dashboard.dto';
import type { TargetRowView } from '../reports.dto';
import { type XlsxCell, type XlsxSheet, workbookStream } from '../../../core/http/xlsx-writer';
import { dataQualityRow } from './data-quality.exporter';

export interface DashboardFilterWords {
  partner?: string;
  program?: string;
  province?: string;
}

const ROW_HEADERS = [
  'Target',
  'Enrolled',
  'Active',
  'Completed',
  'Dropped',
  'Certified',
  'Women enrolled',
  'Completed % of target',
  'Enrolled % of target',
  'Expected completed by today',
  'Shortfall (expected − completed)',
  'Pace',
  'Projected at end',
];

function rowCells(r: TargetRowView): XlsxCell[] {
  return [
    r.target,
    r.enrolled,
    r.active,
    r.completed,
    r.dropped,
    r.certified,
    r.female,
    r.completionPct,
    r.enrollmentPct,
    r.expectedCompletedByNow,
    r.expectedCompletedByNow === null ? null : r.expectedCompletedByNow - r.completed,
    r.pace === null ? null : r.pace.replace('_', ' '),
    r.projectedAtEnd,
  ];
}

function rowsSheet(name: string, first: string, rows: TargetRowView[], code = false): XlsxSheet {
  return {
    name,
    header: [...(code ? ['Code'] : []), first, ...ROW_HEADERS],
    rows: rows.map((r) => [...(code ? [r.key] : []), r.label, ...rowCells(r)]),
  };
}

/** `national-progress-sindh-2026-12-03.xlsx`: the filters in the name. */
export function dashboardFileName(filters: DashboardFilterWords, today: string): string {
  const province = filters.province
    ? (PROVINCES[filters.province as keyof typeof PROVINCES] ?? filters.province)
    : undefined;
  return `${['national-progress', filters.partner, filters.program, province, today]
    .filter((p): p is string => Boolean(p))
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-'))
    .join('-')}.xlsx`;
}

export function dashboardXlsx(
  view: DashboardView,
  filters: DashboardFilterWords,
  printedBy: string,
  now: Date,
): Readable {
  const n = view.national;
  const about: XlsxCell[][] = [
    ['Skills Drive Tracker: progress', ''],
    ['Partner filter', filters.partner ?? 'all partners'],
    ['Program filter', filters.program ?? 'all programs'],
    ['Province filter', filters.province ?? 'all provinces'],
    [
      'Partners in scope',
      view.scopePartners ? view.scopePartners.map((p) => p.code).join(', ') : 'every partner',
    ],
    ['Figures as of (UTC)', view.asOf ?? 'not computed yet'],
    ['Exported (UTC)', now.toISOString()],
    ['Exported by', printedBy],
    ['', ''],
    [
      'Unique',
      'A trainee counts once however many partners enrolled them (by CNIC identity): the national totals.',
    ],
    [
      'Summed over partners',
      "Each partner's own distinct trainees added up: higher than unique by the trainees shared between partners. Rows that span partners (province, gender, track, month) are summed.",
    ],
    [
      'Shortfall',
      'Expected completed by today (the target times the elapsed share of the program) minus completed.',
    ],
    ['Targets under a province filter', 'A row without a province sub-target has no target.'],
  ];
  if (n) {
    about.push(
      ['', ''],
      ['National totals (do not follow the filters)', ''],
      ['Enrolled, unique', n.unique.enrolled],
      ['Completed, unique', n.unique.completed],
      ['Certified, unique', n.unique.certified],
      ['Women, unique', n.unique.female],
      ['Enrolled, summed over partners', n.sumOverPartners.enrolled],
      ['Trainees with more than one partner', n.sharedTrainees],
    );
  }
  const sheets: XlsxSheet[] = [
    { name: 'About this workbook', header: ['Item', 'Value'], rows: about },
    rowsSheet('Partners', 'Partner', view.partners, true),
    rowsSheet('Programs', 'Program', view.programs, true),
    rowsSheet('By province', 'Province', view.province),
    rowsSheet('By gender', 'Gender', view.gender),
    rowsSheet('By track', 'Track', view.track),
    rowsSheet('By month', 'Month', view.month),
    {
      name: 'Data quality',
      header: [
        'Partner',
        'Last completed import (UTC)',
        'Days since',
        'Stale',
        'Imports, 30 days',
        'Rows, 30 days',
        'Rejected %',
        'Rows with warnings %',
        'Top problems',
        'Open identity conflicts',
        'No birth date',
        'No province',
        'No district',
        'No phone',
        'Shared trainees',
      ],
      rows: view.dataQuality.map(dataQualityRow),
    },
  ];
  if (view.series) {
    sheets.push({
      name: `Over time ${view.series.program}`,
      header: ['Date', 'Completed (cumulative)', 'Target line'],
      rows: view.series.points.map((p) => [p.date, p.value, p.target]),
    });
  }
  return workbookStream(sheets);
}
