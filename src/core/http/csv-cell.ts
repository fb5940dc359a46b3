// The one CSV cell encoder for every CSV this API serves (import problems, report exports):
// RFC 4180 quoting, and formula-injection safety: text starting with = + - @ tab or CR is
// prefixed with a single quote so spreadsheets show it as text. Numbers are written as numbers.

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets a leading
 * single quote, so it shows as the text it is. Numbers are never touched: they stay numbers.
 */
export function inertText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
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
