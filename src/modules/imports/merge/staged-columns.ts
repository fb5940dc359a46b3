// The one description of a staged roster row: each column of the merge's input table with its
// SQL type and the field of a StagedRow it is read from. The StagedRow type, the COPY column
// list, the temporary table's DDL, the COPY text of a row and the stage build's input columns
// are all derived from STAGED_COLUMNS, so a column is added here and nowhere else (the compiler
// then asks the batch builder for its value). After them come the keys the worker chooses for
// the rows the batch may create (KEY_COLUMNS). Pure: no database, no Nest.
import { writeTimeOrderedIdHex } from '../../../core/ids/time-ordered-id';
import { newVerificationCode } from '../../certifications/verification-code';
import { copyCell } from './copy-text';

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
  /** Writes a new time-ordered id (at most 36 bytes) into `out` at `at`; answers where it ends. */
  writeId(out: Buffer, at: number): number;
  verificationCode(): string;
}

export const RANDOM_KEYS: KeySource = {
  writeId: (out, at) => writeTimeOrderedIdHex(out, at),
  verificationCode: newVerificationCode,
};

const NULL_CELL = Buffer.from('\\N', 'latin1');

function writeNull(out: Buffer, at: number): number {
  return at + NULL_CELL.copy(out, at);
}

interface KeyColumn {
  readonly name: string;
  readonly sql: ColumnSql;
  /** Writes this row's key, or NULL when the row cannot create such a record. */
  readonly write: (row: StagedRow, keys: KeySource, out: Buffer, at: number) => number;
}

/**
 * The keys of the records a row may create, chosen in the worker (see time-ordered-id.ts for
 * what that saves the database); the merge uses those of the records it does create. A batch
 * merged again after a lost race sends the same keys, which its rollback left unused.
 */
export const KEY_COLUMNS: readonly KeyColumn[] = [
  { name: 'new_trainee_id', sql: 'uuid NOT NULL', write: (_, k, out, at) => k.writeId(out, at) },
  { name: 'new_enrollment_id', sql: 'uuid NOT NULL', write: (_, k, out, at) => k.writeId(out, at) },
  { name: 'new_conflict_id', sql: 'uuid NOT NULL', write: (_, k, out, at) => k.writeId(out, at) },
  {
    name: 'new_certificate_id',
    sql: 'uuid',
    write: (r, k, out, at) =>
      r.certNumber === undefined ? writeNull(out, at) : k.writeId(out, at),
  },
  {
    name: 'new_verification_code',
    sql: 'text',
    write: (r, k, out, at) =>
      r.certNumber === undefined
        ? writeNull(out, at)
        : at + out.write(k.verificationCode(), at, 'latin1'),
  },
];

/** Room a row's keys take at most: a tab and a key (an id, a code or NULL) each. */
const KEY_BYTES = KEY_COLUMNS.length * (1 + 64);

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

const FIELDS: readonly Column['field'][] = STAGED_COLUMNS.map((c) => c.field);

/** A row's staged cells in COPY text format, in STAGED_COLUMNS order, tab-separated. */
function stagedCells(row: StagedRow): string {
  let cells = copyCell(row[FIELDS[0]]);
  for (let i = 1; i < FIELDS.length; i++) cells += '\t' + copyCell(row[FIELDS[i]]);
  return cells;
}

const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * Rows in COPY text format, UTF-8: a line each, its staged cells and then its new keys. The
 * keys are written straight into the bytes (hex, base64url or NULL: nothing to escape).
 */
export function copyData(rows: readonly StagedRow[], keys: KeySource = RANDOM_KEYS): Buffer {
  let out = Buffer.allocUnsafe(rows.length * 320);
  let at = 0;
  for (const row of rows) {
    const cells = stagedCells(row);
    const room = at + 3 * cells.length + KEY_BYTES + 1; // UTF-8: at most 3 bytes a UTF-16 unit
    if (room > out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(room, 2 * out.length));
      out.copy(bigger, 0, 0, at);
      out = bigger;
    }
    at += out.write(cells, at, 'utf8');
    for (const key of KEY_COLUMNS) {
      out[at++] = TAB;
      at = key.write(row, keys, out, at);
    }
    out[at++] = NEWLINE;
  }
  // Exactly the bytes written: the batch holds on to this until it is merged.
  return Buffer.from(out.subarray(0, at));
}

/** One row's COPY line (see copyData), ending in a newline. */
export function copyLine(row: StagedRow, keys: KeySource = RANDOM_KEYS): string {
  return copyData([row], keys).toString('utf8');
}
