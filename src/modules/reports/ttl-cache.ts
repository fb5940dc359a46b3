// A small in-process cache of computed report answers. Reports change only when a recompute
// runs, so reusing an answer for a second spares the database under many readers; a recompute
// shows within the TTL on every api process, and no cross-process invalidation is needed.

const MAX_ENTRIES = 1000;

export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const now = this.now();
      for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
      // Still full of live entries: drop the oldest (Map keeps insertion order).
      if (this.entries.size >= MAX_ENTRIES) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
    }
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }
}
