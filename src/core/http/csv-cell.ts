// The one CSV cell encoder for every CSV this API serves (import problems, report exports,
// trainee exports): RFC 4180 quoting, and formula-injection safety: text starting with = + - @
// tab or CR is prefixed with a single quote so spreadsheets show it as text. Numbers are written
// as numbers. The trainee export is formatted by Postgres itself (COPY … CSV); `sqlInertText`
// is the same rule written as SQL, built from the same list of characters.

/** First characters a spreadsheet reads as the start of a formula. */
const FORMULA_STARTERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/**
 * Text a spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets a leading
 * single quote, so it shows as the text it is. Numbers are never touched: they stay numbers.
 */
export function inertText(value: string): string {
  return value.length > 0 && FORMULA_STARTERS.includes(value[0]) ? `'${value}` : value;
}

/** `inertText` as a SQL expression over `expression` (a text column or expression; NULL stays NULL). */
export function sqlInertText(expression: string): string {
  // ascii() is the first character's code point: an integer test, no substring per value.
  const codes = FORMULA_STARTERS.map((c) => c.charCodeAt(0)).join(', ');
  return `CASE WHEN ascii(${expression}) IN (${codes}) THEN '''' || ${expression} ELSE ${expression} END`;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = inertText(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
