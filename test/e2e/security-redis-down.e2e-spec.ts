// An api whose Redis is unreachable (a local port where nothing listens): the routes that need
// Redis answer 503 problem details with Retry-After quickly, the rest keep working, and the
// job dispatcher gives up on an enqueue after REDIS_TIMEOUT_MS instead of waiting forever.
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EnqueueTimeoutError, JobDispatcher } from '../../src/core/queue/job-dispatcher';
import { createPartnerWithCohort, createEnrollment, createTrainee } from '../factories/people';
import { freePort, listenOnFreePort } from '../helpers/listening';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { TEST_ADMIN } from '../setup/test-env';

const TIMEOUT_MS = 500;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('with Redis unreachable', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        REDIS_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      withWorkers: false,
      adminTokenWithoutHttp: true,
    });
    base = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('says so on /health/ready, and stays live', async () => {
    const ready = await request(base).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({ database: 'up', redis: 'down' });
    await request(base).get('/health/live').expect(200);
  });

  it('answers a login 503 with Retry-After at once (not after 6 s), never 500', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        timed(() => request(base).post('/api/v1/auth/login').send(TEST_ADMIN)),
      ),
    );
    for (const { value: res, ms } of answers) {
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(ms).toBeLessThan(3000);
    }
  });

  it('answers the public certificate check 503 the same way', async () => {
    const { value: res, ms } = await timed(() =>
      request(base).get('/api/v1/certifications/verify/SOME-CODE-1234'),
    );
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(3000);
  });

  it('still answers writes that enqueue a recompute, within the bound', async () => {
    const catalog = await createPartnerWithCohort(t);
    const trainee = await createTrainee(t);
    const { value: enrollment, ms } = await timed(() =>
      createEnrollment(t, { traineeId: trainee.id, cohortCode: catalog.cohortCode }),
    );
    expect(enrollment.status).toBe('enrolled');
    expect(ms).toBeLessThan(3000);
  });

  it('answers an upload 202 once stored in Postgres, saying it will be queued later', async () => {
    const catalog = await createPartnerWithCohort(t);
    const { value: res, ms } = await timed(() =>
      request(base)
        .post('/api/v1/imports')
        .set('X-API-Key', catalog.partner.apiKey)
        .set('Content-Type', 'text/csv')
        .send(
          `cnic,full_name,gender,cohort_code\n3520212345672,Ayesha Khan,F,${catalog.cohortCode}\n`,
        ),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'queued',
      notice: expect.stringMatching(/queued automatically/),
    });
    expect(ms).toBeLessThan(3000);
    // Durable: the import and its bytes are in Postgres for the reconciler to enqueue.
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      'SELECT status, (SELECT count(*)::int FROM import_chunks WHERE import_id = $1) AS chunks FROM imports WHERE id = $1',
      [res.body.id],
    );
    expect(row).toEqual({ status: 'queued', chunks: 1 });
  });

  it('gives the job dispatcher a bounded enqueue: a typed error, or a result to check', async () => {
    const dispatcher = t.app.get(JobDispatcher);
    const { value: outcome, ms } = await timed(() => dispatcher.tryEnqueueImport(randomUUID()));
    expect(outcome).toEqual({ queued: false, reason: expect.stringMatching(/not confirmed/) });
    expect(ms).toBeLessThan(3000);
    await expect(dispatcher.enqueueImport(randomUUID())).rejects.toBeInstanceOf(
      EnqueueTimeoutError,
    );
  });
});

describe('with Redis up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
  });
  afterAll(() => t.close());

  it('the bounded enqueue reports success', async () => {
    await expect(t.app.get(JobDispatcher).tryEnqueueImport(randomUUID())).resolves.toEqual({
      queued: true,
    });
  });
});
