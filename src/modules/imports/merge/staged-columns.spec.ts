// The staged columns are the merge's input table: the derived SQL keeps its names, types and
// order (the stage build copies columns by position), and a row's COPY text its cells.
import {
  KEY_COLUMNS,
  STAGED_COLUMNS,
  copyData,
  copyLine,
  stagedColumnList,
  stagedColumnsDdl,
  type KeySource,
  type StagedRow,
} from './staged-columns';
import { toStaged } from '../roster/batch-builder';

const row: StagedRow = {
  ...toStaged(
    { cnic: '3520212345672', fullName: 'Ayesha Khan', gender: 'female', cohortCode: 'HW-01' },
    7,
    { cohortId: 'c-1', programId: 'p-1' },
    'partner-1',
  ),
  dateOfBirth: '2001-04-17',
  province: 'PB',
  status: 'completed',
  progressPct: 100,
};

/** Keys that count up, so two sources give the same keys in the same order. */
function countingKeys(): KeySource {
  let n = 0;
  return {
    writeId: (out, at) => at + out.write(`id-${++n}`, at, 'latin1'),
    verificationCode: () => `code-${++n}`,
  };
}

describe('staged columns', () => {
  it('lists the input table in its order, with and without an alias', () => {
    expect(stagedColumnList()).toBe(
      'line, cnic, full_name, gender, dob, province, district, email, phone, category, ' +
        'cohort_id, program_id, external_id, status, progress_pct, enrolled_on, completed_on, ' +
        'cert_name, cert_number, certified_on, partner_id, new_trainee_id, new_enrollment_id, ' +
        'new_conflict_id, new_certificate_id, new_verification_code',
    );
    expect(stagedColumnList('i').split(', ')).toEqual(
      [...STAGED_COLUMNS, ...KEY_COLUMNS].map((c) => `i.${c.name}`),
    );
  });

  it('declares each column with its type', () => {
    expect(stagedColumnsDdl()).toBe(
      'line int NOT NULL, cnic text NOT NULL, full_name text NOT NULL, gender text NOT NULL, ' +
        'dob date, province text, district text, email text, phone text, category text, ' +
        'cohort_id uuid NOT NULL, program_id uuid NOT NULL, external_id text, status text, ' +
        'progress_pct smallint, enrolled_on date, completed_on date, cert_name text, ' +
        'cert_number text, certified_on date, partner_id uuid NOT NULL, ' +
        'new_trainee_id uuid NOT NULL, new_enrollment_id uuid NOT NULL, ' +
        'new_conflict_id uuid NOT NULL, new_certificate_id uuid, new_verification_code text',
    );
  });

  it('writes a row as COPY text in column order, absent cells as NULL, then its new keys', () => {
    expect(copyLine(row, countingKeys())).toBe(
      [
        '7\t3520212345672\tAyesha Khan\tfemale\t2001-04-17\tPB\t\\N\t\\N\t\\N\t\\N',
        'c-1\tp-1\t\\N\tcompleted\t100\t\\N\t\\N\t\\N\t\\N\t\\N\tpartner-1',
        // No certificate number: no certificate key and no verification code.
        'id-1\tid-2\tid-3\t\\N\t\\N\n',
      ].join('\t'),
    );
    const certified = copyLine({ ...row, certNumber: 'HW-1' }, countingKeys()).split('\t');
    expect(certified.slice(-5)).toEqual(['id-1', 'id-2', 'id-3', 'id-4', 'code-5\n']);
  });

  it('gives every row keys of its own by default: time-ordered UUIDs and a verification code', () => {
    const cells = (line: string) => line.trimEnd().split('\t').slice(STAGED_COLUMNS.length);
    const first = cells(copyLine({ ...row, certNumber: 'HW-1' }));
    const second = cells(copyLine({ ...row, certNumber: 'HW-2' }));
    for (const id of [...first.slice(0, 4), ...second.slice(0, 4)]) {
      expect(id).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    }
    expect(first[4]).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(new Set([...first, ...second]).size).toBe(10);
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    const cells = copyLine({ ...row, fullName: 'a\\b\tc\nd\re' }).split('\t');
    expect(cells[2]).toBe('a\\\\b\\tc\\nd\\re');
    expect(cells).toHaveLength(STAGED_COLUMNS.length + KEY_COLUMNS.length);
  });

  it('encodes a batch as the COPY lines of its rows in order, as UTF-8', () => {
    const urdu = { ...row, line: 8, fullName: 'عائشہ خان' };
    const data = copyData([row, urdu], countingKeys());
    const keys = countingKeys();
    const text = copyLine(row, keys) + copyLine(urdu, keys);
    expect(data.toString('utf8')).toBe(text);
    expect(data.length).toBe(Buffer.byteLength(text, 'utf8'));
    expect(copyData([]).length).toBe(0);
  });
});
