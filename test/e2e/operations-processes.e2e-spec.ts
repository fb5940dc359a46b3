// Operations seen from outside, on real processes (node dist/…) with their own database and
// Redis prefix: the log story of a request and an import (reqId on every line of the request,
// `accepted` before `started`, no probe or per-module noise at info), the metrics a team
// alerts on (rejected rows, queue depth and age, webhook deliveries, recompute duration), the
// drain before the HTTP server closes, and the worker-only process's own health and metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { runMigrations } from '../../src/core/database/migrate';
import { runSeed } from '../../src/seed/run-seed';
import { DEMO_USERS } from '../../src/seed/seed-data';
import {
  ensureBuilt,
  freePort,
  jsonLines,
  MAIN,
  start,
  waitFor,
  withTimeout,
  WORKER,
} from '../helpers/processes';
import { baseDatabaseUrl, TEST_ADMIN, withDatabase } from '../setup/test-env';

const database = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_ops`;
const prefix = `${process.env.REDIS_PREFIX ?? 'sdt_test_local'}_ops`;
const url = withDatabase(baseDatabaseUrl(), database);
const demoAdmin = DEMO_USERS.find((u) => u.role === 'admin');

function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'operations-test-secret-long-enough',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    WEBHOOK_OUTBOX_POLL_MS: '200',
    SHUTDOWN_GRACE_MS: '15000',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** The value of one Prometheus sample, or undefined. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('operations on real processes', () => {
  const admin = new Client({ connectionString: baseDatabaseUrl() });
  let apiKey = '';
  let seedAdmin: { email: string; password: string } = { email: '', password: '' };
  let receiver: Server;
  let received = 0;

  beforeAll(async () => {
    ensureBuilt();
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await runMigrations(url);
    const report = await runSeed(url, {});
    apiKey = report.demoApiKey.key ?? '';
    // Seeded without ADMIN_EMAIL: its admin is the demo one.
    seedAdmin = { email: demoAdmin?.email ?? '', password: demoAdmin?.password ?? '' };
    receiver = createServer((req, res) => {
      req.resume();
      received++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  }, 180_000);

  afterAll(async () => {
    receiver.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('api with workers: reqId on every line of a request, counted rows and deliveries, drain then close', async () => {
    expect(apiKey).not.toBe('');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, done } = start(
      env({ PORT: String(port), WORKERS_IN_API: 'true', SHUTDOWN_DRAIN_SECONDS: '5' }),
      MAIN,
    );
    let importId = '';
    try {
      expect(
        await waitFor(
          async () => (await fetch(`${base}/health/ready`)).status === 200,
          child,
          60_000,
        ),
      ).toBe(true);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);

      // A receiver for HUAWEI's finished imports.
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(seedAdmin),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const hook = await fetch(`${base}/api/v1/partners/HUAWEI/webhooks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
          events: ['import.finished'],
        }),
      });
      expect(hook.status).toBe(201);

      // Three good rows and two rejected ones (a short CNIC, an unknown cohort).
      const csv = [
        'cnic,full_name,gender,cohort_code,province,district,status',
        '3520200000010,Ops One,female,HW-LHR-2026-01,PB,Lahore,active',
        '3520200000022,Ops Two,female,HW-LHR-2026-01,PB,Lahore,active',
        '3520200000034,Ops Three,female,HW-LHR-2026-01,PB,Lahore,active',
        '35202000000,Short Cnic,female,HW-LHR-2026-01,PB,Lahore,active',
        '3520200000046,No Cohort,female,NO-SUCH-COHORT,PB,Lahore,active',
      ].join('\n');
      const upload = await fetch(`${base}/api/v1/imports`, {
        method: 'POST',
        headers: {
          'X-API-Key': apiKey,
          'Content-Type': 'text/csv',
          'X-Request-Id': 'ops-upload-1',
        },
        body: csv,
      });
      expect(upload.status).toBe(202);
      importId = ((await upload.json()) as { id: string }).id;
      let rejected = -1;
      expect(
        await waitFor(
          async () => {
            const res = await fetch(`${base}/api/v1/imports/${importId}`, {
              headers: { 'X-API-Key': apiKey },
            });
            const body = (await res.json()) as { status: string; rejected: number };
            rejected = body.rejected;
            return body.status === 'completed';
          },
          child,
          30_000,
        ),
      ).toBe(true);
      expect(rejected).toBe(2);

      // Deliveries and the program's recompute happen after the import: poll the metrics.
      let text = '';
      expect(
        await waitFor(
          async () => {
            text = await (await fetch(`${base}/metrics`)).text();
            return (
              sample(text, 'webhook_deliveries_total', 'outcome="delivered"') === 1 &&
              (sample(text, 'recompute_duration_seconds_count', 'scope="program"') ?? 0) >= 1
            );
          },
          child,
          30_000,
        ),
      ).toBe(true);
      expect(received).toBe(1);
      expect(sample(text, 'import_rows_processed_total', 'outcome="created"')).toBe(3);
      expect(sample(text, 'import_rows_processed_total', 'outcome="rejected"')).toBe(2);
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, 'queue_jobs', `queue="roster-imports",state="${state}"`)).toBe(0);
        expect(
          sample(text, 'queue_oldest_job_age_seconds', `queue="roster-imports",state="${state}"`),
        ).toBe(0);
      }

      // SIGTERM: readiness 503 while the server still accepts (the drain), then closed.
      child.kill('SIGTERM');
      const during: number[] = [];
      expect(
        await waitFor(
          async () => {
            const ready = await fetch(`${base}/health/ready`);
            during.push(ready.status);
            return ready.status === 503;
          },
          child,
          // Well inside the 5 s drain, so /health/live below still finds the server open.
          3000,
        ),
      ).toBe(true);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const run = await withTimeout(done, 30_000, 'api exit after SIGTERM');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const entries = jsonLines(run.stdout);

    // Which Postgres and Redis, first thing (never the password).
    expect(entries.find((e) => e.event === 'services')).toMatchObject({
      postgres: { host: '127.0.0.1', database },
      redis: { db: 0, prefix },
    });
    // Every line of the upload request carries its id, import.accepted included.
    const ofUpload = entries.filter((e) => e.reqId === 'ops-upload-1');
    expect(ofUpload.map((e) => e.event ?? e.msg)).toEqual(
      expect.arrayContaining(['import.accepted', 'request completed']),
    );
    // The import's story in order.
    const story = entries
      .filter((e) => e.importId === importId && typeof e.event === 'string')
      .map((e) => e.event);
    expect(story.indexOf('import.accepted')).toBeGreaterThanOrEqual(0);
    expect(story.indexOf('import.accepted')).toBeLessThan(story.indexOf('import.started'));
    expect(story.indexOf('import.started')).toBeLessThan(story.indexOf('import.finished'));
    // No probe lines and no per-module start-up lines at info.
    const info = entries.filter((e) => e.level === 'info');
    expect(info.filter((e) => /^\/health\//.test(String(e.route)))).toEqual([]);
    expect(
      info.filter((e) => ['InstanceLoader', 'RouterExplorer'].includes(String(e.context))),
    ).toEqual([]);
    // Each shutdown step, in order, the drain before the close.
    const steps = entries.filter((e) => e.context === 'Shutdown').map((e) => String(e.msg));
    // The test's own second SIGTERM (the finally above) changes nothing.
    const again = 'SIGTERM received again: shutdown already under way';
    expect(steps.filter((m) => m !== again)).toEqual([
      expect.stringMatching(/^SIGTERM received: shutting down/),
      'readiness now answers 503',
      'drained for 5000 ms: closing the http server',
      expect.stringMatching(/^http server closed/),
      expect.stringMatching(/^consumers stopped/),
      'database connections closed',
      'redis connections closed',
      expect.stringMatching(/^stopped after \d+ ms/),
    ]);
  }, 180_000);

  it('the worker-only process serves /health/* and /metrics on WORKER_HTTP_PORT', async () => {
    // A job waiting far in the future: the queue figures must show it, with its age.
    const queue = new Queue('webhooks', {
      connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      prefix: `${prefix}:bull`,
    });
    await queue.add('ops-probe', {}, { delay: 3_600_000, jobId: 'ops-probe' });
    await new Promise((r) => setTimeout(r, 1100));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, done } = start(env({ WORKER_HTTP_PORT: String(port) }), WORKER);
    try {
      expect(
        await waitFor(
          async () => (await fetch(`${base}/health/ready`)).status === 200,
          child,
          60_000,
        ),
      ).toBe(true);
      const live = await fetch(`${base}/health/live`);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/health/ready`);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(sample(text, 'queue_jobs', 'queue="webhooks",state="delayed"')).toBe(1);
      expect(
        sample(text, 'queue_oldest_job_age_seconds', 'queue="webhooks",state="delayed"'),
      ).toBeGreaterThanOrEqual(1);
      expect(text).toContain('# TYPE webhook_deliveries_total counter');
      expect(text).toContain('# TYPE recompute_duration_seconds histogram');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect((await fetch(`${base}/api/v1/programs`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    const run = await withTimeout(done, 30_000, 'worker exit after SIGTERM');
    expect(run.code).toBe(0);
    const entries = jsonLines(run.stdout);
    expect(entries.find((e) => e.event === 'started')).toMatchObject({ roles: ['worker'], port });
    expect(entries.filter((e) => e.context === 'Shutdown').map((e) => String(e.msg))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^http server closed/)]),
    );
  }, 120_000);

  it('a worker whose WORKER_HTTP_PORT is taken stops with one line naming it, before taking jobs', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const run = await withTimeout(
        start(env({ WORKER_HTTP_PORT: String(port) }), WORKER).done,
        60_000,
        'worker exit on a busy port',
      );
      expect(run.code).toBe(1);
      const fatal = jsonLines(run.stdout).filter((e) => e.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(String(fatal[0].msg)).toContain(`WORKER_HTTP_PORT ${port}`);
    } finally {
      busy.close();
    }
  }, 90_000);
});
