// An import enqueues a progress recompute when it finishes; a bench waits for it before the next
// import, so one run's figures never include the previous run's follow-up work.
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
