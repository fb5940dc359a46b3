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
    const s = this.withoutBom(text);
    // Ordinary characters only extend a run of the field's text, appended when it ends.
    let runStart = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.pendingCr) this.afterCr(c);
      // Sequential ifs, not a switch: a state may hand the same character to the next one.
      if (this.state === 'skipLine') {
        this.skipLine(c);
        runStart = i + 1;
        continue;
      }
      if (this.state === 'quoted') {
        if (c === QUOTE) {
          this.appendRun(s, runStart, i);
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
        this.afterQuote(c);
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
      if (c === COMMA || c === LF || c === CR || c === QUOTE) {
        runStart = this.unquotedMark(c, s, runStart, i);
      }
    }
    if (this.state === 'quoted' || this.state === 'unquoted') this.appendRun(s, runStart, s.length);
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

  /** The text without its byte order mark, if it is the start of the input. */
  private withoutBom(text: string): string {
    if (this.started) return text;
    this.started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  private appendRun(s: string, from: number, to: number): void {
    if (to > from) this.field += s.slice(from, to);
  }

  /** The character after a CR: a lone CR is kept as data (the validator rejects it). */
  private afterCr(c: number): void {
    this.pendingCr = false;
    if (c !== LF) this.field += '\r';
  }

  /** The rest of a malformed record's line is skipped. */
  private skipLine(c: number): void {
    if (c !== LF) return;
    this.line++;
    this.endRecord();
  }

  /** After a closing quote only a comma or a line end may come. */
  private afterQuote(c: number): void {
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
  }

  /** A comma, line end or quote in an unquoted field at `i`; returns where the next run starts. */
  private unquotedMark(c: number, s: string, runStart: number, i: number): number {
    if (c === QUOTE) {
      this.fail('a quote inside an unquoted field: quote the field and double the quote ("")');
      return i + 1;
    }
    this.appendRun(s, runStart, i);
    if (c === CR) {
      this.pendingCr = true;
    } else {
      this.cells.push(this.field);
      if (c === LF) {
        this.line++;
        this.endRecord();
      } else {
        this.field = '';
        this.state = 'fieldStart';
      }
    }
    return i + 1;
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
