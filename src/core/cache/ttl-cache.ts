// A small in-process cache of computed answers (report answers; the user behind a JWT).
// Reports change only when a recompute runs, so reusing an answer for a second spares the
// database under many readers; a change shows within about the TTL on every api process, and
// no cross-process invalidation is needed.
//
// Concurrent misses for one key share one computation, and once an answer is older than the
// TTL the next caller still gets it at once while one refresh runs in the background (for at
// most another TTL): readers never queue behind a recompute of their answer.

const MAX_ENTRIES = 1000;

interface Entry<T> {
  value: T;
  computedAt: number;
}

export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async getOrCompute(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const entry = this.entries.get(key);
    const age = entry ? this.now() - entry.computedAt : Infinity;
    if (entry && age < this.ttlMs) return entry.value;
    const running = this.inFlight.get(key) ?? this.refresh(key, compute);
    if (entry && age < 2 * this.ttlMs) {
      running.catch(() => undefined); // the next caller sees the failure, not this one
      return entry.value;
    }
    return running;
  }

  private refresh(key: string, compute: () => Promise<T>): Promise<T> {
    // The answer is as old as the moment its computation started reading.
    const started = this.now();
    const running = compute().then(
      (value) => {
        this.store(key, value, started);
        this.inFlight.delete(key);
        return value;
      },
      (err: unknown) => {
        this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, running);
    return running;
  }

  private store(key: string, value: T, computedAt: number): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const expired = this.now() - 2 * this.ttlMs;
      for (const [k, e] of this.entries) if (e.computedAt <= expired) this.entries.delete(k);
      // Still full of live entries: drop the oldest (a Map keeps insertion order).
      if (this.entries.size >= MAX_ENTRIES) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
    }
    this.entries.set(key, { value, computedAt });
  }
}
