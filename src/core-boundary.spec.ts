// core/ is the ground floor: nothing under it imports a feature (modules/), the seed (seed/) or
// the composition root (app/). What core needs from a feature it declares as a token that a
// feature provides (see core/auth/actor-resolver.ts), so the arrow always points into core.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = __dirname;
const CORE = join(SRC, 'core');
const ABOVE_CORE = ['modules', 'seed', 'app'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module a source names: static and dynamic imports, re-exports and require. */
function specifiers(source: string): string[] {
  const pattern =
    /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** The folder under src/ a specifier of `file` lands in, when it is one core may not import. */
function forbiddenTarget(file: string, specifier: string): string | null {
  const target = specifier.startsWith('.')
    ? relative(SRC, resolve(dirname(file), specifier))
    : specifier.replace(/^src\//, '');
  const top = target.split(/[\\/]/)[0];
  return ABOVE_CORE.includes(top) && !target.startsWith('..') ? target : null;
}

describe('core/ imports no feature, seed or app', () => {
  it('finds every kind of import (the check below would pass vacuously otherwise)', () => {
    const sample = [
      "import { A } from '../../modules/a/a.service';",
      "import type { B } from './b';",
      "export { C } from '../c';",
      "const d = await import('../../app/d.js');",
      "import '../../seed/e';",
      "const f = require('../f');",
    ].join('\n');
    expect(specifiers(sample)).toEqual([
      '../../modules/a/a.service',
      './b',
      '../c',
      '../../app/d.js',
      '../../seed/e',
      '../f',
    ]);
    const file = join(CORE, 'auth', 'x.ts');
    expect(forbiddenTarget(file, '../../modules/a/a.service')).toBe(
      `modules${sep}a${sep}a.service`,
    );
    expect(forbiddenTarget(file, '../http/domain-error')).toBeNull();
  });

  it('holds for every file under src/core', () => {
    const offenders = files(CORE).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => forbiddenTarget(file, s) !== null)
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
