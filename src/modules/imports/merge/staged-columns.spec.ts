// The staged columns are the merge's input table: the derived SQL keeps its names, types and
// order (the stage build copies columns by position), and a row's COPY text its cells.
import {
  STAGED_COLUMNS,
  copyData,
  copyLine,
  stagedColumnList,
  stagedColumnsDdl,
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

describe('staged columns', () => {
  it('lists the input table in its order, with and without an alias', () => {
    expect(stagedColumnList()).toBe(
      'line, cnic, full_name, gender, dob, province, district, email, phone, category, ' +
        'cohort_id, program_id, external_id, status, progress_pct, enrolled_on, completed_on, ' +
        'cert_name, cert_number, certified_on, partner_id',
    );
    expect(stagedColumnList('i').split(', ')).toEqual(STAGED_COLUMNS.map((c) => `i.${c.name}`));
  });

  it('declares each column with its type', () => {
    expect(stagedColumnsDdl()).toBe(
      'line int NOT NULL, cnic text NOT NULL, full_name text NOT NULL, gender text NOT NULL, ' +
        'dob date, province text, district text, email text, phone text, category text, ' +
        'cohort_id uuid NOT NULL, program_id uuid NOT NULL, external_id text, status text, ' +
        'progress_pct smallint, enrolled_on date, completed_on date, cert_name text, ' +
        'cert_number text, certified_on date, partner_id uuid NOT NULL',
    );
  });

  it('writes a row as COPY text in column order, absent cells as NULL', () => {
    expect(copyLine(row)).toBe(
      [
        '7\t3520212345672\tAyesha Khan\tfemale\t2001-04-17\tPB\t\\N\t\\N\t\\N\t\\N',
        'c-1\tp-1\t\\N\tcompleted\t100\t\\N\t\\N\t\\N\t\\N\t\\N\tpartner-1\n',
      ].join('\t'),
    );
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    const cells = copyLine({ ...row, fullName: 'a\\b\tc\nd\re' }).split('\t');
    expect(cells[2]).toBe('a\\\\b\\tc\\nd\\re');
    expect(cells).toHaveLength(STAGED_COLUMNS.length);
  });

  it('encodes a batch as the COPY lines of its rows in order, as UTF-8', () => {
    const urdu = { ...row, line: 8, fullName: 'عائشہ خان' };
    const data = copyData([row, urdu]);
    expect(data.toString('utf8')).toBe(copyLine(row) + copyLine(urdu));
    expect(data.length).toBe(Buffer.byteLength(copyLine(row) + copyLine(urdu), 'utf8'));
    expect(copyData([]).length).toBe(0);
  });
});
