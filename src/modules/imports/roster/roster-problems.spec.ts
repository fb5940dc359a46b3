// The problem vocabulary goes into the README and the errors CSV: every code must be documented
// on one line with its severity, and importer messages must name lines, never values.
import {
  ROSTER_PROBLEM_CODES,
  importerProblems,
  problem,
  shownColumnName,
  sortProblems,
} from './roster-problems';

describe('ROSTER_PROBLEM_CODES', () => {
  it('documents the codes the importer uses besides the validator ones', () => {
    for (const code of [
      'duplicate_in_file',
      'unknown_cohort',
      'status_downgrade',
      'certificate_conflict',
      'unknown_column',
      'required',
      'bad_row',
    ]) {
      expect(ROSTER_PROBLEM_CODES).toHaveProperty(code);
    }
  });

  it.each(Object.entries(ROSTER_PROBLEM_CODES))('%s has a one-line meaning', (code, doc) => {
    expect(code).toMatch(/^[a-z_]+$/);
    expect(['error', 'warning']).toContain(doc.severity);
    expect(doc.meaning.length).toBeGreaterThan(15);
    expect(doc.meaning).not.toMatch(/[\r\n]/);
  });

  it.each([
    ['gender_cnic_mismatch', 'warning'],
    ['unknown_column', 'warning'],
    ['status_downgrade', 'warning'],
    ['duplicate_in_file', 'error'],
    ['certificate_conflict', 'error'],
    ['bad_row', 'error'],
  ] as const)('%s is a %s', (code, severity) => {
    expect(ROSTER_PROBLEM_CODES[code].severity).toBe(severity);
    expect(problem(3, 'x', code, 'm').severity).toBe(severity);
  });
});

describe('importerProblems', () => {
  it('names the first line of a duplicated CNIC', () => {
    expect(importerProblems.duplicateInFile(40, 12)).toEqual({
      line: 40,
      column: 'cnic',
      code: 'duplicate_in_file',
      severity: 'error',
      message: expect.stringContaining('line 12'),
    });
  });

  it.each([
    [importerProblems.unknownCohort(5), 'cohort_code', 'unknown_cohort', 'error'],
    [importerProblems.statusDowngrade(5), 'status', 'status_downgrade', 'warning'],
    [
      importerProblems.certificateConflict(5),
      'certificate_number',
      'certificate_conflict',
      'error',
    ],
    [importerProblems.badRow(5, 'expected 18 fields, found 17'), '', 'bad_row', 'error'],
  ])('%j', (p, column, code, severity) => {
    expect(p).toMatchObject({ line: 5, column, code, severity });
    expect(p.message.length).toBeGreaterThan(20);
  });

  it('keeps the bad_row detail', () => {
    expect(importerProblems.badRow(9, 'unclosed quote').message).toContain('unclosed quote');
  });
});

describe('helpers', () => {
  it('sorts problems by line and keeps the order within a line', () => {
    const a = problem(3, 'cnic', 'invalid_cnic', 'a');
    const b = problem(2, 'email', 'invalid_email', 'b');
    const c = problem(3, 'gender', 'gender_cnic_mismatch', 'c');
    expect(sortProblems([a, b, c])).toEqual([b, a, c]);
  });

  it('shows column names on one line and at most 64 characters', () => {
    expect(shownColumnName('Notes')).toBe('Notes');
    expect(shownColumnName('a\r\nb')).toBe('a  b');
    expect(shownColumnName('x'.repeat(100))).toBe(`${'x'.repeat(64)}…`);
  });
});
