// Turns a stored upload into roster entries: CSV through the line-exact reader and the header
// rules, JSON rows by position. What the file is (its bytes, its format) stays here; what to
// do with each row is the runner's. It only reads: the import's merge session writes.
import { Injectable } from '@nestjs/common';
import { ImportsRepository, type ImportRow } from './imports.repository';
import {
  resolveHeader,
  rosterRawFromJson,
  type Problem,
  type RawRosterRow,
  type RosterEntry,
} from './roster';
import { readCsv, type CsvEntry } from './roster/roster-csv-reader';

export type Source =
  | {
      ok: true;
      entries: AsyncIterable<RosterEntry>;
      headerWarnings: Problem[];
      /** The number of records, when known before reading them (a JSON body). */
      records?: number;
    }
  | { ok: false; reason: string };

/** Whether a record has non-blank cells past the header's columns (blank ones are forgiven). */
function hasExtraCells(cells: string[], columns: number): boolean {
  for (let i = columns; i < cells.length; i++) if (cells[i].trim() !== '') return true;
  return false;
}

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
    async function* entries(): AsyncGenerator<RosterEntry> {
      for await (const e of reader) {
        if (e.kind === 'bad') {
          yield e;
          continue;
        }
        if (hasExtraCells(e.cells, columns.length)) {
          yield {
            kind: 'bad',
            line: e.line,
            detail: `expected ${columns.length} fields as in the header, found ${e.cells.length}`,
          };
          continue;
        }
        const raw: RawRosterRow = {};
        const n = Math.min(columns.length, e.cells.length);
        for (let i = 0; i < n; i++) {
          const column = columns[i];
          if (column !== null) raw[column] = e.cells[i];
        }
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
    const reported = new Set<string>();
    async function* entries(): AsyncGenerator<RosterEntry> {
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
    return { ok: true, entries: entries(), headerWarnings: [], records: list.length };
  }
}
