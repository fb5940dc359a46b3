import { copyCell, copyRows } from './copy-text';

describe('COPY text', () => {
  it('writes absent cells as NULL, numbers as digits, and escapes what COPY reads specially', () => {
    expect(copyCell(undefined)).toBe('\\N');
    expect(copyCell(42)).toBe('42');
    expect(copyCell('')).toBe('');
    expect(copyCell('back\\slash\ttab\nline\rreturn')).toBe('back\\\\slash\\ttab\\nline\\rreturn');
  });

  it('encodes rows as tab-separated lines, UTF-8', () => {
    const data = copyRows([
      ['imp-1', 7, 'full_name', 'identity_conflict', 'warning', 'نام مختلف ہے'],
      ['imp-1', 9, '', 'unknown_cohort', 'error', 'cohort "X\tY" is not yours'],
    ]);
    expect(data.toString('utf8')).toBe(
      'imp-1\t7\tfull_name\tidentity_conflict\twarning\tنام مختلف ہے\n' +
        'imp-1\t9\t\tunknown_cohort\terror\tcohort "X\\tY" is not yours\n',
    );
    expect(copyRows([]).length).toBe(0);
  });
});
