// What two writers cost each other in Postgres: sessions of one database seen waiting on a lock
// (pg_stat_activity sampled), deadlocks and rollbacks (pg_stat_database, before and after) and
// MultiXact IDs consumed (rows share-locked by more than one transaction at once, e.g. two imports'
// foreign-key checks on the same trainee; each one is SLRU traffic and, in bulk, anti-wraparound
// vacuum work).
import type { Client } from 'pg';
import { benchClient } from './pg-client';

export interface ContentionCounters {
  deadlocks: number;
  rollbacks: number;
  /** mxid_age(datminmxid): MultiXact IDs allocated since the database's horizon, cluster-wide. */
  multixactAge: number;
}

export interface LockWaits {
  samples: number;
  /** Samples in which at least one session of the database waited on a lock. */
  samplesWaiting: number;
  maxWaiting: number;
  /** wait_event (transactionid, tuple, relation, …) → samples × sessions seen waiting on it. */
  byEvent: Record<string, number>;
  /** The waiting statements (first 90 characters), most often seen first. */
  statements: { statement: string; seen: number }[];
}

export async function contentionCounters(
  serverUrl: string,
  database: string,
): Promise<ContentionCounters> {
  const client = benchClient(serverUrl);
  await client.connect();
  try {
    // The statistics a backend collects are flushed at transaction end or within a second of
    // going idle: read them after the writers have been idle that long.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const res = await client.query<ContentionCounters>(
      `SELECT s.deadlocks::int AS deadlocks, s.xact_rollback::int AS rollbacks,
              mxid_age(d.datminmxid)::int AS "multixactAge"
       FROM pg_stat_database s JOIN pg_database d ON d.datname = s.datname
       WHERE s.datname = $1`,
      [database],
    );
    return res.rows[0];
  } finally {
    await client.end();
  }
}

export function counterDelta(
  before: ContentionCounters,
  after: ContentionCounters,
): ContentionCounters {
  return {
    deadlocks: after.deadlocks - before.deadlocks,
    rollbacks: after.rollbacks - before.rollbacks,
    multixactAge: after.multixactAge - before.multixactAge,
  };
}

/** Samples pg_stat_activity every `everyMs` for sessions of `database` waiting on a lock. */
export class LockWaitSampler {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly waits: LockWaits = {
    samples: 0,
    samplesWaiting: 0,
    maxWaiting: 0,
    byEvent: {},
    statements: [],
  };
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
    private readonly everyMs = 100,
  ) {}

  async start(): Promise<void> {
    this.client = benchClient(this.serverUrl);
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  private async sample(): Promise<void> {
    if (this.busy || !this.client) return; // a slow sample is skipped, not queued
    this.busy = true;
    try {
      const res = await this.client.query<{ wait_event: string; query: string }>(
        `SELECT wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
        [this.database],
      );
      this.waits.samples++;
      if (res.rows.length > 0) this.waits.samplesWaiting++;
      this.waits.maxWaiting = Math.max(this.waits.maxWaiting, res.rows.length);
      for (const r of res.rows) {
        this.waits.byEvent[r.wait_event] = (this.waits.byEvent[r.wait_event] ?? 0) + 1;
        this.seen.set(r.query, (this.seen.get(r.query) ?? 0) + 1);
      }
    } catch {
      // The sampler only observes: a failed sample (server busy, database dropped) is not counted.
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<LockWaits> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
    await this.client?.end().catch(() => undefined);
    this.client = null;
    this.waits.statements = [...this.seen.entries()]
      .map(([statement, seen]) => ({ statement, seen }))
      .sort((a, b) => b.seen - a.seen);
    return this.waits;
  }
}

export function lockWaitLine(w: LockWaits): string {
  if (w.samplesWaiting === 0) return `no session waited on a lock in ${w.samples} samples`;
  const events = Object.entries(w.byEvent)
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
  return (
    `a session waited on a lock in ${w.samplesWaiting} of ${w.samples} samples ` +
    `(at most ${w.maxWaiting} at once; by wait_event: ${events})`
  );
}
