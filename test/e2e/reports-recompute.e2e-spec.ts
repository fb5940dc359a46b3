// The stats refresh behind the reports: per-program recompute jobs (deduplicated), the nightly
// full recompute scheduler, and the property that incremental and full recomputes agree.
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobDispatcher } from '../../src/core/queue/job-dispatcher';
import { QUEUES } from '../../src/core/queue/queue-names';
import {
  NIGHTLY_PATTERN,
  NIGHTLY_SCHEDULER_ID,
} from '../../src/modules/progress/progress-jobs.module';
import { ProgressService } from '../../src/modules/progress/progress.service';
import { createCatalog, generateDataset, loadThroughSql } from '../factories/report-data';
import { createTestApp, type TestApp } from '../helpers/test-app';

const TABLES = {
  progress_program_cells: 'program_id',
  progress_recent: 'program_id',
  progress_daily: 'program_id',
} as const;

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('progress recompute', () => {
  let t: TestApp;
  let ds: DataSource;
  let programIds: string[];
  let partnerIds: string[];

  /** Every stored figure of the data set's programs and partners, in a stable order. */
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const [table, column] of Object.entries(TABLES)) {
      const rows = (await ds.query(
        `SELECT * FROM ${table} WHERE ${column} = ANY($1) ORDER BY 1, 2, 3, 4`,
        [programIds],
      )) as Record<string, unknown>[];
      out[table] = rows.map((r) => JSON.stringify(r));
      out[table].sort();
    }
    const partnerRows = (await ds.query(
      'SELECT * FROM progress_partner_cells WHERE partner_id = ANY($1)',
      [partnerIds],
    )) as Record<string, unknown>[];
    out.progress_partner_cells = partnerRows.map((r) => JSON.stringify(r)).sort();
    return out;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    const data = generateDataset(99, 120);
    const catalog = await createCatalog(t, data);
    programIds = [...catalog.programIds.values()];
    partnerIds = [...catalog.partners.values()].map((p) => p.id);
    // This suite watches the recompute jobs themselves, so the loader does not wait for them.
    await loadThroughSql(t, data, { awaitFigures: false });
  });
  afterAll(() => t.close());

  it('a recompute job per program fills its figures soon after the change is signalled', async () => {
    const recomputed = await waitFor(async () => {
      const rows = (await ds.query(
        'SELECT count(*)::int AS n FROM progress_programs WHERE program_id = ANY($1)',
        [programIds],
      )) as { n: number }[];
      return rows[0].n === programIds.length ? rows[0].n : null;
    });
    expect(recomputed).toBe(programIds.length);
    const [{ enrolled }] = (await ds.query(
      `SELECT sum(enrolled)::int AS enrolled FROM progress_program_cells
       WHERE program_id = ANY($1) AND dimension = 'total'`,
      [programIds],
    )) as { enrolled: number }[];
    const [{ n }] = (await ds.query(
      'SELECT count(*)::int AS n FROM enrollments WHERE program_id = ANY($1)',
      [programIds],
    )) as { n: number }[];
    expect(enrolled).toBe(n);
    expect(n).toBeGreaterThan(100);
  });

  it('incremental recomputes and a full recompute store exactly the same figures', async () => {
    // Settle the incremental path for every program, then rebuild everything from scratch.
    for (const id of programIds) await t.app.get(ProgressService).recomputeProgram(id);
    const incremental = await snapshot();
    expect(incremental.progress_program_cells.length).toBeGreaterThan(50);
    expect(incremental.progress_partner_cells.length).toBeGreaterThan(20);
    await t.app.get(ProgressService).recomputeAll();
    expect(await snapshot()).toEqual(incremental);
  });

  it('a burst of changes to one program makes one job, not one per change', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.progress));
    const dispatcher = t.app.get(JobDispatcher);
    const programId = programIds[0];
    const before = await queue.getJobs(['completed', 'waiting', 'delayed', 'active']);
    const seen = new Set(before.map((j) => j.id));
    await Promise.all(Array.from({ length: 25 }, () => dispatcher.enqueueRecompute(programId)));
    const jobs = (await queue.getJobs(['completed', 'waiting', 'delayed', 'active'])).filter(
      (j) => !seen.has(j.id) && (j.data as { programId?: string }).programId === programId,
    );
    expect(jobs).toHaveLength(1);
  });

  it('a nightly full recompute is scheduled through a BullMQ job scheduler', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.progress));
    const scheduler = await queue.getJobScheduler(NIGHTLY_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: NIGHTLY_PATTERN, tz: 'UTC', name: 'recompute-all' });
    expect(scheduler?.next).toBeGreaterThan(Date.now());
  });

  it('a recompute that a later one already covered is skipped', async () => {
    const progress = t.app.get(ProgressService);
    const signalledLongAgo = new Date(Date.now() - 60_000);
    await progress.recomputeProgram(programIds[1]);
    expect(await progress.recomputeProgram(programIds[1], signalledLongAgo)).toBe(
      'program skipped, partner skipped, national skipped',
    );
    expect(await progress.recomputeProgram(programIds[1])).toBe(
      'program recomputed, partner recomputed, national recomputed',
    );
  });
});
