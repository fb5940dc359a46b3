// Nothing accepted is lost or applied twice, whatever crashes: real worker processes are
// killed mid-import, Redis loses its queue, two workers race, and the tables must hold exactly
// what an undisturbed run would (computed here from the roster itself).
import type { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Queue } from 'bullmq';
import { QUEUES } from '../../src/core/queue/queue-names';
import { DataSource } from 'typeorm';
import { createPartner, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import {
  buildRoster,
  crashTestWorkerEnv,
  expectExactlyApplied,
  letters,
  type Roster,
} from '../helpers/durability';
import { rosterCsv } from '../factories/rosters';
import { uploadCsv, waitForImport } from '../helpers/imports';
import { ensureBuilt, killHard, start, withTimeout, WORKER, type Run } from '../helpers/processes';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('import durability with real worker processes', () => {
  let t: TestApp;
  let db: DataSource;
  let partner: TestPartner;
  let cohorts: string[];
  const children: ChildProcess[] = [];

  function startWorker(env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run> } {
    const worker = start(crashTestWorkerEnv(env), WORKER);
    children.push(worker.child);
    return worker;
  }

  beforeAll(async () => {
    ensureBuilt();
    // No consumers in this process: only the child workers take jobs.
    t = await createTestApp({ withWorkers: false });
    db = t.app.get(DataSource);
    partner = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    cohorts = [];
    for (const province of ['PB', 'SD', 'KP']) {
      cohorts.push((await createCohort(t, { programCode: program.code, province })).code);
    }
  }, 180_000);

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => killHard(c)));
  });

  afterAll(() => t.close());

  it('a worker SIGKILLed mid-import is resumed by another: same counts and rows as an undisturbed run', async () => {
    const roster = buildRoster(20_000, cohorts, 'crash');
    const first = startWorker().child;
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    // Kill once some batches have committed but well before the end.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      if (s.body.processedRows >= 3000) break;
      if (s.body.status === 'completed') throw new Error('finished before the kill: use more rows');
      if (Date.now() > deadline) throw new Error('import never progressed');
      await new Promise((r) => setTimeout(r, 20));
    }
    await killHard(first);
    const mid = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
    expect(mid.body.status).toBe('processing');
    expect(mid.body.processedRows).toBeLessThan(20_000);

    startWorker();
    const done = await waitForImport(t, partner.apiKey, id, 120_000);
    await expectExactlyApplied(t, db, done, roster, partner.apiKey);
  }, 180_000);

  it('a worker SIGTERMed mid-import stops in logged steps; the import resumes in another worker with exact counts', async () => {
    const roster = buildRoster(20_000, cohorts, 'sigterm');
    const { child: first, done: firstDone } = start(
      crashTestWorkerEnv({ LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '1000' }),
      WORKER,
    );
    children.push(first);
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      if (s.body.processedRows >= 3000) break;
      if (s.body.status === 'completed') throw new Error('finished before SIGTERM: use more rows');
      if (Date.now() > deadline) throw new Error('import never progressed');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGTERM');
    const stopped = await withTimeout(firstDone, 15_000, 'worker exit after SIGTERM');
    expect(stopped.stderr).toBe('');
    const steps = stopped.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { context?: string; msg?: string })
      .filter((e) => e.context === 'Shutdown')
      .map((e) => String(e.msg))
      // The worker's health and metrics server closes first (readiness 503, then closed).
      .filter((m) => !/^(readiness now answers 503|http server closed)/.test(m));
    expect(steps[0]).toMatch(/^SIGTERM received/);
    // Either the job finished within the grace period, or the worker released it on leaving.
    expect(steps[1]).toMatch(/^(consumers stopped|grace period over)/);
    const mid = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
    if (mid.body.status !== 'completed') startWorker();
    const done = await waitForImport(t, partner.apiKey, id, 120_000);
    await expectExactlyApplied(t, db, done, roster, partner.apiKey);
  }, 180_000);

  it('a worker logs the story of an import in JSON: started, each batch, finished with counts, recompute, shutdown', async () => {
    const roster = buildRoster(1200, cohorts, 'story');
    const { child, done: exited } = start(crashTestWorkerEnv({ LOG_LEVEL: 'debug' }), WORKER);
    children.push(child);
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    const id = res.body.id as string;
    const done = await waitForImport(t, partner.apiKey, id, 60_000);
    // The recompute the import queued runs after a short debounce.
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGTERM');
    const run = await withTimeout(exited, 15_000, 'worker exit after SIGTERM');
    const entries = run.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = entries.filter((e) => e.importId === id);
    expect(mine.find((e) => e.event === 'import.started')).toMatchObject({ attempt: 1 });
    // 1200 records in batches of 500.
    expect(mine.filter((e) => e.event === 'import.batch')).toHaveLength(3);
    expect(mine.find((e) => e.event === 'import.finished')).toMatchObject({
      level: 'info',
      status: 'completed',
      totalRows: done.totalRows,
      created: done.created,
      rejected: done.rejected,
      warnings: done.warnings,
      durationMs: expect.any(Number),
    });
    expect(entries.find((e) => e.event === 'recompute.finished')).toMatchObject({
      durationMs: expect.any(Number),
    });
    expect(entries.some((e) => e.context === 'Shutdown' && /^stopped/.test(String(e.msg)))).toBe(
      true,
    );
    for (const row of roster.valid.slice(0, 50)) expect(run.stdout).not.toContain(row.cnic);
  }, 120_000);

  it('an import queued when Redis loses its queue is found again by the reconciler', async () => {
    const roster = buildRoster(1000, cohorts, 'flush');
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    expect(res.status).toBe(202);
    // No worker yet: the job waits in Redis. Now Redis loses every key of this run.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${process.env.REDIS_PREFIX}:bull:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    await redis.quit();
    startWorker();
    const done = await waitForImport(t, partner.apiKey, res.body.id as string, 60_000);
    await expectExactlyApplied(t, db, done, roster, partner.apiKey);
  }, 120_000);

  it('cancels a queued import at once; a worker that comes later leaves it untouched', async () => {
    const roster = buildRoster(200, cohorts, 'queued cancel');
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    const cancel = await t
      .http()
      .post(`/api/v1/imports/${res.body.id}/cancel`)
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', processedRows: 0, created: 0 });
    startWorker();
    await new Promise((r) => setTimeout(r, 2500));
    const after = await t
      .http()
      .get(`/api/v1/imports/${res.body.id}`)
      .set('X-API-Key', partner.apiKey);
    expect(after.body).toMatchObject({ status: 'cancelled', processedRows: 0, created: 0 });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM trainees WHERE cnic = ANY($1)`, [
      roster.valid.map((r) => r.cnic),
    ]);
    expect(n).toBe(0);
    await t
      .http()
      .post(`/api/v1/imports/${res.body.id}/cancel`)
      .set('X-API-Key', partner.apiKey)
      .expect(409);
  }, 60_000);

  it('cancels a processing import after its current batch: applied rows stay applied and counted', async () => {
    const roster = buildRoster(20_000, cohorts, 'running cancel');
    startWorker();
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    const id = res.body.id as string;
    for (;;) {
      const s = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      if (s.body.processedRows >= 1000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await t
      .http()
      .post(`/api/v1/imports/${id}/cancel`)
      .set('X-API-Key', partner.apiKey)
      .expect(200);
    const done = await waitForImport(t, partner.apiKey, id, 60_000);
    expect(done.status).toBe('cancelled');
    expect(done.processedRows).toBeLessThan(20_000);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM trainees WHERE cnic = ANY($1)`, [
      roster.valid.map((r) => r.cnic),
    ]);
    expect(n).toBe(done.created);
    expect(done.created + done.rejected).toBe(done.processedRows);
  }, 90_000);

  it('an import another worker still holds is re-delayed, never failed, and completes once free', async () => {
    const roster = buildRoster(300, cohorts, 'held import');
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    const id = res.body.id as string;
    // Stand in for a live worker that holds the import (the runner's per-import lock).
    const holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 727))', [id]);
      startWorker();
      // The worker claims it (processing) but cannot run it while the lock is held. Polled, not
      // a fixed sleep: a worker process can take several seconds to start on a busy machine.
      const deadline = Date.now() + 30_000;
      let held = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      while (held.body.status === 'queued' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        held = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      }
      await new Promise((r) => setTimeout(r, 2000));
      held = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      expect(held.body).toMatchObject({ status: 'processing', processedRows: 0 });
      // Being busy spends no attempt: the job is delayed, not failed and retried.
      const queue = new Queue(QUEUES.imports, {
        connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
        prefix: `${process.env.REDIS_PREFIX}:bull`,
      });
      try {
        const job = await queue.getJob(id);
        expect(job?.attemptsMade).toBe(0);
        expect(await job?.getState()).toBe('delayed');
      } finally {
        await queue.close();
      }
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 727))', [id]);
    } finally {
      await holder.end();
    }
    const done = await waitForImport(t, partner.apiKey, id, 60_000);
    await expectExactlyApplied(t, db, done, roster, partner.apiKey);
  }, 90_000);

  it('two workers on several imports: each import completes once with exact counts', async () => {
    const others = [partner, await createPartner(t), await createPartner(t)];
    const uploads: { key: string; id: string; roster: Roster }[] = [];
    for (const [i, p] of others.entries()) {
      const program = await createProgram(t, { partnerCode: p.code });
      const own =
        p === partner
          ? cohorts
          : [(await createCohort(t, { programCode: program.code, province: 'ICT' })).code];
      const roster = buildRoster(3000, own, `two ${letters(i)}`);
      const res = await uploadCsv(t, p.apiKey, roster.csv);
      uploads.push({ key: p.apiKey, id: res.body.id as string, roster });
    }
    startWorker();
    startWorker();
    for (const u of uploads) {
      const done = await withTimeout(waitForImport(t, u.key, u.id, 90_000), 100_000, u.id);
      await expectExactlyApplied(t, db, done, u.roster, u.key);
    }
  }, 180_000);

  it('two partners import the same people at once on two workers: both complete at their first attempt, each person stored once', async () => {
    // The same rows in the same order for both partners (the same people, spelt alike), so
    // both imports insert the same new trainees in step and one loses each race.
    const other = await createPartner(t);
    const program = await createProgram(t, { partnerCode: other.code });
    const otherCohort = (await createCohort(t, { programCode: program.code, province: 'ICT' }))
      .code;
    const roster = buildRoster(6000, cohorts, 'same people');
    const otherCsv = cohorts.reduce((csv, code) => csv.split(code).join(otherCohort), roster.csv);
    const ids: [string, string][] = [];
    for (const [key, csv] of [
      [partner.apiKey, roster.csv],
      [other.apiKey, otherCsv],
    ] as const) {
      const res = await uploadCsv(t, key, csv);
      ids.push([key, res.body.id as string]);
    }
    // One import per worker: each takes one and they run side by side.
    const workers = [
      startWorker({ IMPORT_CONCURRENCY: '1' }),
      startWorker({ IMPORT_CONCURRENCY: '1' }),
    ];
    for (const [key, id] of ids) {
      const done = await withTimeout(waitForImport(t, key, id, 120_000), 130_000, id);
      expect(done).toMatchObject({
        status: 'completed',
        processedRows: roster.valid.length + roster.badLines.length,
        created: roster.valid.length,
        rejected: roster.badLines.length,
      });
    }
    const stored = await db.query<{ trainees: number; enrollments: number }[]>(
      `SELECT count(DISTINCT t.id)::int AS trainees, count(e.id)::int AS enrollments
       FROM trainees t JOIN enrollments e ON e.trainee_id = t.id WHERE t.cnic = ANY($1)`,
      [roster.valid.map((r) => r.cnic)],
    );
    expect(stored[0]).toEqual({
      trainees: roster.valid.length,
      enrollments: 2 * roster.valid.length,
    });
    // No lost race reached the job: it would have waited out a backoff and spent an attempt.
    await Promise.all(workers.map((w) => killHard(w.child)));
    const logs = (await Promise.all(workers.map((w) => w.done))).map((r) => r.stdout).join('');
    expect(logs).not.toContain('import.attempt_failed');
  }, 240_000);

  it('a batch that loses a race for a new trainee is merged again at once, not failed', async () => {
    const roster = buildRoster(1200, cohorts, 'lost race');
    const first = roster.valid[0];
    // Another writer holds the roster's first new trainee, uncommitted: the import's insert
    // waits for it, and once it commits finds the trainee taken.
    const rival = new Client({ connectionString: process.env.DATABASE_URL });
    await rival.connect();
    await rival.query('BEGIN');
    await rival.query(
      `INSERT INTO trainees (cnic, full_name, gender) VALUES ($1, 'Rival Writer', 'female')`,
      [first.cnic],
    );
    const worker = startWorker({ LOG_LEVEL: 'debug' });
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    const id = res.body.id as string;
    await commitWhenAwaited(db, rival, 'INSERT INTO trainees');

    const done = await waitForImport(t, partner.apiKey, id, 60_000);
    expect(done).toMatchObject({ status: 'completed', created: roster.valid.length });
    await killHard(worker.child);
    const logs = (await worker.done).stdout;
    expect(logs).toContain('import.batch_retried');
    expect(logs).not.toContain('import.attempt_failed');
    const stored = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM trainees t JOIN enrollments e ON e.trainee_id = t.id
       WHERE t.cnic = $1`,
      [first.cnic],
    );
    expect(stored[0].n).toBe(1);
  }, 90_000);

  // The merge inserts a shared trainee's supplied identity and a partner's first contact for it
  // without ON CONFLICT (the stage found none): a row another import wrote meanwhile must make
  // the batch merge again, never fail the import or store the row twice.
  it.each([
    ['supplied identity', 'identity_conflicts'],
    ['first contact', 'trainee_contacts'],
  ])(
    'a batch that loses a race for a shared trainee’s %s is merged again at once, not failed',
    async (_what, table) => {
      const other = await createPartner(t);
      const program = await createProgram(t, { partnerCode: other.code });
      const otherCohort = (await createCohort(t, { programCode: program.code, province: 'ICT' }))
        .code;
      const roster = buildRoster(900, [otherCohort], `rival ${table}`);
      const worker = startWorker({ LOG_LEVEL: 'debug' });
      const first = await uploadCsv(t, other.apiKey, roster.csv);
      expect(await waitForImport(t, other.apiKey, first.body.id as string, 60_000)).toMatchObject({
        status: 'completed',
      });
      // The same people from this partner, each with its own spelling of the name and an email.
      const ours = roster.valid.map((r, i) => ({
        ...r,
        full_name: `${r.full_name} ours`,
        email: `rival.${letters(i)}@example.pk`,
        cohort_code: cohorts[i % cohorts.length],
      }));
      const [{ id: traineeId }] = await db.query<{ id: string }[]>(
        'SELECT id FROM trainees WHERE cnic = $1',
        [ours[0].cnic],
      );
      // Another writer holds this partner's row for the first trainee, uncommitted.
      const rival = new Client({ connectionString: process.env.DATABASE_URL });
      await rival.connect();
      await rival.query('BEGIN');
      await rival.query(
        table === 'identity_conflicts'
          ? `INSERT INTO identity_conflicts (trainee_id, partner_id, columns, full_name, gender)
             VALUES ($1, $2, '{full_name}', 'Rival Writer', 'female')`
          : `INSERT INTO trainee_contacts (trainee_id, partner_id, email)
             VALUES ($1, $2, 'rival.writer@example.pk')`,
        [traineeId, partner.id],
      );
      const res = await uploadCsv(t, partner.apiKey, rosterCsv(ours));
      const id = res.body.id as string;
      await commitWhenAwaited(db, rival, `INSERT INTO ${table}`);

      const done = await waitForImport(t, partner.apiKey, id, 60_000);
      expect(done).toMatchObject({
        status: 'completed',
        created: ours.length,
        rejected: 0,
      });
      await killHard(worker.child);
      const logs = (await worker.done).stdout;
      expect(logs).toContain('import.batch_retried');
      expect(logs).not.toContain('import.attempt_failed');
      // One row per trainee and partner, holding what this partner's roster said.
      const rows = await db.query<{ full_name: string; email: string }[]>(
        `SELECT ic.full_name, k.email FROM identity_conflicts ic
         JOIN trainee_contacts k ON k.trainee_id = ic.trainee_id AND k.partner_id = ic.partner_id
         WHERE ic.trainee_id = $1 AND ic.partner_id = $2`,
        [traineeId, partner.id],
      );
      expect(rows).toEqual([{ full_name: ours[0].full_name, email: ours[0].email }]);
      const counts = await db.query<{ conflicts: number; contacts: number }[]>(
        `SELECT (SELECT count(*)::int FROM identity_conflicts WHERE partner_id = $1
                   AND trainee_id IN (SELECT id FROM trainees WHERE cnic = ANY($2))) AS conflicts,
                (SELECT count(*)::int FROM trainee_contacts WHERE partner_id = $1
                   AND trainee_id IN (SELECT id FROM trainees WHERE cnic = ANY($2))) AS contacts`,
        [partner.id, ours.map((r) => r.cnic)],
      );
      expect(counts[0]).toEqual({ conflicts: ours.length, contacts: ours.length });
    },
    120_000,
  );
});

/** Commits a rival's open transaction once an import's statement waits on its rows. */
async function commitWhenAwaited(db: DataSource, rival: Client, statement: string): Promise<void> {
  try {
    // A worker process can take several seconds to start on a loaded machine.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE $1`,
        [`${statement}%`],
      );
      if (r[0].n > 0) break;
      if (Date.now() > deadline) throw new Error(`the import never waited at ${statement}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await rival.query('COMMIT');
  } finally {
    // On failure the open transaction and socket would keep Jest from exiting.
    await rival.query('ROLLBACK').catch(() => undefined);
    await rival.end();
  }
}
