// GET /imports/{id}/rejected.csv as pure functions: the rejected records of a stored upload,
// as sent, with one last column `problem` saying why, so a partner fixes the cells and uploads
// the file again as it is (the roster header ignores a `problem` column without a warning).
//
// CSV uploads: the header and each rejected record keep their cells exactly (written back with
// RFC 4180 quoting wherever a cell needs it, so every cell reads back to the same text), padded
// to the header's width so `problem` is always the last header column. A record the CSV reader
// could not split into cells (a stray or unclosed quote) is given back as its physical lines.
// A `problem` column already in the file (a rejected.csv sent again) is replaced, not repeated.
// Cells are never formula-escaped: the file is the partner's own and must re-import unchanged;
// only the `problem` text (ours) goes through the usual CSV cell encoder.
//
// JSON uploads: one CSV row per rejected element of `rows`, under the roster's CSV column names
// (fullName -> full_name, in the template's order), then any unknown fields under their own
// names, then `problem`; numbers and booleans as text, null as an empty cell, nested values as
// JSON. Uploaded back, that CSV is a roster like any other. Pure: no Nest, no database.
import { csvCell } from '../../core/http/csv-cell';
import { REJECTED_PROBLEM_COLUMN, ROSTER_COLUMNS, ROSTER_JSON_FIELDS } from './roster';
import { CsvRecordReader, type CsvEntry } from './roster/roster-csv-reader';

export const PROBLEM_COLUMN = REJECTED_PROBLEM_COLUMN;

/** Why one line was rejected (its problems joined), in line order. */
export interface RejectedLine {
  line: number;
  problem: string;
}

/** A cell as RFC 4180 writes it: quoted when it holds a quote, comma or line break. */
export function rawCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const isProblemColumn = (name: string) =>
  name
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase() === PROBLEM_COLUMN;

/** The physical lines of decoded text, each with its line end, numbered from 1. */
async function* physicalLines(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let line = 1;
  const split = function* (text: string) {
    carry += text;
    let at = carry.indexOf('\n');
    while (at !== -1) {
      yield { line: line++, text: carry.slice(0, at + 1) };
      carry = carry.slice(at + 1);
      at = carry.indexOf('\n');
    }
  };
  for await (const chunk of chunks) yield* split(decoder.decode(chunk, { stream: true }));
  yield* split(decoder.decode());
  if (carry !== '') yield { line, text: carry };
}

/** The rejected records of a CSV upload, then `problem`; the header first. */
export async function* rejectedCsvRows(
  chunks: AsyncIterable<Uint8Array>,
  rejected: AsyncIterable<RejectedLine>,
): AsyncGenerator<string> {
  const reasons = rejected[Symbol.asyncIterator]();
  let next = await reasons.next();
  const reader = new CsvRecordReader();
  let pending: { line: number; text: string }[] = [];
  let width = 0;
  let dropAt = -1;
  let headerDone = false;

  const render = async (entry: CsvEntry): Promise<string | null> => {
    if (!headerDone) {
      headerDone = true;
      if (entry.kind === 'bad') return `${PROBLEM_COLUMN}\r\n`;
      dropAt = entry.cells.findIndex(isProblemColumn);
      const names = entry.cells.filter((_, i) => i !== dropAt);
      width = names.length;
      return [...names.map(rawCell), PROBLEM_COLUMN].join(',') + '\r\n';
    }
    while (!next.done && next.value.line < entry.line) next = await reasons.next();
    if (next.done || next.value.line !== entry.line) return null;
    const problem = csvCell(next.value.problem);
    if (entry.kind === 'bad') {
      const raw = pending
        .filter((l) => l.line >= entry.line)
        .map((l) => l.text)
        .join('')
        .replace(/\r?\n$/, '');
      return `${raw},${problem}\r\n`;
    }
    const cells = entry.cells.filter((_, i) => i !== dropAt);
    while (cells.length < width) cells.push('');
    return [...cells.map(rawCell), problem].join(',') + '\r\n';
  };

  for await (const physical of physicalLines(chunks)) {
    pending.push(physical);
    const done = reader.push(physical.text);
    for (const entry of done) {
      const out = await render(entry);
      if (out !== null) yield out;
    }
    if (done.length > 0) pending = [];
  }
  for (const entry of reader.end()) {
    const out = await render(entry);
    if (out !== null) yield out;
  }
}

function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const COLUMN_OF_FIELD = new Map<string, string>(
  ROSTER_COLUMNS.map((c) => [ROSTER_JSON_FIELDS[c], c]),
);

/** The rejected elements of a JSON upload's `rows` (line = position from 1) as roster CSV. */
export function rejectedJsonRows(
  rows: readonly unknown[],
  rejected: readonly RejectedLine[],
): string[] {
  const picked = rejected
    .filter((r) => r.line >= 1 && r.line <= rows.length)
    .map((r) => {
      const value = rows[r.line - 1];
      const fields =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : {};
      return { fields, problem: r.problem };
    });
  const present = new Set<string>();
  const unknown: string[] = [];
  for (const { fields } of picked) {
    for (const key of Object.keys(fields)) {
      const column = COLUMN_OF_FIELD.get(key);
      if (column !== undefined) present.add(column);
      else if (!unknown.includes(key) && !isProblemColumn(key)) unknown.push(key);
    }
  }
  const known = ROSTER_COLUMNS.filter((c) => present.has(c));
  const header = [...known, ...unknown];
  const lines = [[...header.map(rawCell), PROBLEM_COLUMN].join(',') + '\r\n'];
  for (const { fields, problem } of picked) {
    const cells = [
      ...known.map((c) => jsonCell(fields[ROSTER_JSON_FIELDS[c]])),
      ...unknown.map((k) => jsonCell(fields[k])),
    ];
    lines.push([...cells.map(rawCell), csvCell(problem)].join(',') + '\r\n');
  }
  return lines;
}
