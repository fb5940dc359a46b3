// The one description of a staged roster row: each column of the merge's input table with its
// SQL type and the field of a StagedRow it is read from. The StagedRow type, the COPY column
// list, the temporary table's DDL, the COPY text of a row and the stage build's input columns
// are all derived from STAGED_COLUMNS, so a column is added here and nowhere else (the compiler
// then asks the batch builder for its value). After them come the keys the worker chooses for
// the rows the batch may create (KEY_COLUMNS). Pure: no database, no Nest.
import { timeOrderedIdHex } from '../../../core/ids/time-ordered-id';
import { newVerificationCode } from '../../certifications/verification-code';

/** SQL types the staged columns use; NOT NULL ones are required in a StagedRow. */
type SqlType = 'int' | 'smallint' | 'text' | 'date' | 'uuid';
type ColumnSql = SqlType | `${SqlType} NOT NULL`;

interface StagedColumn {
  /** Column of roster_input (and, by LIKE, of roster_stage). */
  readonly name: string;
  readonly sql: ColumnSql;
  /** The StagedRow field it is read from. */
  readonly field: string;
}

// The order is the tables' column order: the stage build copies them positionally.
export const STAGED_COLUMNS = [
  { name: 'line', sql: 'int NOT NULL', field: 'line' },
  { name: 'cnic', sql: 'text NOT NULL', field: 'cnic' },
  { name: 'full_name', sql: 'text NOT NULL', field: 'fullName' },
  { name: 'gender', sql: 'text NOT NULL', field: 'gender' },
  { name: 'dob', sql: 'date', field: 'dateOfBirth' },
  { name: 'province', sql: 'text', field: 'province' },
  { name: 'district', sql: 'text', field: 'district' },
  { name: 'email', sql: 'text', field: 'email' },
  { name: 'phone', sql: 'text', field: 'phone' },
  { name: 'category', sql: 'text', field: 'category' },
  { name: 'cohort_id', sql: 'uuid NOT NULL', field: 'cohortId' },
  { name: 'program_id', sql: 'uuid NOT NULL', field: 'programId' },
  { name: 'external_id', sql: 'text', field: 'externalId' },
  { name: 'status', sql: 'text', field: 'status' },
  { name: 'progress_pct', sql: 'smallint', field: 'progressPct' },
  { name: 'enrolled_on', sql: 'date', field: 'enrolledOn' },
  { name: 'completed_on', sql: 'date', field: 'completedOn' },
  { name: 'cert_name', sql: 'text', field: 'certName' },
  { name: 'cert_number', sql: 'text', field: 'certNumber' },
  { name: 'certified_on', sql: 'date', field: 'certifiedOn' },
  { name: 'partner_id', sql: 'uuid NOT NULL', field: 'partnerId' },
] as const satisfies readonly StagedColumn[];

type Column = (typeof STAGED_COLUMNS)[number];

/** What a value of the SQL type is in TypeScript: numbers for int/smallint, text otherwise. */
type ValueOf<S extends ColumnSql> = S extends `${'int' | 'smallint'}${string}` ? number : string;

/**
 * One valid roster row as staged for the merge, derived from STAGED_COLUMNS. Every field is
 * required (a nullable column is `| undefined`), so an object literal that misses a column,
 * such as a new one, does not compile.
 */
export type StagedRow = {
  [C in Column as C['field']]: C['sql'] extends `${string} NOT NULL`
    ? ValueOf<C['sql']>
    : ValueOf<C['sql']> | undefined;
};

/** Where a batch's new keys come from: random in production, a counter in unit specs. */
export interface KeySource {
  /** A time-ordered UUID (32 hex digits or the hyphenated form). */
  id(): string;
  verificationCode(): string;
}

export const RANDOM_KEYS: KeySource = {
  id: () => timeOrderedIdHex(),
  verificationCode: newVerificationCode,
};

interface KeyColumn {
  readonly name: string;
  readonly sql: ColumnSql;
  /** The key for this row, or undefined when the row cannot create such a record. */
  readonly make: (row: StagedRow, keys: KeySource) => string | undefined;
}

/**
 * The keys of the records a row may create, chosen in the worker (see time-ordered-id.ts for
 * what that saves the database); the merge uses those of the records it does create. A batch
 * merged again after a lost race sends the same keys, which its rollback left unused.
 */
export const KEY_COLUMNS: readonly KeyColumn[] = [
  { name: 'new_trainee_id', sql: 'uuid NOT NULL', make: (_, k) => k.id() },
  { name: 'new_enrollment_id', sql: 'uuid NOT NULL', make: (_, k) => k.id() },
  { name: 'new_conflict_id', sql: 'uuid NOT NULL', make: (_, k) => k.id() },
  {
    name: 'new_certificate_id',
    sql: 'uuid',
    make: (r, k) => (r.certNumber === undefined ? undefined : k.id()),
  },
  {
    name: 'new_verification_code',
    sql: 'text',
    make: (r, k) => (r.certNumber === undefined ? undefined : k.verificationCode()),
  },
];

const INPUT_COLUMNS: readonly { name: string; sql: ColumnSql }[] = [
  ...STAGED_COLUMNS,
  ...KEY_COLUMNS,
];

/** The input table's column names in order, comma-separated (COPY, INSERT … SELECT lists). */
export function stagedColumnList(alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return INPUT_COLUMNS.map((c) => prefix + c.name).join(', ');
}

/** Column definitions of the input table, in table order. */
export function stagedColumnsDdl(): string {
  return INPUT_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ');
}

/** COPY text format: backslash, tab, newline and CR escaped; \N is NULL. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyCell(value: string | number | undefined): string {
  if (value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

const FIELDS: readonly Column['field'][] = STAGED_COLUMNS.map((c) => c.field);

/**
 * One row in COPY text format, its cells in STAGED_COLUMNS order, then its new keys, ending in
 * a newline. Keys are hex, base64url or absent: nothing in them needs escaping.
 */
export function copyLine(row: StagedRow, keys: KeySource = RANDOM_KEYS): string {
  let line = copyCell(row[FIELDS[0]]);
  for (let i = 1; i < FIELDS.length; i++) line += '\t' + copyCell(row[FIELDS[i]]);
  for (const key of KEY_COLUMNS) line += '\t' + (key.make(row, keys) ?? '\\N');
  return line + '\n';
}

/** Rows in COPY text format, one line each, UTF-8 encoded. */
export function copyData(rows: readonly StagedRow[], keys: KeySource = RANDOM_KEYS): Buffer {
  let text = '';
  for (const row of rows) text += copyLine(row, keys);
  return Buffer.from(text, 'utf8');
}
