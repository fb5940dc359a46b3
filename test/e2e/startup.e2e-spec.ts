// The real entry point as an operator runs it: `node dist/main.js`. Bad configuration stops
// it at once with one line naming the variable; a good one serves /health/ready, writes JSON
// logs without personal data or credentials, and stops cleanly on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { baseDatabaseUrl, withDatabase } from '../setup/test-env';
import {
  ensureBuilt,
  freePort,
  type Run,
  start,
  withTimeout,
  MAIN,
  WORKER,
} from '../helpers/processes';
import { contractFetch } from '../helpers/contract';

/** A full, valid environment for this test run (its own database and Redis prefix). */
function validEnv(port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: process.env.REDIS_PREFIX,
    JWT_SECRET: 'startup-test-secret-long-enough',
    ADMIN_EMAIL: process.env.ADMIN_EMAIL,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD,
    // Consumers stay off: this process must not take jobs from the other suites' queues.
    WORKERS_IN_API: 'false',
    // Workers serve health and metrics on a port of their own: any free one here.
    WORKER_HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  };
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((l) => l.trim() !== '');
}

describe('start-up (node dist/main.js)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('refuses to start without JWT_SECRET, naming it on one line of stderr', async () => {
    const env = validEnv(0);
    delete env.JWT_SECRET;
    const run = await withTimeout(start(env).done, 20_000, 'exit without JWT_SECRET');
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => l.includes('JWT_SECRET'))).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a DATABASE_URL that is not a URL, naming it on one line of stderr', async () => {
    const run = await withTimeout(
      start({ ...validEnv(0), DATABASE_URL: 'not-a-url' }).done,
      20_000,
      'exit with bad DATABASE_URL',
    );
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => l.includes('DATABASE_URL'))).toHaveLength(1);
    expect(run.stderr).not.toContain('not-a-url');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['DATABASE_POOL_SIZE', 'abc'],
    ['IMPORT_JOB_LOCK_MS', 'abc'],
    ['PORT', '70000'],
    ['WORKERS_IN_API', 'maybe'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
  ])('refuses %s=%s with one line on stderr naming it, exit 1', async (name, value) => {
    const run = await withTimeout(
      start({ ...validEnv(0), [name]: value }).done,
      20_000,
      `exit with bad ${name}`,
    );
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringContaining(name)]);
    expect(run.stdout).toBe('');
  });

  describe('the database DATABASE_URL names', () => {
    const missing = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_fresh`;
    const role = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_nocreate`;
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    let dir = '';

    beforeAll(async () => {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${missing} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      // A password, so the role can log in where the server asks for one (the embedded Postgres).
      await admin.query(`CREATE ROLE ${role} LOGIN NOCREATEDB PASSWORD 'nocreate-pw'`);
      dir = mkdtempSync(join(tmpdir(), 'sdt-env-'));
    });
    afterAll(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${missing} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    });

    it('is read from .env in the working directory, and created when missing', async () => {
      const url = withDatabase(baseDatabaseUrl(), missing);
      writeFileSync(join(dir, '.env'), `# local settings\nDATABASE_URL=${url}\n`);
      const env = validEnv(await freePort());
      delete env.DATABASE_URL;
      const { child, done } = start(env, MAIN, dir);
      let ready = false;
      try {
        const deadline = Date.now() + 30_000;
        while (!ready && Date.now() < deadline && child.exitCode === null) {
          ready = await contractFetch(`http://127.0.0.1:${env.PORT}/health/ready`)
            .then((r) => r.status === 200)
            .catch(() => false);
          if (!ready) await new Promise((r) => setTimeout(r, 250));
        }
      } finally {
        child.kill('SIGTERM');
      }
      const run = await withTimeout(done, 15_000, 'exit after SIGTERM');
      expect(ready).toBe(true);
      expect(run.stdout).toContain(`created database ${missing}`);
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [missing]);
      expect(found.rowCount).toBe(1);
    }, 60_000);

    it('names the database and the createdb command when the role may not create it', async () => {
      const u = new URL(withDatabase(baseDatabaseUrl(), `${missing}_x`));
      u.username = role;
      u.password = 'nocreate-pw';
      const run = await withTimeout(
        start({ ...validEnv(0), DATABASE_URL: u.toString() }).done,
        20_000,
        'exit with a missing database',
      );
      expect(run.code).toBe(1);
      const fatal = run.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { level: string; msg: string })
        .filter((e) => e.level === 'fatal');
      expect(fatal).toHaveLength(1);
      const entry = fatal[0];
      expect(entry.msg).toContain(`"${missing}_x"`);
      expect(entry.msg).toContain(`createdb -h ${u.hostname}`);
      expect(entry.msg).toContain(`-U ${role} ${missing}_x`);
      expect(run.stderr).toBe('');
    });
  });

  it('with a valid env becomes ready, logs JSON without secrets, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, done } = start(validEnv(port));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 30_000;
      let ready: { status: number; body: unknown } | undefined;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) break;
        try {
          const res = await contractFetch(`${base}/health/ready`);
          ready = { status: res.status, body: await res.json() };
          if (res.status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ok', checks: { database: 'up', redis: 'up' } },
      });

      const cnic = '3520212345671';
      const token = 'secret-bearer-token-value';
      const listed = await contractFetch(`${base}/api/v1/partners?cnic=${cnic}`, {
        headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'startup-req-1' },
      });
      expect(listed.status).toBe(401);
      expect(listed.headers.get('x-request-id')).toBe('startup-req-1');
      const login = await contractFetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'startup-req-2' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'body-password-value' }),
      });
      expect(login.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const run = await withTimeout(done, 15_000, 'exit after SIGTERM');
    // Nest closes the app, then re-raises the signal: ending by SIGTERM (or 0) is a clean stop.
    expect(run.code === 0 || run.signal === 'SIGTERM').toBe(true);
    expect(run.stderr).toBe('');

    const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.some((e) => e.context === 'Api' && /listening/.test(String(e.msg)))).toBe(true);
    expect(entries.some((e) => e.level === 'error' || e.level === 'fatal')).toBe(false);
    const request = entries.find((e) => e.reqId === 'startup-req-1');
    expect(request).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/api/v1/partners',
      status: 401,
      durationMs: expect.any(Number),
    });
    expect(entries.find((e) => e.reqId === 'startup-req-2')).toMatchObject({
      route: '/api/v1/auth/login',
      status: 401,
    });
    for (const secret of ['3520212345671', 'secret-bearer-token-value', 'body-password-value']) {
      expect(run.stdout).not.toContain(secret);
    }
    expect(run.stdout).not.toContain('nobody@example.com');
  }, 60_000);

  describe('the worker (node dist/main.worker.js)', () => {
    // Its own empty database and Redis prefix: its reconciler must not take the other suites' imports.
    const database = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_worker`;
    const prefix = `${process.env.REDIS_PREFIX ?? 'sdt_test_local'}_worker`;
    const admin = new Client({ connectionString: baseDatabaseUrl() });

    beforeAll(async () => {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
    });
    afterAll(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('migrates its database, says so in JSON logs, starts consumers and stops on SIGTERM', async () => {
      const env = {
        ...validEnv(0),
        DATABASE_URL: withDatabase(baseDatabaseUrl(), database),
        REDIS_PREFIX: prefix,
      };
      const { child, done } = start(env, WORKER);
      let stdout = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      const deadline = Date.now() + 60_000;
      while (!stdout.includes('consumers started') && Date.now() < deadline) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      child.kill('SIGTERM');
      const run = await withTimeout(done, 15_000, 'worker exit after SIGTERM');
      expect(run.code === 0 || run.signal === 'SIGTERM').toBe(true);
      expect(run.stderr).toBe('');
      const entries = run.stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ context: 'Migrations', msg: expect.stringMatching(/applied/) }),
          expect.objectContaining({ context: 'Worker', msg: 'consumers started' }),
        ]),
      );
      expect(entries.some((e) => e.level === 'error' || e.level === 'fatal')).toBe(false);
    }, 90_000);
  });
});
