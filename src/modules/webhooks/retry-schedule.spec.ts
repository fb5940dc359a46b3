import { MAX_RETRY_DELAY_MS, nextAttemptAt, retryDelayMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('doubles from the base and caps at an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(20, 30_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(500, 30_000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('keeps trying for 24 hours after the event, then gives up', () => {
    const created = new Date('2026-03-01T00:00:00Z');
    let at = created;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt(created, at, attempts, 30_000);
      if (next === null) break;
      at = next;
    }
    const lastTry = at.getTime() - created.getTime();
    expect(lastTry).toBeLessThanOrEqual(24 * 3600_000);
    expect(lastTry).toBeGreaterThan(23 * 3600_000);
    expect(attempts).toBeGreaterThan(20); // ~7 doublings to an hour, then hourly
  });
});
