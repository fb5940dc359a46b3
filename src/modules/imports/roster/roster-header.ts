// Reads a roster's header row: which column each position holds. A header the import cannot
// trust (missing or duplicated required columns, wrong delimiter, no header at all) fails the
// whole import with one clear reason; unknown columns only warn. A reason never repeats a
// header cell unless it is a known column name: a file without a header row has personal
// data in its first row.
import {
  ROSTER_COLUMNS,
  REQUIRED_ROSTER_COLUMNS,
  isRosterColumn,
  type RosterColumn,
} from './roster-columns';
import { problem, shownColumnName as shownName, type Problem } from './roster-problems';

export type HeaderResult =
  | { ok: true; columns: (RosterColumn | null)[]; warnings: Problem[] }
  | { ok: false; reason: string };

/** The column GET /imports/{id}/rejected.csv adds; never a roster column. */
export const REJECTED_PROBLEM_COLUMN = 'problem';

const CNIC_LIKE = /^\d{5}-?\d{7}-?\d$/;

/** 'Full Name', 'full-name' -> 'full_name': used only to suggest the right spelling. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s-]+/g, '_');
}

const list = (names: readonly string[]): string => names.join(', ');

/** Why the header row is not one at all (empty, another delimiter, data), or null. */
function notAHeader(names: readonly string[]): string | null {
  if (names.every((n) => n === '')) {
    return 'the header row is empty: the first row must name the columns';
  }
  if (names.length === 1 && /[;\t|]/.test(names[0])) {
    return 'the header row has a single column: the delimiter must be a comma (,), not a semicolon or tab; save the file as "CSV (comma delimited)"';
  }
  if (names.some((n) => CNIC_LIKE.test(n))) {
    return `the first row looks like data, not a header: the first row must name the columns (${list(REQUIRED_ROSTER_COLUMNS)}, …); download the template from GET /api/v1/imports/template.csv`;
  }
  return null;
}

/** What the header's names say: the column at each position, and what is wrong with them. */
interface HeaderNames {
  columns: (RosterColumn | null)[];
  warnings: Problem[];
  seen: Set<RosterColumn>;
  duplicated: Set<RosterColumn>;
  /** A required column written loosely ('Full Name'), by the column it means. */
  misspelt: Map<RosterColumn, string>;
}

function readNames(names: readonly string[]): HeaderNames {
  const read: HeaderNames = {
    columns: [],
    warnings: [],
    seen: new Set(),
    duplicated: new Set(),
    misspelt: new Map(),
  };
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (isRosterColumn(key)) {
      if (read.seen.has(key)) read.duplicated.add(key);
      read.seen.add(key);
      read.columns.push(key);
      return;
    }
    read.columns.push(null);
    // The `problem` column of GET /imports/{id}/rejected.csv: a partner sends that file back
    // as it is, so it is ignored without a warning.
    if (key === REJECTED_PROBLEM_COLUMN) return;
    const loose = looseName(name);
    if (isRosterColumn(loose) && !read.misspelt.has(loose)) read.misspelt.set(loose, name);
    read.warnings.push(unknownColumn(name, i, isRosterColumn(loose) ? loose : null));
  });
  return read;
}

function unknownColumn(name: string, index: number, meant: RosterColumn | null): Problem {
  if (name === '') {
    return problem(
      1,
      `(column ${index + 1})`,
      'unknown_column',
      `column ${index + 1} has no name: its values are ignored`,
    );
  }
  const hint = meant ? `; did you mean ${meant}?` : '';
  return problem(
    1,
    shownName(name),
    'unknown_column',
    `unknown column, its values are ignored${hint} (known columns: ${list(ROSTER_COLUMNS)})`,
  );
}

/** Required columns missing, or any column named twice: the import cannot trust the header. */
function headerFaults(names: readonly string[], read: HeaderNames): string[] {
  const missing = REQUIRED_ROSTER_COLUMNS.filter((c) => !read.seen.has(c));
  const reasons: string[] = [];
  if (missing.length > 0) {
    const hints = missing
      .filter((c) => read.misspelt.has(c))
      .map((c) => `"${shownName(read.misspelt.get(c) ?? '')}" must be written ${c}`);
    reasons.push(
      `missing required column${missing.length > 1 ? 's' : ''}: ${list(missing)}` +
        (hints.length > 0 ? ` (${hints.join('; ')})` : ''),
    );
    if (names.some((n) => n.includes(';') || n.includes('\t'))) {
      reasons.push('the delimiter must be a comma (,), not a semicolon or tab');
    }
  }
  if (read.duplicated.size > 0) {
    const dups = ROSTER_COLUMNS.filter((c) => read.duplicated.has(c));
    reasons.push(`duplicated column${dups.length > 1 ? 's' : ''}: ${list(dups)}`);
  }
  return reasons;
}

export function resolveHeader(cells: readonly string[]): HeaderResult {
  const names = cells.map((cell, i) => (i === 0 ? cell.replace(/^\ufeff/, '') : cell).trim());
  const notHeader = notAHeader(names);
  if (notHeader !== null) return { ok: false, reason: notHeader };
  const read = readNames(names);
  const reasons = headerFaults(names, read);
  if (reasons.length > 0) return { ok: false, reason: reasons.join('; ') };
  return { ok: true, columns: read.columns, warnings: read.warnings };
}
