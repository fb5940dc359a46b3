// PostgreSQL's COPY text format, for the rows the import streams into the database (the merge's
// input, the import's problems). Pure.

/** COPY text format: backslash, tab, newline and CR escaped; \N is NULL. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyCell(value: string | number | undefined): string {
  if (value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Rows of cells as COPY text lines, UTF-8 encoded. */
export function copyRows(rows: Iterable<readonly (string | number | undefined)[]>): Buffer {
  let text = '';
  for (const cells of rows) text += cells.map(copyCell).join('\t') + '\n';
  return Buffer.from(text, 'utf8');
}
