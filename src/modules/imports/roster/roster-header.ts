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

const CNIC_LIKE = /^\d{5}-?\d{7}-?\d$/;

/** 'Full Name', 'full-name' -> 'full_name': used only to suggest the right spelling. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[\s-]+/g, '_');
}

const list = (names: readonly string[]): string => names.join(', ');

export function resolveHeader(cells: readonly string[]): HeaderResult {
  const names = cells.map((cell, i) => (i === 0 ? cell.replace(/^\ufeff/, '') : cell).trim());
  if (names.every((n) => n === '')) {
    return { ok: false, reason: 'the header row is empty: the first row must name the columns' };
  }
  if (names.length === 1 && /[;\t|]/.test(names[0])) {
    return {
      ok: false,
      reason:
        'the header row has a single column: the delimiter must be a comma (,), not a semicolon or tab; save the file as "CSV (comma delimited)"',
    };
  }
  if (names.some((n) => CNIC_LIKE.test(n))) {
    return {
      ok: false,
      reason: `the first row looks like data, not a header: the first row must name the columns (${list(REQUIRED_ROSTER_COLUMNS)}, …); download the template from GET /api/v1/imports/template.csv`,
    };
  }

  const columns: (RosterColumn | null)[] = [];
  const warnings: Problem[] = [];
  const seen = new Set<RosterColumn>();
  const duplicated = new Set<RosterColumn>();
  const misspelt = new Map<RosterColumn, string>();

  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (isRosterColumn(key)) {
      if (seen.has(key)) duplicated.add(key);
      seen.add(key);
      columns.push(key);
      return;
    }
    columns.push(null);
    const loose = looseName(name);
    if (isRosterColumn(loose) && !misspelt.has(loose)) misspelt.set(loose, name);
    const column = name === '' ? `(column ${i + 1})` : shownName(name);
    const hint = isRosterColumn(loose) ? `; did you mean ${loose}?` : '';
    warnings.push(
      problem(
        1,
        column,
        'unknown_column',
        name === ''
          ? `column ${i + 1} has no name: its values are ignored`
          : `unknown column, its values are ignored${hint} (known columns: ${list(ROSTER_COLUMNS)})`,
      ),
    );
  });

  const missing = REQUIRED_ROSTER_COLUMNS.filter((c) => !seen.has(c));
  const reasons: string[] = [];
  if (missing.length > 0) {
    const hints = missing
      .filter((c) => misspelt.has(c))
      .map((c) => `"${shownName(misspelt.get(c) ?? '')}" must be written ${c}`);
    reasons.push(
      `missing required column${missing.length > 1 ? 's' : ''}: ${list(missing)}` +
        (hints.length > 0 ? ` (${hints.join('; ')})` : ''),
    );
    if (names.some((n) => n.includes(';') || n.includes('\t'))) {
      reasons.push('the delimiter must be a comma (,), not a semicolon or tab');
    }
  }
  if (duplicated.size > 0) {
    const dups = ROSTER_COLUMNS.filter((c) => duplicated.has(c));
    reasons.push(`duplicated column${dups.length > 1 ? 's' : ''}: ${list(dups)}`);
  }
  if (reasons.length > 0) return { ok: false, reason: reasons.join('; ') };
  return { ok: true, columns, warnings };
}
