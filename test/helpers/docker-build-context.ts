// The Docker image's build stage, reproduced without a Docker engine: read the Dockerfile's
// COPY lines (build stage only), copy exactly those paths (minus .dockerignore) into a folder,
// and find what the build command would run. Also a cheap static check: every relative import
// in the copied sources must resolve inside the copy (a path the Dockerfile forgot shows here
// as an unresolved import, without running a build).
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface BuildStage {
  /** Source paths of COPY lines without --from, in order (relative to the context). */
  copied: string[];
  /** The build's RUN command, without the dependency install and the pruning around it. */
  buildCommand: string;
}

/** The first stage's COPY sources and its build command. */
export function parseBuildStage(dockerfile: string): BuildStage {
  // Join continuation lines, drop comments.
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stageStarts = lines.flatMap((l, i) => (/^FROM\s/i.test(l) ? [i] : []));
  const stage = lines.slice(stageStarts[0] + 1, stageStarts[1] ?? lines.length);
  const copied: string[] = [];
  const runs: string[] = [];
  for (const line of stage) {
    const copy = /^COPY\s+(.*)$/i.exec(line);
    if (copy) {
      const words = copy[1].split(/\s+/).filter((w) => !w.startsWith('--'));
      if (/--from=/.test(copy[1])) continue;
      copied.push(...words.slice(0, -1).map((w) => w.replace(/\/$/, '')));
      continue;
    }
    const run = /^RUN\s+(.*)$/i.exec(line);
    if (run) runs.push(run[1]);
  }
  const build = runs.find((r) => /npm run build/.test(r)) ?? '';
  const buildCommand = build
    .split('&&')
    .map((c) => c.trim())
    .filter((c) => !/^npm (ci|prune|install)\b/.test(c))
    .join(' && ');
  return { copied, buildCommand };
}

/** A .dockerignore pattern as a test on a context-relative path (enough for ours). */
function ignoreRules(text: string): { negate: boolean; re: RegExp }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/|\/$/g, '');
      const body = pattern
        .split('')
        .map((c) => (c === '*' ? '[^/]*' : /[.+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c))
        .join('');
      // A pattern matches the path itself or anything under it.
      return { negate, re: new RegExp(`^${body}(/.*)?$`) };
    });
}

export function isIgnored(path: string, dockerignore: string): boolean {
  let ignored = false;
  for (const rule of ignoreRules(dockerignore)) if (rule.re.test(path)) ignored = !rule.negate;
  return ignored;
}

/** Copies `paths` from `root` into `dest` as `docker build` would send and COPY them. */
export function copyContext(root: string, dest: string, paths: string[]): void {
  const dockerignore = existsSync(join(root, '.dockerignore'))
    ? readFileSync(join(root, '.dockerignore'), 'utf8')
    : '';
  for (const path of paths) {
    if (!existsSync(join(root, path))) throw new Error(`COPY source missing: ${path}`);
    cpSync(join(root, path), join(dest, path), {
      recursive: true,
      filter: (src) => {
        const rel = relative(root, src);
        return rel === '' || !isIgnored(rel, dockerignore);
      },
    });
  }
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dir, f))
      .filter((f) => /\.(ts|tsx|mts|mjs)$/.test(f) && !f.includes('node_modules'))
      // The server's build leaves its specs out (tsconfig.json), so their imports, and the import
      // lines some of them hold as test data, are not the image's.
      .filter((f) => !(relative(dir, f).startsWith(`src${sep}`) && f.endsWith('.spec.ts')))
      .filter((f) => statSync(f).isFile())
  );
}

const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function resolves(target: string): boolean {
  const base = target.replace(/\.(js|mjs)$/, '');
  const candidates = [
    target,
    `${base}.ts`,
    `${base}.tsx`,
    `${base}.d.ts`,
    `${base}.mts`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  return candidates.some((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * Relative imports of the copied sources that point at nothing in `dir`, as
 * `file -> specifier` lines (context-relative). Empty when the copy is self-contained.
 */
export function unresolvedImports(dir: string): string[] {
  const missing: string[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      if (!resolves(resolve(dirname(file), m[1]))) {
        missing.push(`${relative(dir, file)} -> ${m[1]}`);
      }
    }
  }
  return missing;
}
