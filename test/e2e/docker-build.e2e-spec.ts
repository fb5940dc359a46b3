// `docker compose up` builds the image from the Dockerfile's file set only. No Docker engine
// runs here, so this builds the way the image's build stage does: exactly the paths its COPY
// lines name (minus .dockerignore), the installed node_modules linked in place of `npm ci`,
// then the stage's build command. A path the Dockerfile forgets (openapi/ was) fails here.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  copyContext,
  isIgnored,
  parseBuildStage,
  unresolvedImports,
} from '../helpers/docker-build-context';
import { ROOT } from '../helpers/processes';

const run = promisify(execFile);
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const stage = parseBuildStage(dockerfile);

describe('the Docker image build stage, without Docker', () => {
  const dirs: string[] = [];
  const context = (paths: string[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sdt-image-'));
    dirs.push(dir);
    copyContext(ROOT, dir, paths);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the COPY lines and the build command of the Dockerfile', () => {
    expect(stage.copied).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'web', 'openapi']),
    );
    expect(stage.buildCommand).toBe('npm run build');
    expect(
      isIgnored('web/dist/index.html', readFileSync(join(ROOT, '.dockerignore'), 'utf8')),
    ).toBe(true);
  });

  it('builds api and console from exactly the copied paths', async () => {
    const dir = context(stage.copied);
    expect(unresolvedImports(dir)).toEqual([]);
    // The image's command, run by a shell as RUN does (no Docker engine: see README).
    await run('sh', ['-c', stage.buildCommand], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    expect(existsSync(join(dir, 'dist', 'main.api.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'main.worker.js'))).toBe(true);
    expect(existsSync(join(dir, 'web', 'dist', 'index.html'))).toBe(true);
  }, 320_000);

  it('names the missing import when a needed path is dropped from the COPY lines', () => {
    // The static check stands in for a second full build: the build failed exactly with
    // TS2307 on this import while the Dockerfile did not copy openapi/.
    const dir = context(stage.copied.filter((p) => p !== 'openapi'));
    // Every console file that reads the generated types is named, the first one among them.
    const missing = unresolvedImports(dir);
    expect(missing).toContain('web/src/api/types.ts -> ../../../openapi/schema');
    expect(missing.every((m) => m.endsWith('openapi/schema'))).toBe(true);
  });
});
