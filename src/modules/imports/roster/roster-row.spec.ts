// Every way a roster row can be right or wrong, checked against the normalized row or the exact
// problems a partner will read in the errors CSV. "today" is fixed so date rules are repeatable.
import { RULE_MESSAGES } from '../../../core/rules';
import { ROSTER_COLUMNS, type RosterColumn } from './roster-columns';
import { ROSTER_PROBLEM_CODES, type Problem } from './roster-problems';
import {
  normalizeCohortCode,
  rosterRawFromJson,
  validateRow,
  type RawRosterRow,
  type RosterRow,
  type RowResult,
} from './roster-row';

const TODAY = '2026-11-27';
const LINE = 7;

const base: RawRosterRow = {
  cnic: '35202-1234567-2',
  full_name: 'Ayesha Khan',
  gender: 'female',
  cohort_code: 'HW-LHR-2026-01',
};
const baseRow: RosterRow = {
  cnic: '3520212345672',
  fullName: 'Ayesha Khan',
  gender: 'female',
  cohortCode: 'HW-LHR-2026-01',
};

function run(patch: RawRosterRow): RowResult {
  return validateRow({ ...base, ...patch }, LINE, { today: TODAY });
}
function okRow(patch: RawRosterRow): RosterRow {
  const result = run(patch);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.problems)}`);
  expect(result.warnings).toEqual([]);
  return result.row;
}
function problemsOf(patch: RawRosterRow): Problem[] {
  const result = run(patch);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.row)}`);
  return result.problems;
}
function onlyProblem(patch: RawRosterRow): Problem {
  const problems = problemsOf(patch);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('validateRow: a good row', () => {
  it('normalizes the required fields and leaves absent optional fields out', () => {
    expect(okRow({})).toEqual(baseRow);
  });

  it('normalizes every column of a complete row', () => {
    const row = okRow({
      cnic: ' 35202-1234567-2 ',
      full_name: '  محمد   علی ',
      gender: 'F',
      cohort_code: ' hw-lhr-2026-01 ',
      date_of_birth: '2001-04-17',
      province: 'Khyber-Pakhtunkhwa',
      district: ' Peshawar ',
      email: ' Ayesha.Khan@Example.com ',
      phone: '0300-1234567',
      category: 'Government Official',
      external_id: ' HW-000123 ',
      status: 'Completed',
      progress_pct: '100',
      enrolled_on: '2026-01-12',
      completed_on: '2026-03-28',
      certification: 'HCIA-AI',
      certificate_number: 'HCIA-AI-2026-000123',
      certified_on: '2026-04-02',
    });
    expect(row).toEqual({
      cnic: '3520212345672',
      fullName: 'محمد علی',
      gender: 'female',
      cohortCode: 'HW-LHR-2026-01',
      dateOfBirth: '2001-04-17',
      province: 'KP',
      district: 'Peshawar',
      email: 'ayesha.khan@example.com',
      phone: '+923001234567',
      category: 'government_official',
      externalId: 'HW-000123',
      status: 'completed',
      progressPct: 100,
      enrolledOn: '2026-01-12',
      completedOn: '2026-03-28',
      certification: {
        name: 'HCIA-AI',
        certificateNumber: 'HCIA-AI-2026-000123',
        issuedOn: '2026-04-02',
      },
    });
  });

  it.each(
    ROSTER_COLUMNS.filter((c) => !['cnic', 'full_name', 'gender', 'cohort_code'].includes(c)),
  )('treats an empty or blank %s as not given', (column) => {
    expect(okRow({ [column]: '' })).toEqual(baseRow);
    expect(okRow({ [column]: '   ' })).toEqual(baseRow);
    expect(okRow({ [column]: undefined })).toEqual(baseRow);
  });

  it.each([
    [{ status: 'completed' }, { status: 'completed', progressPct: 100 }],
    [
      { status: 'completed', progress_pct: '100' },
      { status: 'completed', progressPct: 100 },
    ],
    [
      { status: 'active', progress_pct: '55' },
      { status: 'active', progressPct: 55 },
    ],
    [
      { status: 'dropped', progress_pct: '0' },
      { status: 'dropped', progressPct: 0 },
    ],
    [{ progress_pct: '55.0' }, { progressPct: 55 }],
    [{ status: 'ENROLLED' }, { status: 'enrolled' }],
    [{ completed_on: '2026-03-01' }, { completedOn: '2026-03-01' }], // status kept as stored
    [
      { status: 'completed', enrolled_on: '2026-03-01', completed_on: '2026-03-01' },
      {
        status: 'completed',
        progressPct: 100,
        enrolledOn: '2026-03-01',
        completedOn: '2026-03-01',
      },
    ],
    [
      { completed_on: TODAY, status: 'completed' },
      { completedOn: TODAY, status: 'completed', progressPct: 100 },
    ],
    [{ enrolled_on: '2027-01-10' }, { enrolledOn: '2027-01-10' }], // enrolling ahead is fine
    [{ date_of_birth: '2016-11-27' }, { dateOfBirth: '2016-11-27' }], // 10 today
    [{ date_of_birth: '1950-01-01' }, { dateOfBirth: '1950-01-01' }],
    [
      { certification: 'HCIA-AI', certificate_number: 'N-1' },
      { certification: { name: 'HCIA-AI', certificateNumber: 'N-1' } },
    ],
    [
      { certification: 'HCIA-AI', certificate_number: 'N-1', certified_on: TODAY },
      { certification: { name: 'HCIA-AI', certificateNumber: 'N-1', issuedOn: TODAY } },
    ],
    [{ gender: 'x' }, { gender: 'transgender' }],
    [{ province: 'islamabad' }, { province: 'ICT' }],
    [{ phone: '+92 42 3576 1234' }, { phone: '+924235761234' }],
    [{ cnic: '3520212345672' }, {}],
  ] as [RawRosterRow, Partial<RosterRow>][])('accepts %j as %j', (patch, expected) => {
    expect(okRow(patch)).toEqual({ ...baseRow, ...expected });
  });
});

describe('validateRow: field errors', () => {
  it.each([
    ['cnic', '35202-1234567', 'invalid_cnic', RULE_MESSAGES.invalid_cnic],
    ['cnic', '352021234567123', 'invalid_cnic', RULE_MESSAGES.invalid_cnic],
    ['full_name', '12345', 'invalid_name', RULE_MESSAGES.invalid_name],
    ['full_name', '...', 'invalid_name', RULE_MESSAGES.invalid_name],
    ['gender', 'woman', 'invalid_gender', RULE_MESSAGES.invalid_gender],
    ['cohort_code', 'HW LHR', 'invalid_code', expect.stringContaining('2 to 64')],
    ['cohort_code', 'X', 'invalid_code', expect.stringContaining('2 to 64')],
    ['cohort_code', 'C'.repeat(65), 'invalid_code', expect.stringContaining('2 to 64')],
    ['date_of_birth', '17/04/2001', 'invalid_date', RULE_MESSAGES.invalid_date],
    ['date_of_birth', '2001-02-29', 'invalid_date', RULE_MESSAGES.invalid_date],
    ['province', 'Lahore', 'invalid_province', RULE_MESSAGES.invalid_province],
    ['district', 'D'.repeat(101), 'too_long', 'text must be at most 100 characters'],
    ['email', 'ayesha@', 'invalid_email', RULE_MESSAGES.invalid_email],
    ['phone', '0300-123456', 'invalid_phone', RULE_MESSAGES.invalid_phone],
    ['category', 'student', 'invalid_category', RULE_MESSAGES.invalid_category],
    ['external_id', 'E'.repeat(101), 'too_long', 'text must be at most 100 characters'],
    ['status', 'done', 'invalid_status', RULE_MESSAGES.invalid_status],
    ['progress_pct', '101', 'invalid_progress', RULE_MESSAGES.invalid_progress],
    ['progress_pct', '55.5', 'invalid_progress', RULE_MESSAGES.invalid_progress],
    ['progress_pct', '-1', 'invalid_progress', RULE_MESSAGES.invalid_progress],
    ['enrolled_on', '2026-13-01', 'invalid_date', RULE_MESSAGES.invalid_date],
    ['completed_on', '2026-02-30', 'invalid_date', RULE_MESSAGES.invalid_date],
    ['certified_on', 'yesterday', 'invalid_date', RULE_MESSAGES.invalid_date],
  ] as [RosterColumn, string, string, unknown][])(
    '%s = %j is %s',
    (column, value, code, message) => {
      const extra: RawRosterRow =
        column === 'certified_on' ? { certification: 'HCIA-AI', certificate_number: 'N-1' } : {};
      expect(problemsOf({ ...extra, [column]: value })).toEqual([
        { line: LINE, column, code, severity: 'error', message },
      ]);
    },
  );

  it.each(['cnic', 'full_name', 'gender', 'cohort_code'] as const)(
    'requires %s (absent, empty or blank)',
    (column) => {
      for (const value of [undefined, '', '  \t ']) {
        expect(onlyProblem({ [column]: value })).toEqual({
          line: LINE,
          column,
          code: 'required',
          severity: 'error',
          message: `${column} is required`,
        });
      }
    },
  );

  it('reports every bad column of a row at once, in column order, one problem per column', () => {
    const problems = validateRow(
      {
        cnic: 'abc',
        full_name: '',
        gender: 'q',
        cohort_code: 'HW-LHR-2026-01',
        email: 'nope',
        phone: '12',
        status: 'completed',
        progress_pct: '50',
        completed_on: '2026-02-30',
      },
      12,
      { today: TODAY },
    );
    expect(problems).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({ line: 12, column: 'cnic', code: 'invalid_cnic' }),
        expect.objectContaining({ line: 12, column: 'full_name', code: 'required' }),
        expect.objectContaining({ line: 12, column: 'gender', code: 'invalid_gender' }),
        expect.objectContaining({ line: 12, column: 'email', code: 'invalid_email' }),
        expect.objectContaining({ line: 12, column: 'phone', code: 'invalid_phone' }),
        expect.objectContaining({ line: 12, column: 'progress_pct', code: 'invalid_progress' }),
        expect.objectContaining({ line: 12, column: 'completed_on', code: 'invalid_date' }),
      ],
    });
  });

  it('does not collect warnings on a rejected row', () => {
    const problems = problemsOf({ cnic: '35202-1234567-1', email: 'bad' }); // odd digit, female
    expect(problems.map((p) => p.code)).toEqual(['invalid_email']);
  });
});

describe('validateRow: length and control characters', () => {
  it.each(ROSTER_COLUMNS)('reports a 10,000-character %s as too_long', (column) => {
    const p = onlyProblem({ [column]: 'a'.repeat(10_000) });
    expect(p).toEqual({
      line: LINE,
      column,
      code: 'too_long',
      severity: 'error',
      message: 'text must be at most 1000 characters',
    });
  });

  it('accepts 1000 characters in a cell and then applies the column rule', () => {
    expect(onlyProblem({ external_id: 'a'.repeat(1000) }).message).toBe(
      'text must be at most 100 characters',
    );
  });

  it.each([['Ali\nKhan'], ['Ali\tKhan']])(
    'reports full_name = %j as invalid_name (API.md: a name rule of its own)',
    (value) => {
      expect(problemsOf({ full_name: value })).toEqual([
        {
          line: LINE,
          column: 'full_name',
          code: 'invalid_name',
          severity: 'error',
          message: RULE_MESSAGES.invalid_name,
        },
      ]);
    },
  );

  it.each([
    ['district', 'La\u0000hore'],
    ['cnic', '35202-1234567\r\n-2'],
    ['external_id', 'A\u001bB'],
    ['certification', 'HCIA\u0085AI'],
  ] as [RosterColumn, string][])('reports %s = %j as control_characters', (column, value) => {
    const extra: RawRosterRow = column === 'certification' ? { certificate_number: 'N-1' } : {};
    expect(problemsOf({ ...extra, [column]: value })).toEqual([
      {
        line: LINE,
        column,
        code: 'control_characters',
        severity: 'error',
        message: RULE_MESSAGES.control_characters,
      },
    ]);
  });

  it('trims leading and trailing line breaks rather than refusing them', () => {
    expect(okRow({ full_name: '\r\nAyesha Khan\n' })).toEqual(baseRow);
  });

  it('reports a cell that is not text (a caller bug) without throwing', () => {
    const raw = { ...base, email: 42 } as unknown as RawRosterRow;
    expect(validateRow(raw, LINE, { today: TODAY })).toEqual({
      ok: false,
      problems: [expect.objectContaining({ column: 'email', code: 'bad_row' })],
    });
  });
});

describe('validateRow: rules across columns', () => {
  it.each([
    [{ status: 'completed', progress_pct: '99' }, 'progress_pct', 'invalid_progress'],
    [{ status: 'completed', progress_pct: '0' }, 'progress_pct', 'invalid_progress'],
    [{ status: 'active', completed_on: '2026-03-01' }, 'completed_on', 'inconsistent_status'],
    [{ status: 'enrolled', completed_on: '2026-03-01' }, 'completed_on', 'inconsistent_status'],
    [{ status: 'dropped', completed_on: '2026-03-01' }, 'completed_on', 'inconsistent_status'],
    [
      { status: 'completed', enrolled_on: '2026-03-02', completed_on: '2026-03-01' },
      'completed_on',
      'invalid_date',
    ],
    [{ enrolled_on: '2026-03-02', completed_on: '2026-03-01' }, 'completed_on', 'invalid_date'],
    [{ status: 'completed', completed_on: '2026-11-28' }, 'completed_on', 'invalid_date'],
    [{ date_of_birth: '2026-11-28' }, 'date_of_birth', 'invalid_date'],
    [{ date_of_birth: '2016-11-28' }, 'date_of_birth', 'invalid_date'], // 10 tomorrow
    [{ date_of_birth: '2020-01-01' }, 'date_of_birth', 'invalid_date'],
    [{ certification: 'HCIA-AI' }, 'certificate_number', 'incomplete_certification'],
    [{ certificate_number: 'N-1' }, 'certification', 'incomplete_certification'],
    [
      { certificate_number: 'N-1', certified_on: '2026-04-01' },
      'certification',
      'incomplete_certification',
    ],
    [
      { certification: 'HCIA-AI', certificate_number: 'N-1', certified_on: '2026-11-28' },
      'certified_on',
      'invalid_date',
    ],
  ] as [RawRosterRow, RosterColumn, string][])('%j: %s %s', (patch, column, code) => {
    const p = onlyProblem(patch);
    expect(p).toMatchObject({ line: LINE, column, code, severity: 'error' });
    expect(p.message).toContain(column);
  });

  it('wants both certification columns when only certified_on is given', () => {
    expect(problemsOf({ certified_on: '2026-04-01' })).toEqual([
      expect.objectContaining({ column: 'certification', code: 'incomplete_certification' }),
      expect.objectContaining({ column: 'certificate_number', code: 'incomplete_certification' }),
    ]);
  });

  it('reports the bad certificate cell rather than the pairing when one is invalid', () => {
    expect(problemsOf({ certification: 'HCIA-AI', certificate_number: 'N\t1' })).toEqual([
      expect.objectContaining({ column: 'certificate_number', code: 'control_characters' }),
    ]);
  });

  it('judges the dates against the day its caller gives (the clock is not its own)', () => {
    const tenToday = { ...base, date_of_birth: '2016-11-28' };
    expect(validateRow(tenToday, LINE, { today: '2026-11-28' }).ok).toBe(true);
    expect(validateRow(tenToday, LINE, { today: '2026-11-27' }).ok).toBe(false);
  });
});

describe('validateRow: warnings', () => {
  it.each([
    ['35202-1234567-1', 'female', true],
    ['35202-1234567-2', 'male', true],
    ['35202-1234567-2', 'female', false],
    ['35202-1234567-1', 'M', false],
    ['35202-1234567-1', 'transgender', false],
    ['35202-1234567-2', 'X', false],
  ])('cnic %s with gender %s warns: %s', (cnic, gender, warns) => {
    const result = run({ cnic, gender });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual(
      warns
        ? [
            {
              line: LINE,
              column: 'gender',
              code: 'gender_cnic_mismatch',
              severity: 'warning',
              message: expect.not.stringContaining(cnic.replace(/-/g, '')),
            },
          ]
        : [],
    );
  });
});

describe('validateRow: messages never echo the value', () => {
  it('keeps personal data out of every message', () => {
    const secrets: RawRosterRow = {
      cnic: '98765-4321098',
      full_name: '987 654 321',
      gender: 'Secretgender',
      cohort_code: 'SECRET COHORT',
      date_of_birth: '1987-65-43',
      province: 'Secretprovince',
      district: `Secret${'d'.repeat(200)}`,
      email: 'secret@mail',
      phone: '0399-8765',
      category: 'Secretcategory',
      status: 'Secretstatus',
      progress_pct: '987',
      enrolled_on: '2019-19-19',
      certification: 'Secretcert',
    };
    const result = validateRow(secrets, LINE, { today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(Object.keys(secrets).length);
    const text = result.problems.map((p) => p.message).join('\n');
    for (const secret of [
      '98765',
      'Secretname',
      'Secretgender',
      'SECRET',
      '1987',
      'Secretprovince',
      'Secretd',
      'secret@',
      '8765',
      'Secretcategory',
      'Secretstatus',
      '987',
      '2019',
      'Secretcert',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('normalizeCohortCode', () => {
  it.each([
    ['HW-LHR-2026-01', 'HW-LHR-2026-01'],
    [' hw-lhr-2026-01 ', 'HW-LHR-2026-01'],
    ['zte_isb_1', 'ZTE_ISB_1'],
  ])('accepts %j as %s', (raw, value) => {
    expect(normalizeCohortCode(raw)).toEqual({ ok: true, value });
  });
  it.each([['H'], ['HW LHR'], ['HW.LHR'], ['ہواوے'], ['C'.repeat(65)]])('refuses %j', (raw) => {
    expect(normalizeCohortCode(raw)).toMatchObject({ ok: false, code: 'invalid_code' });
  });
});

describe('rosterRawFromJson', () => {
  it('maps camelCase fields to columns, numbers and booleans to text, null to not given', () => {
    const result = rosterRawFromJson(
      {
        cnic: '35202-1234567-2',
        fullName: 'Ayesha Khan',
        gender: 'female',
        cohortCode: 'HW-LHR-2026-01',
        dateOfBirth: '2001-04-17',
        externalId: 123,
        progressPct: 55,
        enrolledOn: null,
        completedOn: undefined,
        certificateNumber: 'N-1',
        certification: 'HCIA-AI',
        certifiedOn: '2026-04-02',
        status: true,
      },
      3,
    );
    expect(result).toEqual({
      ok: true,
      raw: {
        cnic: '35202-1234567-2',
        full_name: 'Ayesha Khan',
        gender: 'female',
        cohort_code: 'HW-LHR-2026-01',
        date_of_birth: '2001-04-17',
        external_id: '123',
        progress_pct: '55',
        certificate_number: 'N-1',
        certification: 'HCIA-AI',
        certified_on: '2026-04-02',
        status: 'true',
      },
      warnings: [],
    });
  });

  it('feeds validateRow to the same row a CSV record gives', () => {
    const json = rosterRawFromJson(
      { cnic: '3520212345672', fullName: 'Ayesha Khan', gender: 'F', cohortCode: 'hw-lhr-2026-01' },
      1,
    );
    if (!json.ok) throw new Error('expected ok');
    expect(validateRow(json.raw, 1, { today: TODAY })).toEqual({
      ok: true,
      row: baseRow,
      warnings: [],
    });
  });

  it('warns about unknown fields and hints at camelCase for snake_case ones', () => {
    const result = rosterRawFromJson({ ...{ cnic: '1' }, full_name: 'A', notes: 'x' }, 4);
    expect(result).toEqual({
      ok: true,
      raw: { cnic: '1' },
      warnings: [
        expect.objectContaining({
          line: 4,
          column: 'full_name',
          code: 'unknown_column',
          severity: 'warning',
          message: expect.stringContaining('fullName'),
        }),
        expect.objectContaining({ line: 4, column: 'notes', code: 'unknown_column' }),
      ],
    });
  });

  it.each([[null], ['a,b'], [42], [['3520212345672']]])('refuses the row %j', (value) => {
    expect(rosterRawFromJson(value, 5)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ line: 5, column: '', code: 'bad_row' })],
    });
  });

  it.each([[{ a: 1 }], [['x']]])('refuses a nested value %j in a field', (value) => {
    expect(rosterRawFromJson({ fullName: value }, 6)).toEqual({
      ok: false,
      problems: [expect.objectContaining({ line: 6, column: 'full_name', code: 'bad_row' })],
    });
  });

  it('treats a __proto__ field as unknown, not as a prototype', () => {
    const parsed: unknown = JSON.parse('{"cnic":"1","__proto__":{"fullName":"x"}}');
    const result = rosterRawFromJson(parsed, 1);
    expect(result).toMatchObject({ ok: true, raw: { cnic: '1' } });
    if (result.ok) expect(result.raw.full_name).toBeUndefined();
  });
});

describe('ROSTER_PROBLEM_CODES covers what the validator emits', () => {
  it.each([
    'required',
    'invalid_cnic',
    'invalid_name',
    'invalid_gender',
    'invalid_code',
    'invalid_date',
    'invalid_province',
    'invalid_email',
    'invalid_phone',
    'invalid_category',
    'invalid_status',
    'invalid_progress',
    'inconsistent_status',
    'incomplete_certification',
    'too_long',
    'control_characters',
    'gender_cnic_mismatch',
    'bad_row',
  ])('%s', (code) => {
    expect(Object.keys(ROSTER_PROBLEM_CODES)).toContain(code);
  });
});
