// Validates one roster record (CSV or JSON) into a typed, normalized RosterRow, or into every
// problem the row has (one per bad column), so a partner fixes a row in one go. Field rules come
// from core/rules (the same ones the DTOs use); only the roster's cross-field rules live here.
// Pure: no database, no clock except "today", which a caller (a test) may fix.
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
  pakistanToday,
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
  /** 'YYYY-MM-DD' against which "in the future" and ages are judged; default: today in Pakistan. */
  today?: string;
};

// The date rules (and "today") are the API's too: see core/rules/date-rules.ts.
export { MIN_TRAINEE_AGE, pakistanToday };

function asProblemCode(code: string): RosterProblemCode {
  return Object.hasOwn(ROSTER_PROBLEM_CODES, code) ? (code as RosterProblemCode) : 'bad_row';
}

export function validateRow(
  raw: RawRosterRow,
  line: number,
  options: ValidateRowOptions = {},
): RowResult {
  const today = options.today ?? pakistanToday();
  const errors = new Map<RosterColumn, Problem>();
  const fail = (column: RosterColumn, code: RosterProblemCode, message: string): void => {
    if (!errors.has(column)) errors.set(column, problem(line, column, code, message));
  };

  // 1. Every cell: trimmed, no control characters, at most MAX_CELL_LENGTH; empty = not given.
  const cells: Partial<Record<RosterColumn, string>> = {};
  for (const column of ROSTER_COLUMNS) {
    const value: unknown = raw[column];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      fail(column, 'bad_row', `${column} must be text`);
      continue;
    }
    // A name's own rule judges its control characters (invalid_name, as API.md says).
    if (column === 'full_name' && value.length <= MAX_CELL_LENGTH) {
      if (value.trim() !== '') cells[column] = value;
      continue;
    }
    const text = normalizeText(value, { maxLength: MAX_CELL_LENGTH });
    if (!text.ok) fail(column, asProblemCode(text.code), text.message);
    else if (text.value !== '') cells[column] = text.value;
  }
  for (const column of REQUIRED_ROSTER_COLUMNS) {
    if (cells[column] === undefined) fail(column, 'required', `${column} is required`);
  }

  // 2. Each given cell through its field rule.
  const field = <T>(column: RosterColumn, rule: (s: string) => RuleResult<T>): T | undefined => {
    const cell = cells[column];
    if (cell === undefined || errors.has(column)) return undefined;
    const result = rule(cell);
    if (result.ok) return result.value;
    fail(column, asProblemCode(result.code), result.message);
    return undefined;
  };
  const text = (maxLength: number) => (s: string) => normalizeText(s, { maxLength });

  const cnic = field('cnic', normalizeCnic);
  const fullName = field('full_name', normalizeFullName);
  const gender = field('gender', normalizeGender);
  const cohortCode = field('cohort_code', normalizeCohortCode);
  const dateOfBirth = field('date_of_birth', normalizeDate);
  const province = field('province', normalizeProvince);
  const district = field('district', text(TEXT_LIMITS.district));
  const email = field('email', normalizeEmail);
  const phone = field('phone', normalizePhone);
  const category = field('category', normalizeCategory);
  const externalId = field('external_id', text(TEXT_LIMITS.externalId));
  const status = field('status', normalizeEnrollmentStatus);
  let progressPct = field('progress_pct', normalizeProgressPct);
  const enrolledOn = field('enrolled_on', normalizeDate);
  const completedOn = field('completed_on', normalizeDate);
  const certificationName = field('certification', text(TEXT_LIMITS.certificationName));
  const certificateNumber = field('certificate_number', text(TEXT_LIMITS.certificateNumber));
  const certifiedOn = field('certified_on', normalizeDate);

  // 3. Rules across fields.
  const dateRule = (column: RosterColumn, result: RuleResult<string>): void => {
    if (!result.ok) fail(column, asProblemCode(result.code), result.message);
  };
  if (dateOfBirth !== undefined) {
    dateRule('date_of_birth', checkBirthDate(dateOfBirth, today, 'date_of_birth'));
  }
  if (status === 'completed') {
    if (progressPct === undefined) progressPct = 100;
    else if (progressPct < 100) {
      fail(
        'progress_pct',
        'invalid_progress',
        'a completed enrollment has progress_pct 100: write 100 or leave it empty',
      );
    }
  }
  if (completedOn !== undefined) {
    if (status !== undefined && status !== 'completed') {
      fail(
        'completed_on',
        'inconsistent_status',
        'completed_on is only allowed when status is completed: clear it or set status to completed',
      );
    } else if (enrolledOn !== undefined && completedOn < enrolledOn) {
      fail('completed_on', 'invalid_date', 'completed_on cannot be before enrolled_on');
    } else {
      dateRule('completed_on', checkNotInFuture(completedOn, today, 'completed_on'));
    }
  }
  const hasName = cells.certification !== undefined;
  const hasNumber = cells.certificate_number !== undefined;
  if (hasName !== hasNumber) {
    const [missing, given] = hasName
      ? (['certificate_number', 'certification'] as const)
      : (['certification', 'certificate_number'] as const);
    fail(
      missing,
      'incomplete_certification',
      `${missing} is required when ${given} is given (certification and certificate_number go together)`,
    );
  } else if (!hasName && cells.certified_on !== undefined) {
    for (const missing of ['certification', 'certificate_number'] as const) {
      fail(
        missing,
        'incomplete_certification',
        `${missing} is required when certified_on is given (certification and certificate_number go together)`,
      );
    }
  }
  if (certifiedOn !== undefined) {
    dateRule('certified_on', checkNotInFuture(certifiedOn, today, 'certified_on'));
  }

  if (errors.size > 0) {
    const problems: Problem[] = [];
    for (const column of ROSTER_COLUMNS) {
      const p = errors.get(column);
      if (p) problems.push(p);
    }
    return { ok: false, problems };
  }

  // No error means every required field was parsed; the checks narrow the types for TypeScript.
  if (
    cnic === undefined ||
    fullName === undefined ||
    gender === undefined ||
    cohortCode === undefined
  ) {
    throw new Error('roster row validated without its required fields');
  }
  const warnings: Problem[] = [];
  const mismatch = cnicGenderWarning(cnic, gender);
  if (mismatch) warnings.push(problem(line, 'gender', mismatch.code, mismatch.message));

  const row: RosterRow = { cnic, fullName, gender, cohortCode };
  if (dateOfBirth !== undefined) row.dateOfBirth = dateOfBirth;
  if (province !== undefined) row.province = province;
  if (district !== undefined) row.district = district;
  if (email !== undefined) row.email = email;
  if (phone !== undefined) row.phone = phone;
  if (category !== undefined) row.category = category;
  if (externalId !== undefined) row.externalId = externalId;
  if (status !== undefined) row.status = status;
  if (progressPct !== undefined) row.progressPct = progressPct;
  if (enrolledOn !== undefined) row.enrolledOn = enrolledOn;
  if (completedOn !== undefined) row.completedOn = completedOn;
  if (certificationName !== undefined && certificateNumber !== undefined) {
    row.certification = { name: certificationName, certificateNumber };
    if (certifiedOn !== undefined) row.certification.issuedOn = certifiedOn;
  }
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
