import { parseCsv, unguard } from './csv';

describe('problems CSV', () => {
  it('reads quoted commas, quotes and newlines, with a BOM and CRLF', () => {
    const text =
      '\uFEFFline,column,code,severity,message\r\n' +
      '42,cnic,invalid_cnic,error,"CNIC must be 13 digits, got ""12"""\r\n' +
      '97,full_name,invalid_name,error,"two\nlines"\r\n';
    expect(parseCsv(text)).toEqual([
      {
        line: '42',
        column: 'cnic',
        code: 'invalid_cnic',
        severity: 'error',
        message: 'CNIC must be 13 digits, got "12"',
      },
      {
        line: '97',
        column: 'full_name',
        code: 'invalid_name',
        severity: 'error',
        message: 'two\nlines',
      },
    ]);
  });

  it('gives nothing for a header alone and keeps a last line without newline', () => {
    expect(parseCsv('line,column\n')).toEqual([]);
    expect(parseCsv('a,b\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });

  it('shows a formula-guarded cell as the user wrote it', () => {
    expect(unguard("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguard("O'Brien")).toBe("O'Brien");
  });
});
