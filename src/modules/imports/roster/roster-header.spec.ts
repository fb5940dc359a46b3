// The header decides whether an import runs at all: these cases are the ways partners' files
// actually arrive (Excel BOMs, odd case, semicolons, extra columns, no header row).
import { ROSTER_COLUMNS } from './roster-columns';
import { resolveHeader, type HeaderResult } from './roster-header';

const REQUIRED = ['cnic', 'full_name', 'gender', 'cohort_code'];

function ok(result: HeaderResult): Extract<HeaderResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result;
}
function reason(result: HeaderResult): string {
  if (result.ok) throw new Error('expected the header to be refused');
  return result.reason;
}

describe('resolveHeader', () => {
  it('maps the template header, every column in place, without warnings', () => {
    expect(resolveHeader([...ROSTER_COLUMNS])).toEqual({
      ok: true,
      columns: [...ROSTER_COLUMNS],
      warnings: [],
    });
  });

  it.each([
    [['cnic', 'full_name', 'gender', 'cohort_code']],
    [['CNIC', 'Full_Name', 'GENDER', 'Cohort_Code']],
    [['  cnic ', '\tfull_name', 'gender  ', ' cohort_code']],
    [['\ufeffcnic', 'full_name', 'gender', 'cohort_code']],
    [['\ufeff CNIC', 'full_name', 'gender', 'cohort_code']],
  ])('accepts %j (case, spaces, BOM)', (cells) => {
    expect(ok(resolveHeader(cells)).columns).toEqual(REQUIRED);
  });

  it('accepts the columns in any order', () => {
    const cells = ['status', 'cohort_code', 'Gender', 'email', 'full_name', 'CNIC'];
    expect(ok(resolveHeader(cells)).columns).toEqual([
      'status',
      'cohort_code',
      'gender',
      'email',
      'full_name',
      'cnic',
    ]);
  });

  it('ignores unknown columns with one warning each, on line 1, named by the header', () => {
    const result = ok(resolveHeader(['cnic', 'Notes', 'full_name', 'gender', 'cohort_code', 'x']));
    expect(result.columns).toEqual(['cnic', null, 'full_name', 'gender', 'cohort_code', null]);
    expect(result.warnings).toEqual([
      {
        line: 1,
        column: 'Notes',
        code: 'unknown_column',
        severity: 'warning',
        message: expect.stringContaining('ignored'),
      },
      {
        line: 1,
        column: 'x',
        code: 'unknown_column',
        severity: 'warning',
        message: expect.stringContaining('ignored'),
      },
    ]);
  });

  it.each([['problem'], ['Problem'], [' PROBLEM ']])(
    'ignores a %j column (from rejected.csv) without a warning, wherever it stands',
    (name) => {
      const last = ok(resolveHeader([...REQUIRED, name]));
      expect(last).toEqual({ ok: true, columns: [...REQUIRED, null], warnings: [] });
      const first = ok(resolveHeader([name, ...REQUIRED, 'remarks']));
      expect(first.columns).toEqual([null, ...REQUIRED, null]);
      expect(first.warnings.map((w) => w.column)).toEqual(['remarks']);
    },
  );

  it('warns about unnamed columns by position', () => {
    const result = ok(resolveHeader([...REQUIRED, '']));
    expect(result.columns).toEqual([...REQUIRED, null]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ column: '(column 5)', code: 'unknown_column' }),
    ]);
  });

  it('suggests the right spelling of a known column written loosely', () => {
    const result = ok(resolveHeader([...REQUIRED, 'Date of Birth']));
    expect(result.warnings[0].message).toContain('did you mean date_of_birth?');
  });

  it('keeps warning column names short and single-line', () => {
    const result = ok(resolveHeader([...REQUIRED, `a\nb${'c'.repeat(200)}`]));
    expect(result.warnings[0].column).not.toContain('\n');
    expect(result.warnings[0].column.length).toBeLessThanOrEqual(65);
  });

  it.each([
    [['full_name', 'gender', 'cohort_code'], ['cnic']],
    [
      ['cnic', 'gender'],
      ['full_name', 'cohort_code'],
    ],
    [['email'], REQUIRED],
    [
      ['cnic', 'fullname', 'gender', 'cohort'],
      ['full_name', 'cohort_code'],
    ],
  ])('fails on %j naming every missing column %j', (cells, missing) => {
    const text = reason(resolveHeader(cells));
    expect(text).toContain('missing required column');
    for (const column of missing) expect(text).toContain(column);
    for (const column of REQUIRED.filter((c) => !missing.includes(c))) {
      expect(text).not.toMatch(new RegExp(`\\b${column}\\b`));
    }
  });

  it('tells how to write a required column spelled loosely', () => {
    expect(reason(resolveHeader(['CNIC', 'Full Name', 'Gender', 'Cohort Code']))).toBe(
      'missing required columns: full_name, cohort_code ("Full Name" must be written full_name; "Cohort Code" must be written cohort_code)',
    );
  });

  it.each([
    [['cnic', 'full_name', 'gender', 'cohort_code', 'cnic'], 'cnic'],
    [['cnic', 'full_name', 'gender', 'cohort_code', 'EMAIL', 'email'], 'email'],
    [['cnic', 'full_name', 'gender', 'cohort_code', 'Gender '], 'gender'],
  ])('fails on a duplicated column %j', (cells, column) => {
    expect(reason(resolveHeader(cells))).toBe(`duplicated column: ${column}`);
  });

  it('names every duplicated column', () => {
    const cells = [...REQUIRED, 'phone', 'cnic', 'phone'];
    expect(reason(resolveHeader(cells))).toBe('duplicated columns: cnic, phone');
  });

  it.each([
    ['cnic;full_name;gender;cohort_code'],
    ['\ufeffcnic;full_name;gender;cohort_code'],
    ['cnic\tfull_name\tgender\tcohort_code'],
    ['CNIC;Full Name'],
  ])('says the delimiter must be a comma for the single cell %j', (cell) => {
    const text = reason(resolveHeader([cell]));
    expect(text).toContain('delimiter must be a comma');
  });

  it('mentions the delimiter when a semicolon hides required columns among several cells', () => {
    const text = reason(resolveHeader(['cnic;full_name', 'gender;cohort_code']));
    expect(text).toContain('missing required columns');
    expect(text).toContain('delimiter must be a comma');
  });

  it.each([[[]], [['']], [['\ufeff']], [['', ' ', '']]])('fails on an empty header %j', (cells) => {
    expect(reason(resolveHeader(cells))).toContain('header row is empty');
  });

  it.each([
    [['35202-1234567-1', 'Ayesha Khan', 'female', 'HW-LHR-2026-01']],
    [['3520212345671', 'Ayesha Khan', 'F', 'HW-LHR-2026-01']],
  ])('recognises a file without a header row and does not echo its data', (cells) => {
    const text = reason(resolveHeader(cells));
    expect(text).toContain('first row must name the columns');
    for (const cell of cells) expect(text).not.toContain(cell);
  });

  it('never echoes unknown header cells in a failure reason', () => {
    const text = reason(resolveHeader(['Ayesha Khan', 'ayesha@example.com', '03001234567']));
    expect(text).toBe('missing required columns: cnic, full_name, gender, cohort_code');
  });
});
