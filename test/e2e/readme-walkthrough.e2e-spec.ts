// The README's "Try it with curl" works as written under `npm start`: a system started the way
// `npm start` starts it (node dist/main.js in a fresh folder, nothing configured: embedded
// Postgres, migrated and seeded) runs the section's shell block, unchanged but for the port.
// curl is wrapped to fail on any 4xx/5xx (--fail-with-body) and the block runs under
// `bash -euo pipefail`, so any command that does not work fails the test.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { localRedisPrefix } from '../../src/core/local-services/local-mode';
import {
  ensureBuilt,
  freePort,
  MAIN,
  ROOT,
  start,
  waitFor,
  withTimeout,
} from '../helpers/processes';

const run = promisify(execFile);

/** The first ```sh block under the README heading `## Try it with curl`. */
function walkthroughBlock(readme: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Try it with curl'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no sh block under "## Try it with curl"');
  return block[1];
}

describe('README > Try it with curl, under npm start', () => {
  let dir = '';
  let bin = '';

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sdt-readme-'));
    // Run as root, the embedded server runs as `postgres`, which must reach ./.data.
    chmodSync(dir, 0o755);
    bin = mkdtempSync(join(tmpdir(), 'sdt-readme-bin-'));
    const curl = execFileSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\nexec ${curl} --fail-with-body "$@"\n`, {
      mode: 0o755,
    });
  }, 180_000);

  afterAll(async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${localRedisPrefix(join(dir, '.data', 'pg'))}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
    rmSync(bin, { recursive: true, force: true });
  });

  it('every command of the walkthrough works', async () => {
    const block = walkthroughBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(block).toContain('http://localhost:3000/api/v1');
    const port = await freePort();
    const { child, done } = start(
      {
        PATH: process.env.PATH,
        PORT: String(port),
        REDIS_URL: process.env.REDIS_URL,
        SHUTDOWN_DRAIN_SECONDS: '0',
        LOG_LEVEL: 'warn',
      },
      MAIN,
      dir,
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    let stdout: string;
    try {
      expect(await waitFor(() => out.includes('Stop with Ctrl-C'), child, 150_000)).toBe(true);
      // The one change: the port this test's system listens on.
      const script = block.replaceAll('http://localhost:3000', `http://localhost:${port}`);
      const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: dir,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`walkthrough failed: ${err.message}\n${err.stdout}\n${err.stderr}`);
      });
      stdout = result.stdout;

      // What the reader is promised: the program and cohort made, the import accepted and
      // readable, its problems as CSV, and the reports.
      expect(stdout).toContain('"code":"HW-CLOUD-2026"');
      expect(stdout).toContain('"code":"HW-ISB-2026-07"');
      expect(stdout).toMatch(/"status":"(queued|processing|completed)"/);
      expect(stdout).toContain('line,column,code,severity,message');
      expect(stdout).toContain('"partnerCode":"HUAWEI"');
      const key = (
        JSON.parse(readFileSync(join(dir, '.data', 'local.json'), 'utf8')) as { demoApiKey: string }
      ).demoApiKey;
      const imports = await fetch(`http://127.0.0.1:${port}/api/v1/imports`, {
        headers: { 'X-API-Key': key },
      });
      const list = (await imports.json()) as { items: { id: string }[] };
      expect(list.items).toHaveLength(1);
      expect(
        await waitFor(
          async () => {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/imports/${list.items[0].id}`, {
              headers: { 'X-API-Key': key },
            });
            const body = (await res.json()) as { status: string; created: number };
            return body.status === 'completed' && body.created === 2;
          },
          child,
          30_000,
        ),
      ).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    const exit = await withTimeout(done, 30_000, 'exit after SIGTERM');
    expect(exit.code).toBe(0);
  }, 300_000);
});
