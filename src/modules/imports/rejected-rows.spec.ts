import { CsvRecordReader } from './roster/roster-csv-reader';
import { rejectedCsvRows, rejectedJsonRows, type RejectedLine } from './rejected-rows';

async function* bytes(text: string, size = 7): AsyncGenerator<Uint8Array> {
  // Small pieces: records, quotes and multi-byte letters cross chunk boundaries.
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function* lines(list: RejectedLine[]): AsyncGenerator<RejectedLine> {
  yield* list;
}

async function collect(csv: string, rejected: RejectedLine[]): Promise<string> {
  let out = '';
  for await (const piece of rejectedCsvRows(bytes(csv), lines(rejected))) out += piece;
  return out;
}

/** Reads CSV text back into cells, with the roster's own reader. */
function cellsOf(text: string): string[][] {
  const reader = new CsvRecordReader();
  return [...reader.push(text), ...reader.end()].map((e) => {
    if (e.kind !== 'record') throw new Error(`unreadable line ${e.line}`);
    return e.cells;
  });
}

describe('rejectedCsvRows', () => {
  const csv =
    '\ufeffcnic,full_name,gender,cohort_code\r\n' +
    '3520212345672,Ayesha Khan,female,C-1\r\n' +
    '35202,"Khan, Bilal",M,C-1\r\n' +
    '\r\n' +
    '3520212345674,"Sana ""Sunny""\nNoor",f,C-1\r\n' +
    '3520212345676,علی رضا,x\r\n';

  it('keeps the header and each rejected record cell for cell, with problem last', async () => {
    const out = await collect(csv, [
      { line: 3, problem: 'cnic: must be 13 digits' },
      { line: 5, problem: 'full_name: a line break' },
      { line: 7, problem: 'gender: unknown; cohort_code: required' },
    ]);
    expect(cellsOf(out)).toEqual([
      ['cnic', 'full_name', 'gender', 'cohort_code', 'problem'],
      ['35202', 'Khan, Bilal', 'M', 'C-1', 'cnic: must be 13 digits'],
      ['3520212345674', 'Sana "Sunny"\nNoor', 'f', 'C-1', 'full_name: a line break'],
      ['3520212345676', 'علی رضا', 'x', '', 'gender: unknown; cohort_code: required'],
    ]);
  });

  it('gives the header alone when nothing was rejected', async () => {
    expect(await collect(csv, [])).toBe('cnic,full_name,gender,cohort_code,problem\r\n');
  });

  it('replaces a problem column already in the file instead of adding a second', async () => {
    const again = 'cnic,problem,full_name\r\n35202,old reason,Ayesha\r\n';
    const out = await collect(again, [{ line: 2, problem: 'new reason' }]);
    expect(cellsOf(out)).toEqual([
      ['cnic', 'full_name', 'problem'],
      ['35202', 'Ayesha', 'new reason'],
    ]);
  });

  it('gives a record the reader could not split back as its physical line', async () => {
    const bad = 'cnic,full_name\n3520212345672,Ayesha "Ash" Khan\n3520212345674,Sana\n';
    const out = await collect(bad, [{ line: 2, problem: 'a quote inside an unquoted field' }]);
    expect(out).toBe(
      'cnic,full_name,problem\r\n3520212345672,Ayesha "Ash" Khan,a quote inside an unquoted field\r\n',
    );
  });

  it('keeps the problem text itself from reading as a formula', async () => {
    const out = await collect('cnic\n1\n', [{ line: 2, problem: '=cmd' }]);
    expect(cellsOf(out)[1]).toEqual(['1', "'=cmd"]);
  });
});

describe('rejectedJsonRows', () => {
  it('writes rejected JSON rows under the roster CSV names, unknown fields after, problem last', () => {
    const rows = [
      { cnic: '3520212345672', fullName: 'Ayesha', gender: 'female', cohortCode: 'C-1' },
      { fullName: 'Bilal, Jr.', cnic: 35202, progressPct: 50, remarks: 'late', gender: null },
      7,
    ];
    const out = rejectedJsonRows(rows, [
      { line: 2, problem: 'cnic: must be 13 digits' },
      { line: 3, problem: 'each element of rows must be a JSON object' },
    ]).join('');
    expect(cellsOf(out)).toEqual([
      ['cnic', 'full_name', 'gender', 'progress_pct', 'remarks', 'problem'],
      ['35202', 'Bilal, Jr.', '', '50', 'late', 'cnic: must be 13 digits'],
      ['', '', '', '', '', 'each element of rows must be a JSON object'],
    ]);
  });
});
