// The bench's closing table: left-aligned columns as wide as their widest cell, so the figures
// can be pasted into the README as they are.
export function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
