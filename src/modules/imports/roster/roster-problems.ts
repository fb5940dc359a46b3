// The vocabulary of roster problems: every code a partner can meet in an import's errors CSV
// (`line,column,code,severity,message`), whether the pure validator or the importer raises it.
// Importer-side problems are built here too, so their wording lives beside the rest and no
// message ever carries the offending value (it may be a CNIC, a phone or a name).

export type ProblemSeverity = 'error' | 'warning';

export type Problem = {
  /** The record's first line in the file (the header is line 1). */
  line: number;
  /** The CSV column name (snake_case), or '' when the problem concerns the whole row. */
  column: string;
  code: RosterProblemCode;
  severity: ProblemSeverity;
  message: string;
};

/** Every roster problem code with its severity and a one-line meaning (copied into the README). */
export const ROSTER_PROBLEM_CODES = {
  required: {
    severity: 'error',
    meaning: 'a required cell (cnic, full_name, gender, cohort_code) is empty',
  },
  invalid_cnic: {
    severity: 'error',
    meaning: 'cnic is not 13 digits written 35202-1234567-1 or 3520212345671',
  },
  invalid_name: {
    severity: 'error',
    meaning:
      'full_name has no letter, or holds control characters (any script and punctuation such as , ( ) / are fine)',
  },
  invalid_gender: {
    severity: 'error',
    meaning: 'gender is not female, male, transgender, F, M or X',
  },
  invalid_code: {
    severity: 'error',
    meaning: 'cohort_code is not 2-64 characters of letters, digits, - and _',
  },
  invalid_date: {
    severity: 'error',
    meaning:
      'a date is not a real YYYY-MM-DD date (1900-2100), or is impossible: birth in the future or under 10 years ago, completion or certification in the future, completion before enrollment',
  },
  invalid_province: { severity: 'error', meaning: 'province is not a province code or name' },
  invalid_email: { severity: 'error', meaning: 'email is not a valid address' },
  invalid_phone: {
    severity: 'error',
    meaning: 'phone is not a Pakistani mobile or landline number',
  },
  invalid_category: {
    severity: 'error',
    meaning: 'category is not youth, government_official, professional or other',
  },
  invalid_status: {
    severity: 'error',
    meaning: 'status is not enrolled, active, completed or dropped',
  },
  invalid_progress: {
    severity: 'error',
    meaning: 'progress_pct is not a whole number 0-100, or is below 100 for a completed enrollment',
  },
  inconsistent_status: {
    severity: 'error',
    meaning: 'completed_on is given but status is not completed',
  },
  incomplete_certification: {
    severity: 'error',
    meaning:
      'certification and certificate_number must be given together (certified_on needs both)',
  },
  too_long: { severity: 'error', meaning: 'a cell is longer than its column allows' },
  control_characters: {
    severity: 'error',
    meaning: 'a cell contains control characters (tabs, line breaks and the like)',
  },
  gender_cnic_mismatch: {
    severity: 'warning',
    meaning:
      "gender does not match the CNIC's last digit (even for women, odd for men); row applied",
  },
  unknown_column: {
    severity: 'warning',
    meaning: 'a column the roster does not know; its values are ignored',
  },
  bad_row: {
    severity: 'error',
    meaning:
      'the record cannot be read: wrong number of fields, malformed quoting, or a JSON row that is not an object of single values',
  },
  duplicate_in_file: {
    severity: 'error',
    meaning: 'the CNIC already appeared earlier in the same file; the later row is rejected',
  },
  unknown_cohort: {
    severity: 'error',
    meaning: "cohort_code is not a cohort of one of the uploading partner's programs",
  },
  status_downgrade: {
    severity: 'warning',
    meaning:
      'a roster never moves a completed enrollment back; status kept, the rest of the row applied',
  },
  certificate_conflict: {
    severity: 'error',
    meaning: 'certificate_number is already used for another trainee of this partner',
  },
  identity_conflict: {
    severity: 'warning',
    meaning:
      'the trainee is also enrolled with another partner and this row differs from its national record (name, gender, date of birth, province, district, category): the record is kept, the partner reads back what it supplied, and a coordinator can reconcile; the rest of the row applied',
  },
} as const satisfies Record<string, { severity: ProblemSeverity; meaning: string }>;

export type RosterProblemCode = keyof typeof ROSTER_PROBLEM_CODES;

export function problem(
  line: number,
  column: string,
  code: RosterProblemCode,
  message: string,
): Problem {
  return { line, column, code, severity: ROSTER_PROBLEM_CODES[code].severity, message };
}

const SHOWN_NAME_MAX = 64;

/** An unknown column's name as a problem may show it: no control characters, at most 64 characters. */
export function shownColumnName(name: string): string {
  const clean = name.replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
  return clean.length > SHOWN_NAME_MAX ? `${clean.slice(0, SHOWN_NAME_MAX)}…` : clean;
}

/** Problems the importer raises (it knows the database and the whole file; the validator does not). */
export const importerProblems = {
  duplicateInFile: (line: number, firstLine: number): Problem =>
    problem(
      line,
      'cnic',
      'duplicate_in_file',
      `this CNIC already appears on line ${firstLine} of this file; only that row is applied`,
    ),
  unknownCohort: (line: number): Problem =>
    problem(
      line,
      'cohort_code',
      'unknown_cohort',
      'cohort_code is not a cohort of your programs: check the code against your list of cohorts',
    ),
  statusDowngrade: (line: number): Problem =>
    problem(
      line,
      'status',
      'status_downgrade',
      'this enrollment is already completed and a roster never moves it back; status kept as completed, the rest of the row applied',
    ),
  certificateConflict: (line: number): Problem =>
    problem(
      line,
      'certificate_number',
      'certificate_conflict',
      'this certificate number is already used for another trainee; certificate numbers are unique per partner',
    ),
  /** Names the differing columns only: never their values (personal data). */
  identityConflict: (line: number, columns: string[]): Problem =>
    problem(
      line,
      columns[0] ?? 'cnic',
      'identity_conflict',
      `this trainee is also enrolled with another partner: ${columns.join(', ')} kept as stored (only a coordinator can change a shared trainee's identity); the rest of the row applied`,
    ),
  /**
   * The same warning as a partner reads it (API.md): no columns and no values, so a made-up
   * row cannot test which of its guesses match what another partner supplied.
   */
  identityConflictForPartner: (line: number): Problem =>
    problem(
      line,
      '',
      'identity_conflict',
      'this trainee differs from the national record; kept as the record is; a coordinator can reconcile. The rest of the row applied',
    ),
  /** `detail` must describe the record's shape (e.g. "expected 18 fields, found 17"), never its content. */
  badRow: (line: number, detail: string): Problem =>
    problem(line, '', 'bad_row', `the record cannot be read: ${detail}`),
};

/** Problems in the order the errors CSV lists them: by line; one line's problems keep their order. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
