// The one-process `npm start` (node dist/main.js) facing a bad Redis and a SIGTERM: it fails
// or degrades clearly, logs only JSON (with backoff), and stops in order on SIGTERM, letting a
// request in flight finish. Its own Redis (a redis-server it can stop) and its own database.
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { startLocalRedis } from '../../src/core/local-services/local-redis';
import type { LocalService } from '../../src/core/local-services/local-redis';
import {
  ensureBuilt,
  freePort,
  jsonLines,
  start,
  waitFor,
  withTimeout,
} from '../helpers/processes';
import { baseDatabaseUrl, withDatabase } from '../setup/test-env';
import { contractFetch } from '../helpers/contract';

const database = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_lifecycle`;

function env(port: number, redisUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: withDatabase(baseDatabaseUrl(), database),
    REDIS_URL: redisUrl,
    // Derived from the run's prefix, so the global teardown removes its keys.
    REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'sdt_test_local'}_lifecycle`,
    JWT_SECRET: 'lifecycle-test-secret-long-enough',
    WORKERS_IN_API: 'true',
    SHUTDOWN_GRACE_MS: '5000',
    SHUTDOWN_DRAIN_SECONDS: '0',
    LOG_LEVEL: 'info',
  };
}

async function ready(port: number): Promise<boolean> {
  const res = await contractFetch(`http://127.0.0.1:${port}/health/ready`);
  return res.status === 200;
}

describe('process lifecycle (node dist/main.js)', () => {
  const admin = new Client({ connectionString: baseDatabaseUrl() });

  beforeAll(async () => {
    ensureBuilt();
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }, 180_000);

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('with a REDIS_URL where nothing answers: one JSON line naming REDIS_URL, exit 1', async () => {
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const run = await withTimeout(start(env(0, nothing)).done, 45_000, 'exit on bad Redis');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const entries = jsonLines(run.stdout);
    const fatal = entries.filter((e) => e.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(String(fatal[0].msg)).toMatch(/REDIS_URL/);
  }, 30_000);

  it('SIGTERM during a start-up that waits on an unreachable Redis exits at once', async () => {
    // A non-routable address: the connection attempt hangs instead of being refused.
    const { child, done } = start(env(0, 'redis://10.255.255.1:6379'));
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
    // Once it logs `starting` it is waiting on Redis (a 5 s connect timeout).
    expect(await waitFor(() => out.includes('"starting"'), child, 45_000)).toBe(true);
    child.kill('SIGTERM');
    // Bounded by the machine's speed at loading the app's modules (the signal is handled once
    // they are loaded), well before the Redis connect gives up.
    const run = await withTimeout(done, 15_000, 'exit after SIGTERM in start-up');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(jsonLines(run.stdout).map((e) => e.msg)).toContain('SIGTERM during start-up: exiting');
  }, 60_000);

  describe('once running', () => {
    let redis: LocalService | undefined;

    afterEach(async () => {
      await redis?.stop();
      redis = undefined;
    });

    it('survives Redis going away with JSON lines at a backoff, and still stops on SIGTERM', async () => {
      redis = await startLocalRedis();
      const port = await freePort();
      const { child, done } = start(env(port, redis.url));
      try {
        expect(await waitFor(() => ready(port), child, 60_000)).toBe(true);
        await redis.stop();
        redis = undefined;
        await new Promise((r) => setTimeout(r, 4000));
        // Still serving: liveness answers, readiness names Redis as down.
        expect((await contractFetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
        const readyRes = await contractFetch(`http://127.0.0.1:${port}/health/ready`);
        expect(readyRes.status).toBe(503);
      } finally {
        child.kill('SIGTERM');
      }
      const run = await withTimeout(done, 15_000, 'exit after SIGTERM with Redis down');
      expect(run.stderr).toBe('');
      const entries = jsonLines(run.stdout);
      const redisErrors = entries.filter((e) => e.event === 'redis.error');
      expect(redisErrors.length).toBeGreaterThan(0);
      // Four seconds of reconnect failures from several connections: a handful of lines.
      expect(redisErrors.length).toBeLessThan(8);
      expect(entries.some((e) => /SIGTERM received/.test(String(e.msg)))).toBe(true);
    }, 90_000);

    it('on SIGTERM lets a request in flight finish, then logs each step and exits 0', async () => {
      redis = await startLocalRedis();
      const port = await freePort();
      const { child, done } = start(env(port, redis.url));
      expect(await waitFor(() => ready(port), child, 60_000)).toBe(true);

      // A login whose body arrives in two halves, with the SIGTERM in between.
      const body = JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password-1' });
      const answer = new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 700);
        }, 300);
      });
      expect(await answer).toBe(401);
      const run = await withTimeout(done, 15_000, 'exit after SIGTERM');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      // The answered request's keep-alive connection does not hold the close for its timeout.
      const shutdownMs = Number(/stopped after (\d+) ms/.exec(run.stdout)?.[1]);
      expect(shutdownMs).toBeLessThan(3000);
      const messages = jsonLines(run.stdout)
        .filter((e) => e.context === 'Shutdown')
        .map((e) => String(e.msg));
      expect(messages).toEqual([
        expect.stringMatching(/^SIGTERM received/),
        'readiness now answers 503',
        expect.stringMatching(/^http server closed/),
        expect.stringMatching(/^consumers stopped/),
        'database connections closed',
        'redis connections closed',
        expect.stringMatching(/^stopped after \d+ ms/),
      ]);
    }, 90_000);
  });
});
