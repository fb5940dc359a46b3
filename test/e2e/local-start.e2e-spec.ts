// `npm start` on a laptop with nothing configured: no DATABASE_URL, so the process starts an
// embedded PostgreSQL (data in ./.data/pg of its working directory), migrates, seeds, and
// prints where to go and the demo credentials, which work. In production the same missing
// DATABASE_URL is a one-line error.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, freePort, MAIN, start, waitFor, withTimeout } from '../helpers/processes';
import { postgresAnswers } from '../../src/core/local-services/probes';

describe('npm start without DATABASE_URL', () => {
  let dir = '';

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sdt-laptop-'));
    // Run as root, the embedded server runs as `postgres`, which must reach ./.data.
    chmodSync(dir, 0o755);
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in production: one line naming DATABASE_URL, exit 1', async () => {
    const run = await withTimeout(
      start(
        {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          REDIS_URL: process.env.REDIS_URL,
          JWT_SECRET: 'laptop-test-secret-long-enough',
        },
        MAIN,
        dir,
      ).done,
      20_000,
      'exit without DATABASE_URL in production',
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('DATABASE_URL')]);
    expect(existsSync(join(dir, '.data'))).toBe(false);
  });

  it('elsewhere: embedded Postgres in ./.data/pg, migrated and seeded, demo logins and key work', async () => {
    const port = await freePort();
    const { child, done } = start(
      {
        PATH: process.env.PATH,
        PORT: String(port),
        REDIS_URL: process.env.REDIS_URL,
        REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'sdt_test_local'}_laptop`,
        LOG_LEVEL: 'warn',
      },
      MAIN,
      dir,
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    let databaseUrl: string;
    try {
      expect(await waitFor(() => out.includes('Stop with Ctrl-C'), child, 120_000)).toBe(true);
      expect(out).toContain(`running at http://localhost:${port}`);
      expect(out).toContain('data in ./.data/pg');
      expect(existsSync(join(dir, '.data', 'pg', 'PG_VERSION'))).toBe(true);
      databaseUrl = /DATABASE_URL=(\S+)/.exec(out)?.[1] ?? '';
      const key = /X-API-Key: (\S+)/.exec(out)?.[1] ?? '';
      const password = /admin@demo\.example\.com\s+password: (\S+)/.exec(out)?.[1] ?? '';

      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.example.com', password }),
      });
      expect(login.status).toBe(200);
      const programs = await fetch(`${base}/api/v1/programs`, { headers: { 'X-API-Key': key } });
      expect(programs.status).toBe(200);
      const body = (await programs.json()) as { items: { partnerCode: string }[] };
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.every((p) => p.partnerCode === 'HUAWEI')).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    const run = await withTimeout(done, 20_000, 'exit after SIGTERM');
    expect(run.code).toBe(0);
    // The embedded server stopped with it.
    expect(databaseUrl).not.toBe('');
    expect(await postgresAnswers(databaseUrl, 1000)).toBe(false);
  }, 180_000);
});
