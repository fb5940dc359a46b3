// The roster's columns as API.md fixes them: CSV names (snake_case), their JSON twins (camelCase)
// and the downloadable template. Every other roster file reads the column list from here, so a
// column is added or renamed in one place and the template, header check and validator follow.

export const ROSTER_COLUMNS = [
  'cnic',
  'full_name',
  'gender',
  'cohort_code',
  'date_of_birth',
  'province',
  'district',
  'email',
  'phone',
  'category',
  'external_id',
  'status',
  'progress_pct',
  'enrolled_on',
  'completed_on',
  'certification',
  'certificate_number',
  'certified_on',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export const REQUIRED_ROSTER_COLUMNS = ['cnic', 'full_name', 'gender', 'cohort_code'] as const;
export type RequiredRosterColumn = (typeof REQUIRED_ROSTER_COLUMNS)[number];

export function isRosterColumn(name: string): name is RosterColumn {
  return (ROSTER_COLUMNS as readonly string[]).includes(name);
}

export function isRequiredRosterColumn(column: RosterColumn): column is RequiredRosterColumn {
  return (REQUIRED_ROSTER_COLUMNS as readonly string[]).includes(column);
}

/** snake_case CSV column -> camelCase JSON field (`{rows:[{cnic, fullName, …}]}`). */
export const ROSTER_JSON_FIELDS: Record<RosterColumn, string> = {
  cnic: 'cnic',
  full_name: 'fullName',
  gender: 'gender',
  cohort_code: 'cohortCode',
  date_of_birth: 'dateOfBirth',
  province: 'province',
  district: 'district',
  email: 'email',
  phone: 'phone',
  category: 'category',
  external_id: 'externalId',
  status: 'status',
  progress_pct: 'progressPct',
  enrolled_on: 'enrolledOn',
  completed_on: 'completedOn',
  certification: 'certification',
  certificate_number: 'certificateNumber',
  certified_on: 'certifiedOn',
};

/** The longest cell a roster may carry; longer cells are refused (`too_long`) before any rule runs. */
export const MAX_CELL_LENGTH = 1000;

const TEMPLATE_EXAMPLE: Record<RosterColumn, string> = {
  cnic: '35202-1234567-2',
  full_name: 'Ayesha Khan',
  gender: 'female',
  cohort_code: 'HW-LHR-2026-01',
  date_of_birth: '2001-04-17',
  province: 'PB',
  district: 'Lahore',
  email: 'ayesha.khan@example.com',
  phone: '03001234567',
  category: 'youth',
  external_id: 'HW-000123',
  status: 'completed',
  progress_pct: '100',
  enrolled_on: '2026-01-12',
  completed_on: '2026-03-28',
  certification: 'HCIA-AI',
  certificate_number: 'HCIA-AI-2026-000123',
  certified_on: '2026-04-02',
};

/** `GET /api/v1/imports/template.csv`: the header row and one example row that passes validation. */
export const ROSTER_TEMPLATE_CSV = `${ROSTER_COLUMNS.join(',')}\r\n${ROSTER_COLUMNS.map(
  (c) => TEMPLATE_EXAMPLE[c],
).join(',')}\r\n`;
