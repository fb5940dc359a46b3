// Prints the console's bundle sizes (gzipped) after `vite build`, and fails the build when
// the JavaScript a first visit loads (index.html's script and its preloads) passes the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]),
);
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
const rows = readdirSync(join(dist, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => {
    const bytes = readFileSync(join(dist, 'assets', f));
    return { file: `assets/${f}`, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);
console.log('\nweb console bundle (KB):            raw    gzip');
for (const r of rows) {
  const tag = initial.has(r.file) ? ' (initial)' : '';
  console.log(`  ${r.file.padEnd(34)}${kb(r.raw)} ${kb(r.gzip)}${tag}`);
}
const initialGzip = rows.filter((r) => initial.has(r.file)).reduce((s, r) => s + r.gzip, 0);
const total = rows.reduce((s, r) => s + r.gzip, 0);
console.log(
  `  initial JavaScript: ${(initialGzip / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB); everything: ${(total / 1024).toFixed(1)} KB`,
);
if (initialGzip / 1024 > BUDGET_KB) {
  console.error(`initial JavaScript is over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
