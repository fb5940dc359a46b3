// Waiting for the background work a test started: the progress queue (recompute jobs) idle.
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JOBS, QUEUES } from '../../src/core/queue/queue-names';
import type { TestApp } from './test-app';

/**
 * Resolves once no recompute job of the progress queue is waiting, delayed or running (the
 * nightly full recompute's scheduled job is always delayed and is not waited for).
 */
export async function progressQueueIdle(t: TestApp, ms = 60_000): Promise<void> {
  const queue = t.app.get<Queue>(getQueueToken(QUEUES.progress));
  const deadline = Date.now() + ms;
  for (;;) {
    const jobs = await queue.getJobs(['active', 'waiting', 'delayed', 'prioritized']);
    const pending = jobs.filter((j) => j && j.name !== JOBS.recomputeAll);
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`progress queue still busy: ${pending.map((j) => j.name).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
