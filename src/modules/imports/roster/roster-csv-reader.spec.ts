import { readCsv, type CsvEntry } from './roster-csv-reader';
import { RosterTextScanner } from './roster-text-scan';

async function read(text: string, chunkSize = 7): Promise<CsvEntry[]> {
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const out: CsvEntry[] = [];
  for await (const e of readCsv(chunks())) out.push(e);
  return out;
}

describe('readCsv', () => {
  it('gives each record the physical line it starts on, across quoted newlines and CRLF', async () => {
    const entries = await read('a,b\r\n1,"x\r\ny"\r\n\r\n2,"q""z"\r\n3,"m,n"\r\n');
    expect(entries).toEqual([
      { kind: 'record', line: 1, cells: ['a', 'b'] },
      { kind: 'record', line: 2, cells: ['1', 'x\r\ny'] },
      { kind: 'record', line: 5, cells: ['2', 'q"z'] },
      { kind: 'record', line: 6, cells: ['3', 'm,n'] },
    ]);
  });

  it('strips a BOM and skips blank trailing lines', async () => {
    const entries = await read('\uFEFFcnic,name\n1,A\n\n\n');
    expect(entries).toEqual([
      { kind: 'record', line: 1, cells: ['cnic', 'name'] },
      { kind: 'record', line: 2, cells: ['1', 'A'] },
    ]);
  });

  it('keeps Urdu text intact even when a chunk splits a character', async () => {
    const entries = await read('n\nمحمد علی\n', 3);
    expect(entries[1]).toEqual({ kind: 'record', line: 2, cells: ['محمد علی'] });
  });

  it('reports a malformed quote as a bad record with its line, and keeps reading', async () => {
    const entries = await read('a,b\n1,x"y"z\n2,ok\n');
    expect(entries[1]).toMatchObject({ kind: 'bad', line: 2 });
    expect(entries[2]).toEqual({ kind: 'record', line: 3, cells: ['2', 'ok'] });
  });

  it('reports an unclosed quote at the line where the record starts', async () => {
    const entries = await read('a,b\n1,ok\n2,"never closed\n3,x\n');
    expect(entries[2]).toMatchObject({ kind: 'bad', line: 3 });
    expect(entries).toHaveLength(3);
  });
});

describe('RosterTextScanner', () => {
  it('counts records outside quotes', () => {
    const s = new RosterTextScanner();
    s.push(Buffer.from('a,b\n1,"x\ny"\n\n2,z'));
    expect(s.finish()).toEqual({ ok: true, records: 3 });
  });

  it('refuses bytes that are not UTF-8', () => {
    const s = new RosterTextScanner();
    s.push(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]));
    expect(s.finish()).toMatchObject({ ok: false, reason: expect.stringMatching(/UTF-8/) });
  });

  it('refuses binary content with NUL bytes', () => {
    const s = new RosterTextScanner();
    s.push(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    expect(s.finish()).toMatchObject({ ok: false, reason: expect.stringMatching(/binary/) });
  });
});

describe('CsvRecordReader edge cases', () => {
  it('skips rows of empty cells as spreadsheets export them', async () => {
    const entries = await read('a,b\n1,2\n,,\n , \n');
    expect(entries).toEqual([
      { kind: 'record', line: 1, cells: ['a', 'b'] },
      { kind: 'record', line: 2, cells: ['1', '2'] },
    ]);
  });

  it('reads the last record without a final newline, and empty cells in the middle', async () => {
    const entries = await read('a,b,c\r\n1,,3');
    expect(entries[1]).toEqual({ kind: 'record', line: 2, cells: ['1', '', '3'] });
  });

  it('handles a quoted field followed by CRLF and a chunk split between CR and LF', async () => {
    for (const size of [1, 2, 3, 5]) {
      const entries = await read('a,b\r\n"x",y\r\n"p","q"\r\n', size);
      expect(entries.slice(1)).toEqual([
        { kind: 'record', line: 2, cells: ['x', 'y'] },
        { kind: 'record', line: 3, cells: ['p', 'q'] },
      ]);
    }
  });

  it('reads a 10,000-character field whole', async () => {
    const long = 'x'.repeat(10000);
    const entries = await read(`a,b\n1,${long}\n2,ok\n`, 4096);
    expect(entries[1]).toEqual({ kind: 'record', line: 2, cells: ['1', long] });
    expect(entries[2]).toEqual({ kind: 'record', line: 3, cells: ['2', 'ok'] });
  });
});
