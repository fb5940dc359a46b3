import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import { columnLetters, workbookStream, xlsxStream } from './xlsx-writer';

async function readBack(workbook: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('workbookStream', () => {
  it('writes several sheets in order, each with its header, and tab names Excel accepts', async () => {
    const bytes = await buffer(
      workbookStream([
        { name: 'About this workbook', header: ['Item', 'Value'], rows: [['Filter', 'SD']] },
        { name: 'Over time: A/B [2026]? and a long tail', header: ['Date', 'n'], rows: [] },
        { name: 'By month', header: ['Month', 'Enrolled'], rows: [['2026-11', 12]] },
      ]),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'About this workbook',
      'Over time  A B  2026   and a lo',
      'By month',
    ]);
    expect(book.worksheets[0].getRow(2).values).toEqual([undefined, 'Filter', 'SD']);
    expect(book.worksheets[1].rowCount).toBe(1);
    expect(book.worksheets[2].getRow(2).values).toEqual([undefined, '2026-11', 12]);
  });
});

describe('xlsxStream', () => {
  it('writes a workbook a spreadsheet reader opens, with text, numbers and blanks in place', async () => {
    async function* rows() {
      yield ['Khan, Bilal', 40, null, '=HYPERLINK("x")'];
      yield ['  spaced  ', 0, 'a & b < c > "d"', 'bell\u0007gone'];
    }
    const book = await buffer(xlsxStream('trainees', ['name', 'pct', 'note', 'other'], rows()));
    expect(book.subarray(0, 2).toString()).toBe('PK');
    const read = await readBack(book);
    expect(read[0]).toEqual(['name', 'pct', 'note', 'other']);
    expect(read[1]).toEqual(['Khan, Bilal', 40, undefined, `'=HYPERLINK("x")`]);
    expect(read[2]).toEqual(['  spaced  ', 0, 'a & b < c > "d"', 'bellgone']);
  });

  it('streams many rows without holding them: each chunk is pulled only when read', async () => {
    let produced = 0;
    function* rows() {
      for (let i = 0; i < 20_000; i++) {
        produced++;
        yield [`name ${i}`, i];
      }
    }
    const stream = xlsxStream('big', ['name', 'n'], rows());
    // Reading nothing yet: at most the first chunk or so has been produced.
    await new Promise((r) => setTimeout(r, 50));
    expect(produced).toBeLessThan(2_000);
    const read = await readBack(await buffer(stream));
    expect(read).toHaveLength(20_001);
    expect(read[20_000]).toEqual(['name 19999', 19999]);
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 17, 25, 26, 27, 701, 702].map(columnLetters)).toEqual([
      'A',
      'R',
      'Z',
      'AA',
      'AB',
      'ZZ',
      'AAA',
    ]);
  });
});
