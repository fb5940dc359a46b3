// A small in-process cache of computed answers (report answers; the user behind a JWT).
// Reports change only when a recompute runs, so reusing an answer for a second spares the
// database under many readers; a change shows within about the TTL on every api process, and
// no cross-process invalidation is needed.
//
// Concurrent misses for one key share one computation, and once an answer is older than the
// TTL the next caller still gets it at once while one refresh runs in the background (for at
// most another TTL): readers never queue behind a recompute of their answer. A cache built
// with `{ serveStale: false }` never answers from an entry older than the TTL (the user behind
// a JWT: a disabled user must be refused within the TTL on every process), and `delete` drops
// an entry at once on the process that changed it.
//
// Storage and eviction are lru-cache's (at most MAX_ENTRIES answers, the least recently used
// dropped first). Its fetch() is not used for the rest: it serves a stale value with no bound on
// its age, and dates an entry from when it is stored rather than from when its computation
// started reading, so the in-flight sharing and the bounded stale window stay here.
import { LRUCache } from 'lru-cache';

const MAX_ENTRIES = 1000;

interface Entry<T> {
  value: T;
  computedAt: number;
}

export interface TtlCacheOptions {
  /** Answer from an entry up to 2 × TTL old while it refreshes (default true). */
  serveStale?: boolean;
}

export class TtlCache<T> {
  private readonly entries = new LRUCache<string, Entry<T>>({ max: MAX_ENTRIES });
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Bumped by delete(): a computation started before it must not store its answer. */
  private readonly generations = new Map<string, number>();
  private readonly serveStale: boolean;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    options: TtlCacheOptions = {},
  ) {
    this.serveStale = options.serveStale ?? true;
  }

  /** Forgets a key now, including a computation already running for it. */
  delete(key: string): void {
    this.entries.delete(key);
    this.inFlight.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    if (this.generations.size > MAX_ENTRIES) this.generations.clear();
  }

  async getOrCompute(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const entry = this.entries.get(key);
    const age = entry ? this.now() - entry.computedAt : Infinity;
    if (entry && age < this.ttlMs) return entry.value;
    const running = this.inFlight.get(key) ?? this.refresh(key, compute);
    if (entry && this.serveStale && age < 2 * this.ttlMs) {
      running.catch(() => undefined); // the next caller sees the failure, not this one
      return entry.value;
    }
    return running;
  }

  private refresh(key: string, compute: () => Promise<T>): Promise<T> {
    // The answer is as old as the moment its computation started reading.
    const started = this.now();
    const generation = this.generations.get(key) ?? 0;
    const current = () => (this.generations.get(key) ?? 0) === generation;
    const running = compute().then(
      (value) => {
        if (current()) {
          this.store(key, value, started);
          this.inFlight.delete(key);
        }
        return value;
      },
      (err: unknown) => {
        if (current()) this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, running);
    return running;
  }

  private store(key: string, value: T, computedAt: number): void {
    this.entries.set(key, { value, computedAt });
  }
}
