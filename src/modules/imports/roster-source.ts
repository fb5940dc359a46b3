// Turns a stored upload into roster entries: CSV through the line-exact reader and the header
// rules, JSON rows by position. What the file is (its bytes, its format) stays here; what to
// do with each row is the runner's.
import { Injectable } from '@nestjs/common';
import { ImportsRepository, type ImportRow } from './imports.repository';
import {
  resolveHeader,
  rosterRawFromJson,
  type Problem,
  type RawRosterRow,
  type RosterColumn,
} from './roster';
import { readCsv, type CsvEntry } from './roster/roster-csv-reader';

export type Entry =
  | { kind: 'row'; line: number; raw: RawRosterRow; problems: Problem[] }
  | { kind: 'bad'; line: number; detail: string }
  | { kind: 'invalid'; line: number; problems: Problem[] };

export type Source =
  | { ok: true; entries: AsyncIterable<Entry>; headerWarnings: Problem[] }
  | { ok: false; reason: string };

@Injectable()
export class RosterSource {
  constructor(private readonly imports: ImportsRepository) {}

  private async *chunks(importId: string): AsyncGenerator<Buffer> {
    for (let n = 0; ; n++) {
      const chunk = await this.imports.readChunk(importId, n);
      if (!chunk) return;
      yield chunk;
    }
  }

  /** The import's records, from its first one; or why the file cannot be read at all. */
  async open(imp: ImportRow): Promise<Source> {
    if (imp.format === 'json') return this.openJson(imp);
    const reader = readCsv(this.chunks(imp.id));
    const first = await reader.next();
    if (first.done) return { ok: false, reason: 'the file is empty' };
    const headerEntry: CsvEntry = first.value;
    if (headerEntry.kind === 'bad') {
      return { ok: false, reason: `the header row cannot be read: ${headerEntry.detail}` };
    }
    const header = resolveHeader(headerEntry.cells);
    if (!header.ok) return { ok: false, reason: header.reason };
    const columns = header.columns;
    async function* entries(): AsyncGenerator<Entry> {
      for await (const e of reader) {
        if (e.kind === 'bad') {
          yield e;
          continue;
        }
        const extra = e.cells.slice(columns.length).filter((c) => c.trim() !== '');
        if (extra.length > 0) {
          yield {
            kind: 'bad',
            line: e.line,
            detail: `expected ${columns.length} fields as in the header, found ${e.cells.length}`,
          };
          continue;
        }
        const raw: RawRosterRow = {};
        columns.forEach((column: RosterColumn | null, i) => {
          if (column !== null && i < e.cells.length) raw[column] = e.cells[i];
        });
        yield { kind: 'row', line: e.line, raw, problems: [] };
      }
    }
    return { ok: true, entries: entries(), headerWarnings: header.warnings };
  }

  /** JSON batches are small by contract; line = the row's position, 1-based. */
  private async openJson(imp: ImportRow): Promise<Source> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks(imp.id)) parts.push(chunk);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return { ok: false, reason: 'the body is not valid JSON' };
    }
    const rows = (body as { rows?: unknown }).rows;
    if (!Array.isArray(rows)) return { ok: false, reason: 'the body must be {"rows": [ … ]}' };
    const list: unknown[] = rows;
    if (list.length === 0) return { ok: false, reason: 'rows is empty' };
    if (imp.totalRows === null) await this.imports.setTotalRows(imp.id, list.length);
    const reported = new Set<string>();
    async function* entries(): AsyncGenerator<Entry> {
      for (let i = 0; i < list.length; i++) {
        const line = i + 1;
        const parsed = rosterRawFromJson(list[i], line);
        if (!parsed.ok) {
          yield { kind: 'invalid', line, problems: parsed.problems };
          continue;
        }
        // Unknown fields: one warning per field name, on the first row that has it.
        const warnings = parsed.warnings.filter((w) => {
          if (reported.has(w.column)) return false;
          reported.add(w.column);
          return true;
        });
        yield { kind: 'row', line, raw: parsed.raw, problems: warnings };
      }
    }
    return { ok: true, entries: entries(), headerWarnings: [] };
  }
}
