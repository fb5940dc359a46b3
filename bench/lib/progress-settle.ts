// An import enqueues a progress recompute when it finishes; a bench waits for it before the next
// import, so one run's figures never include the previous run's follow-up work.
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { JOBS, QUEUES } from '../../src/core/queue/queue-names';
import type { Service } from './system-under-test';
import { benchClient } from './pg-client';

/** Seconds until `programId`'s progress row is recomputed after `after`, or null (bounded wait). */
export async function waitForProgressRecompute(
  url: string,
  programId: string,
  after: string,
  worker: Service,
): Promise<number | null> {
  const client = benchClient(url);
  await client.connect();
  const t0 = Date.now();
  try {
    const exists = await client.query<{ t: string | null }>(
      `SELECT to_regclass('progress_programs')::text AS t`,
    );
    if (!exists.rows[0].t) return null;
    for (;;) {
      const res = await client.query(
        `SELECT 1 FROM progress_programs WHERE program_id = $1 AND recomputed_at >= $2`,
        [programId, after],
      );
      if (res.rowCount) return (Date.now() - t0) / 1000;
      if (
        Date.now() - t0 > 180_000 ||
        worker.child.exitCode !== null ||
        worker.child.signalCode !== null
      ) {
        return null;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.end();
  }
}

/**
 * Seconds until the worker's progress queue has nothing waiting, delayed or running (program,
 * national and data-quality recomputes; the nightly job is always delayed and not waited for),
 * or null after 180 s. A scenario starts only then, so it is timed on a quiet system, as the SQL
 * baselines are, and never pays for the previous import's follow-up work.
 */
export async function waitForProgressQueueIdle(
  redisUrl: string,
  redisPrefix: string,
): Promise<number | null> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUES.progress, { connection: redis, prefix: `${redisPrefix}:bull` });
  const t0 = Date.now();
  try {
    for (;;) {
      const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
      if (jobs.every((j) => !j || j.name === JOBS.recomputeAll)) return (Date.now() - t0) / 1000;
      if (Date.now() - t0 > 180_000) return null;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
