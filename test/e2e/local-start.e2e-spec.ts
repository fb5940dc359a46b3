// `npm start` on a laptop with nothing configured: no DATABASE_URL, so the process starts an
// embedded PostgreSQL (data in ./.data/pg of its working directory), migrates, seeds, and
// prints where to go and the demo credentials, which work. In production the same missing
// DATABASE_URL is a one-line error.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  ensureBuilt,
  freePort,
  jsonLines,
  MAIN,
  type Run,
  start,
  waitFor,
  withTimeout,
} from '../helpers/processes';
import { postgresAnswers } from '../../src/core/local-services/probes';
import { contractFetch } from '../helpers/contract';
import { localRedisPrefix } from '../../src/core/local-services/local-mode';

/** JSON log lines among the welcome text of a local start. */
function logLines(out: string): Record<string, unknown>[] {
  return jsonLines(
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .join('\n'),
  );
}

/** The embedded server's URL, from the `services` start-up line and ./.data/local.json. */
function embeddedUrl(dir: string, out: string): string {
  const services = logLines(out).find((e) => e.event === 'services') as
    { postgres: { host: string; port: number; database: string } } | undefined;
  if (!services) return '';
  const state = JSON.parse(readFileSync(join(dir, '.data', 'local.json'), 'utf8')) as {
    pgPassword: string;
  };
  const { host, port, database } = services.postgres;
  return `postgres://postgres:${state.pgPassword}@${host}:${port}/${database}`;
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

describe('npm start without DATABASE_URL', () => {
  let dir = '';

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sdt-laptop-'));
    // Run as root, the embedded server runs as `postgres`, which must reach ./.data.
    chmodSync(dir, 0o755);
  }, 180_000);

  afterAll(async () => {
    // The instance's own prefix, derived from its data folder (not the run's): clean it here.
    await deleteKeys(localRedisPrefix(join(dir, '.data', 'pg')));
    rmSync(dir, { recursive: true, force: true });
  });

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
        SHUTDOWN_DRAIN_SECONDS: '0',
        LOG_LEVEL: 'info',
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
      databaseUrl = embeddedUrl(dir, out);
      // Its Redis prefix comes from its data folder: a second checkout never shares its queues.
      const services = logLines(out).find((e) => e.event === 'services');
      expect(services).toMatchObject({
        postgres: { host: '127.0.0.1', database: 'sdt' },
        redis: { prefix: localRedisPrefix(join(dir, '.data', 'pg')) },
      });
      // The printed banner never shows the database password.
      const state = JSON.parse(readFileSync(join(dir, '.data', 'local.json'), 'utf8')) as {
        pgPassword: string;
      };
      expect(out).not.toContain(state.pgPassword);
      const key = /X-API-Key: (\S+)/.exec(out)?.[1] ?? '';
      const password = /admin@demo\.example\.com\s+password: (\S+)/.exec(out)?.[1] ?? '';

      const base = `http://127.0.0.1:${port}`;
      const login = await contractFetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.example.com', password }),
      });
      expect(login.status).toBe(200);
      const programs = await contractFetch(`${base}/api/v1/programs`, {
        headers: { 'X-API-Key': key },
      });
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

  it('Ctrl-C under a running import: the app drains, the import completes, the embedded Postgres stops last', async () => {
    // A terminal's Ctrl-C signals the whole foreground process group, and npm passes the
    // signal on to node once more: the child gets its own group here and both signals.
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        REDIS_URL: process.env.REDIS_URL,
        SHUTDOWN_DRAIN_SECONDS: '0',
        SHUTDOWN_GRACE_MS: '90000',
        IMPORT_BATCH_SIZE: '500',
        LOG_LEVEL: 'info',
      },
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const done = new Promise<Run>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })),
    );
    let databaseUrl: string;
    let importId = '';
    try {
      expect(await waitFor(() => out.includes('Stop with Ctrl-C'), child, 120_000)).toBe(true);
      databaseUrl = embeddedUrl(dir, out);
      const key = /X-API-Key: (\S+)/.exec(out)?.[1] ?? '';
      const rows = Array.from({ length: 40_000 }, (_, i) => {
        const cnic = `35202${String(i).padStart(7, '0')}${(i % 5) * 2}`;
        return `${cnic},Trainee ${i},female,HW-LHR-2026-01,PB,Lahore,active`;
      });
      const csv = ['cnic,full_name,gender,cohort_code,province,district,status', ...rows].join(
        '\n',
      );
      const base = `http://127.0.0.1:${port}/api/v1`;
      const upload = await fetch(`${base}/imports`, {
        method: 'POST',
        headers: { 'X-API-Key': key, 'Content-Type': 'text/csv' },
        body: csv,
      });
      expect(upload.status).toBe(202);
      importId = ((await upload.json()) as { id: string }).id;
      // Ctrl-C once the import is applying batches.
      expect(
        await waitFor(
          async () => {
            const res = await fetch(`${base}/imports/${importId}`, {
              headers: { 'X-API-Key': key },
            });
            const body = (await res.json()) as { status: string; processedRows: number };
            return body.status === 'processing' && body.processedRows > 0;
          },
          child,
          60_000,
        ),
      ).toBe(true);
      process.kill(-(child.pid as number), 'SIGINT');
      setTimeout(() => child.kill('SIGINT'), 50);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    const run = await withTimeout(done, 120_000, 'exit after Ctrl-C');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const entries = logLines(run.stdout);
    expect(entries.filter((e) => e.event === 'import.attempt_failed')).toEqual([]);
    const finished = entries.find((e) => e.event === 'import.finished' && e.importId === importId);
    expect(finished).toMatchObject({ status: 'completed', processedRows: 40_000, rejected: 0 });
    const steps = entries.filter((e) => e.context === 'Shutdown').map((e) => String(e.msg));
    // The second SIGINT (npm's) arrives at some point of the shutdown and changes nothing.
    const again = 'SIGINT received again: shutdown already under way';
    expect(steps).toContain(again);
    expect(steps.filter((m) => m !== again)).toEqual([
      expect.stringMatching(/^SIGINT received: shutting down/),
      'readiness now answers 503',
      expect.stringMatching(/^http server closed/),
      expect.stringMatching(/^consumers stopped/),
      'database connections closed',
      'redis connections closed',
      'embedded PostgreSQL stopped',
      expect.stringMatching(/^stopped after \d+ ms/),
    ]);
    // The import finished before the consumers reported stopping, and Postgres went last.
    const at = (pred: (e: Record<string, unknown>) => boolean) => entries.findIndex(pred);
    expect(at((e) => e === finished)).toBeLessThan(
      at((e) => /^consumers stopped/.test(String(e.msg))),
    );
    expect(await postgresAnswers(databaseUrl, 1000)).toBe(false);
  }, 300_000);

  it('as root in a folder the postgres user cannot enter: one line saying what to do', async () => {
    if (process.getuid?.() !== 0) return; // only root runs the server as another user
    const locked = mkdtempSync(join(tmpdir(), 'sdt-locked-'));
    const project = join(locked, 'project');
    mkdirSync(project);
    chmodSync(locked, 0o700);
    try {
      const run = await withTimeout(
        start(
          { PATH: process.env.PATH, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'info' },
          MAIN,
          project,
        ).done,
        60_000,
        'exit in an unreachable folder',
      );
      expect(run.code).toBe(1);
      const fatal = jsonLines(run.stdout).filter((e) => e.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(String(fatal[0].msg)).toContain(`cannot enter ${locked}`);
      expect(String(fatal[0].msg)).toMatch(/run as a normal user|DATABASE_URL/);
      expect(existsSync(join(project, '.data', 'pg', 'PG_VERSION'))).toBe(false);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  }, 90_000);
});
