// Validates one roster record (CSV or JSON) into a typed, normalized RosterRow, or into every
// problem the row has (one per bad column), so a partner fixes a row in one go. Field rules come
// from core/rules (the same ones the DTOs use); only the roster's cross-field rules live here.
// Pure: no database and no clock: "today" comes from the caller (the worker's core/clock day).
import {
  COHORT_CODE_PATTERN,
  MIN_TRAINEE_AGE,
  TEXT_LIMITS,
  checkBirthDate,
  checkNotInFuture,
  cnicGenderWarning,
  normalizeCategory,
  normalizeCnic,
  normalizeDate,
  normalizeEmail,
  normalizeEnrollmentStatus,
  normalizeFullName,
  normalizeGender,
  normalizePhone,
  normalizeProgressPct,
  normalizeProvince,
  normalizeText,
  type Category,
  type EnrollmentStatus,
  type Gender,
  type ProvinceCode,
  type RuleResult,
} from '../../../core/rules';
import {
  MAX_CELL_LENGTH,
  REQUIRED_ROSTER_COLUMNS,
  ROSTER_COLUMNS,
  ROSTER_JSON_FIELDS,
  type RosterColumn,
} from './roster-columns';
import {
  ROSTER_PROBLEM_CODES,
  problem,
  shownColumnName,
  type Problem,
  type RosterProblemCode,
} from './roster-problems';

/** One record as read from the file: cell text by column; a column the file lacks is undefined. */
export type RawRosterRow = Partial<Record<RosterColumn, string | undefined>>;

export type RosterCertification = { name: string; certificateNumber: string; issuedOn?: string };

/** A valid row, normalized. An absent optional field means "leave what is stored". */
export type RosterRow = {
  cnic: string;
  fullName: string;
  gender: Gender;
  cohortCode: string;
  dateOfBirth?: string;
  province?: ProvinceCode;
  district?: string;
  email?: string;
  phone?: string;
  category?: Category;
  externalId?: string;
  status?: EnrollmentStatus;
  progressPct?: number;
  enrolledOn?: string;
  completedOn?: string;
  certification?: RosterCertification;
};

export type RowResult =
  { ok: true; row: RosterRow; warnings: Problem[] } | { ok: false; problems: Problem[] };

export type ValidateRowOptions = {
  /** 'YYYY-MM-DD' against which "in the future" and ages are judged: the caller's clock day. */
  today: string;
};

// The date rules (and which day "today" is) are the API's too: see core/rules/date-rules.ts
// and core/clock.
export { MIN_TRAINEE_AGE };

function asProblemCode(code: string): RosterProblemCode {
  return Object.hasOwn(ROSTER_PROBLEM_CODES, code) ? (code as RosterProblemCode) : 'bad_row';
}

/** The problems of one row so far: the first per column stands. */
class RowProblems {
  // Made on the first problem only: most rows have none, and a Map per row of a 300,000-row
  // roster was garbage the worker collected for nothing.
  private byColumn: Map<RosterColumn, Problem> | null = null;

  constructor(private readonly line: number) {}

  get any(): boolean {
    return this.byColumn !== null;
  }

  has(column: RosterColumn): boolean {
    return this.byColumn !== null && this.byColumn.has(column);
  }

  fail(column: RosterColumn, code: RosterProblemCode, message: string): void {
    this.byColumn ??= new Map();
    if (!this.byColumn.has(column))
      this.byColumn.set(column, problem(this.line, column, code, message));
  }

  /** A rule's verdict on a column: nothing when it passed. */
  rule(column: RosterColumn, result: RuleResult<unknown>): void {
    if (!result.ok) this.fail(column, asProblemCode(result.code), result.message);
  }

  /** In the file's column order. */
  list(): Problem[] {
    const problems: Problem[] = [];
    if (this.byColumn === null) return problems;
    for (const column of ROSTER_COLUMNS) {
      const p = this.byColumn.get(column);
      if (p) problems.push(p);
    }
    return problems;
  }
}

type Cells = Partial<Record<RosterColumn, string>>;

/** Every cell: trimmed, no control characters, at most MAX_CELL_LENGTH; empty = not given. */
function readCells(raw: RawRosterRow, found: RowProblems): Cells {
  const cells: Cells = {};
  for (const column of ROSTER_COLUMNS) {
    const value: unknown = raw[column];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      found.fail(column, 'bad_row', `${column} must be text`);
      continue;
    }
    // A name's own rule judges its control characters (invalid_name, as API.md says).
    if (column === 'full_name' && value.length <= MAX_CELL_LENGTH) {
      if (value.trim() !== '') cells[column] = value;
      continue;
    }
    const text = normalizeText(value, { maxLength: MAX_CELL_LENGTH });
    if (!text.ok) found.fail(column, asProblemCode(text.code), text.message);
    else if (text.value !== '') cells[column] = text.value;
  }
  for (const column of REQUIRED_ROSTER_COLUMNS) {
    if (cells[column] === undefined) found.fail(column, 'required', `${column} is required`);
  }
  return cells;
}

function maxText(maxLength: number): (s: string) => RuleResult<string> {
  return (s) => normalizeText(s, { maxLength });
}
const districtText = maxText(TEXT_LIMITS.district);
const externalIdText = maxText(TEXT_LIMITS.externalId);
const certificationNameText = maxText(TEXT_LIMITS.certificationName);
const certificateNumberText = maxText(TEXT_LIMITS.certificateNumber);

/** Each given cell through its field rule; undefined where absent or wrong. */
function parseFields(cells: Cells, found: RowProblems) {
  const field = <T>(column: RosterColumn, rule: (s: string) => RuleResult<T>): T | undefined => {
    const cell = cells[column];
    if (cell === undefined || found.has(column)) return undefined;
    const result = rule(cell);
    if (result.ok) return result.value;
    found.fail(column, asProblemCode(result.code), result.message);
    return undefined;
  };
  return {
    cnic: field('cnic', normalizeCnic),
    fullName: field('full_name', normalizeFullName),
    gender: field('gender', normalizeGender),
    cohortCode: field('cohort_code', normalizeCohortCode),
    dateOfBirth: field('date_of_birth', normalizeDate),
    province: field('province', normalizeProvince),
    district: field('district', districtText),
    email: field('email', normalizeEmail),
    phone: field('phone', normalizePhone),
    category: field('category', normalizeCategory),
    externalId: field('external_id', externalIdText),
    status: field('status', normalizeEnrollmentStatus),
    progressPct: field('progress_pct', normalizeProgressPct),
    enrolledOn: field('enrolled_on', normalizeDate),
    completedOn: field('completed_on', normalizeDate),
    certificationName: field('certification', certificationNameText),
    certificateNumber: field('certificate_number', certificateNumberText),
    certifiedOn: field('certified_on', normalizeDate),
  };
}

type Fields = ReturnType<typeof parseFields>;

/** Status, progress and completion agree; a completed enrollment without progress is at 100. */
function checkCompletion(fields: Fields, today: string, found: RowProblems): void {
  const { status, enrolledOn, completedOn } = fields;
  if (status === 'completed') {
    if (fields.progressPct === undefined) fields.progressPct = 100;
    else if (fields.progressPct < 100) {
      found.fail(
        'progress_pct',
        'invalid_progress',
        'a completed enrollment has progress_pct 100: write 100 or leave it empty',
      );
    }
  }
  if (completedOn === undefined) return;
  if (status !== undefined && status !== 'completed') {
    found.fail(
      'completed_on',
      'inconsistent_status',
      'completed_on is only allowed when status is completed: clear it or set status to completed',
    );
  } else if (enrolledOn !== undefined && completedOn < enrolledOn) {
    found.fail('completed_on', 'invalid_date', 'completed_on cannot be before enrolled_on');
  } else {
    found.rule('completed_on', checkNotInFuture(completedOn, today, 'completed_on'));
  }
}

/** A certificate has a name and a number, or neither (then no date either). */
function checkCertification(cells: Cells, found: RowProblems): void {
  const hasName = cells.certification !== undefined;
  const hasNumber = cells.certificate_number !== undefined;
  if (hasName !== hasNumber) {
    const [missing, given] = hasName
      ? (['certificate_number', 'certification'] as const)
      : (['certification', 'certificate_number'] as const);
    found.fail(
      missing,
      'incomplete_certification',
      `${missing} is required when ${given} is given (certification and certificate_number go together)`,
    );
  } else if (!hasName && cells.certified_on !== undefined) {
    for (const missing of ['certification', 'certificate_number'] as const) {
      found.fail(
        missing,
        'incomplete_certification',
        `${missing} is required when certified_on is given (certification and certificate_number go together)`,
      );
    }
  }
}

/** The valid row, its absent optional fields left out. */
function toRosterRow(fields: Fields): RosterRow {
  const { cnic, fullName, gender, cohortCode } = fields;
  // No error means every required field was parsed; the checks narrow the types for TypeScript.
  if (
    cnic === undefined ||
    fullName === undefined ||
    gender === undefined ||
    cohortCode === undefined
  ) {
    throw new Error('roster row validated without its required fields');
  }
  const row: RosterRow = { cnic, fullName, gender, cohortCode };
  if (fields.dateOfBirth !== undefined) row.dateOfBirth = fields.dateOfBirth;
  if (fields.province !== undefined) row.province = fields.province;
  if (fields.district !== undefined) row.district = fields.district;
  if (fields.email !== undefined) row.email = fields.email;
  if (fields.phone !== undefined) row.phone = fields.phone;
  if (fields.category !== undefined) row.category = fields.category;
  if (fields.externalId !== undefined) row.externalId = fields.externalId;
  if (fields.status !== undefined) row.status = fields.status;
  if (fields.progressPct !== undefined) row.progressPct = fields.progressPct;
  if (fields.enrolledOn !== undefined) row.enrolledOn = fields.enrolledOn;
  if (fields.completedOn !== undefined) row.completedOn = fields.completedOn;
  const { certificationName: name, certificateNumber, certifiedOn } = fields;
  if (name !== undefined && certificateNumber !== undefined) {
    row.certification = { name, certificateNumber };
    if (certifiedOn !== undefined) row.certification.issuedOn = certifiedOn;
  }
  return row;
}

export function validateRow(
  raw: RawRosterRow,
  line: number,
  options: ValidateRowOptions,
): RowResult {
  const { today } = options;
  const found = new RowProblems(line);
  const cells = readCells(raw, found);
  const fields = parseFields(cells, found);
  // Rules across fields.
  if (fields.dateOfBirth !== undefined) {
    found.rule('date_of_birth', checkBirthDate(fields.dateOfBirth, today, 'date_of_birth'));
  }
  checkCompletion(fields, today, found);
  checkCertification(cells, found);
  if (fields.certifiedOn !== undefined) {
    found.rule('certified_on', checkNotInFuture(fields.certifiedOn, today, 'certified_on'));
  }
  if (found.any) return { ok: false, problems: found.list() };

  const row = toRosterRow(fields);
  const warnings: Problem[] = [];
  const mismatch = cnicGenderWarning(row.cnic, row.gender);
  if (mismatch) warnings.push(problem(line, 'gender', mismatch.code, mismatch.message));
  return { ok: true, row, warnings };
}

export const COHORT_CODE_MESSAGE =
  'cohort_code must be 2 to 64 characters: letters, digits, - or _ (e.g. HW-LHR-2026-01)';

/** Cohort codes are stored upper-case; partners often type them in lower case. */
export function normalizeCohortCode(raw: string): RuleResult<string> {
  const code = raw.trim().toUpperCase();
  return COHORT_CODE_PATTERN.test(code)
    ? { ok: true, value: code }
    : { ok: false, code: 'invalid_code', message: COHORT_CODE_MESSAGE };
}

// ---------------------------------------------------------------------------------------------
// JSON rows (`{rows:[{cnic, fullName, …}]}`) become the same RawRosterRow a CSV record gives.

export type JsonRowResult =
  { ok: true; raw: RawRosterRow; warnings: Problem[] } | { ok: false; problems: Problem[] };

const COLUMN_BY_JSON_FIELD: ReadonlyMap<string, RosterColumn> = new Map(
  ROSTER_COLUMNS.map((c): [string, RosterColumn] => [ROSTER_JSON_FIELDS[c], c]),
);

/**
 * Reads one element of a JSON roster's `rows`. Strings are kept, numbers and booleans become
 * their text (so `progressPct: 55` works), null means not given; a nested object or array is
 * `bad_row` on that column. Unknown fields warn (`unknown_column`) and are ignored. `line` is
 * the caller's numbering of the row (the importer uses its position, 1-based).
 */
export function rosterRawFromJson(value: unknown, line: number): JsonRowResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problems: [problem(line, '', 'bad_row', 'each element of rows must be a JSON object')],
    };
  }
  const raw: RawRosterRow = {};
  const warnings: Problem[] = [];
  const problems: Problem[] = [];
  for (const [key, cell] of Object.entries(value as Record<string, unknown>)) {
    const column = COLUMN_BY_JSON_FIELD.get(key);
    if (column === undefined) {
      const snake = ROSTER_COLUMNS.find((c) => c === key);
      warnings.push(
        problem(
          line,
          shownColumnName(key),
          'unknown_column',
          snake
            ? `unknown field, ignored: JSON rows use camelCase, write ${ROSTER_JSON_FIELDS[snake]}`
            : 'unknown field, ignored',
        ),
      );
      continue;
    }
    if (cell === null || cell === undefined) continue;
    if (typeof cell === 'string') raw[column] = cell;
    else if (typeof cell === 'number' || typeof cell === 'boolean') raw[column] = String(cell);
    else {
      problems.push(
        problem(line, column, 'bad_row', `${column} must be a single text or number value`),
      );
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, raw, warnings };
}
