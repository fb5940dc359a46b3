// Turns a stream of CSV bytes into records that know the physical line they start on.
// RFC 4180: `,` delimiter, `"` quoting with `""` escapes, quoted commas and newlines, `\n` or
// `\r\n` line ends, an optional BOM. A quoted newline belongs to its record, so later records
// move down; a malformed record becomes a `bad` entry and reading goes on at the next line.
//
// Why not csv-parse: its `info.lines` counts a quoted CRLF as two lines and blank CRLF lines
// inconsistently, and one bad quote raises several skip events; partners are promised exact
// line numbers, so the reader is our own (a small state machine, as fast as csv-parse here).
// Pure: no Nest, no database.

export type CsvEntry =
  { kind: 'record'; line: number; cells: string[] } | { kind: 'bad'; line: number; detail: string };

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuote' | 'skipLine';

export class CsvRecordReader {
  private state: State = 'fieldStart';
  private line = 1;
  private recordLine = 1;
  private cells: string[] = [];
  private field = '';
  private error: string | null = null;
  private pendingCr = false;
  private started = false;
  private readonly out: CsvEntry[] = [];

  /** Feeds decoded text; returns the entries completed by it. */
  push(text: string): CsvEntry[] {
    let s = text;
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let runStart = 0;
    const flushRun = (end: number) => {
      if (end > runStart) this.field += s.slice(runStart, end);
    };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c !== LF) {
          // A lone CR is kept as data; the validator rejects it as a control character.
          this.field += '\r';
        }
      }
      // Sequential ifs, not a switch: a state may hand the same character to the next one.
      if (this.state === 'skipLine') {
        if (c === LF) {
          this.line++;
          this.endRecord();
        }
        runStart = i + 1;
        continue;
      }
      if (this.state === 'quoted') {
        if (c === QUOTE) {
          flushRun(i);
          this.state = 'quoteInQuoted';
          runStart = i + 1;
        } else if (c === LF) {
          this.line++;
        }
        continue;
      }
      if (this.state === 'quoteInQuoted') {
        if (c === QUOTE) {
          this.field += '"';
          this.state = 'quoted';
          runStart = i + 1;
          continue;
        }
        this.state = 'afterQuote'; // the quote closed the field; this character follows it
      }
      if (this.state === 'afterQuote') {
        if (c === COMMA) {
          this.cells.push(this.field);
          this.field = '';
          this.state = 'fieldStart';
        } else if (c === CR) {
          this.pendingCr = true;
        } else if (c === LF) {
          this.line++;
          this.cells.push(this.field);
          this.endRecord();
        } else {
          this.fail('characters follow a closing quote: quote the whole field');
        }
        runStart = i + 1;
        continue;
      }
      if (this.state === 'fieldStart') {
        if (c === QUOTE) {
          this.state = 'quoted';
          runStart = i + 1;
          continue;
        }
        this.state = 'unquoted';
        runStart = i;
      }
      // unquoted
      if (c === COMMA) {
        flushRun(i);
        this.cells.push(this.field);
        this.field = '';
        this.state = 'fieldStart';
        runStart = i + 1;
      } else if (c === LF) {
        flushRun(i);
        this.line++;
        this.cells.push(this.field);
        this.endRecord();
        runStart = i + 1;
      } else if (c === CR) {
        flushRun(i);
        this.pendingCr = true;
        runStart = i + 1;
      } else if (c === QUOTE) {
        this.fail('a quote inside an unquoted field: quote the field and double the quote ("")');
        runStart = i + 1;
      }
    }
    if (this.state === 'quoted' || this.state === 'unquoted') flushRun(s.length);
    return this.drain();
  }

  /** Ends the input: a record still open is emitted (or reported if a quote never closed). */
  end(): CsvEntry[] {
    this.pendingCr = false;
    if (this.state === 'quoted') {
      this.out.push({
        kind: 'bad',
        line: this.recordLine,
        detail: 'a quoted field is never closed (a " is missing)',
      });
    } else if (this.state === 'skipLine') {
      this.endRecord();
    } else if (this.cells.length > 0 || this.field !== '' || this.state !== 'fieldStart') {
      this.cells.push(this.field);
      this.endRecord();
    }
    return this.drain();
  }

  private fail(detail: string): void {
    if (this.error === null) this.error = detail;
    this.state = 'skipLine';
  }

  private endRecord(): void {
    // Empty lines, and rows of empty cells (`,,,,` as spreadsheets export them), are skipped.
    const blank = this.error === null && this.cells.every((cell) => cell.trim() === '');
    if (this.error !== null) {
      this.out.push({ kind: 'bad', line: this.recordLine, detail: this.error });
    } else if (!blank) {
      this.out.push({ kind: 'record', line: this.recordLine, cells: this.cells });
    }
    this.cells = [];
    this.field = '';
    this.error = null;
    this.state = 'fieldStart';
    this.recordLine = this.line;
  }

  private drain(): CsvEntry[] {
    return this.out.splice(0, this.out.length);
  }
}

/** Yields every record of a byte stream with its first line (the header is normally line 1). */
export async function* readCsv(source: AsyncIterable<Uint8Array>): AsyncGenerator<CsvEntry> {
  const decoder = new TextDecoder('utf-8');
  const reader = new CsvRecordReader();
  for await (const chunk of source) {
    yield* reader.push(decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) yield* reader.push(rest);
  yield* reader.end();
}
