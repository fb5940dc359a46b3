import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  const counter = () => {
    let n = 0;
    return async () => ++n;
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('reuses an answer within the TTL, and recomputes after it', async () => {
    const cache = new TtlCache<number>(1000, clock);
    const compute = counter();
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now += 999;
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now += 1; // 1000 ms old: stale, served once while a refresh runs
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    await Promise.resolve();
    expect(await cache.getOrCompute('k', compute)).toBe(2);
  });

  it('shares one computation between concurrent misses', async () => {
    const cache = new TtlCache<number>(1000, clock);
    let calls = 0;
    let release: (v: number) => void = () => undefined;
    const slow = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const answers = Promise.all([1, 2, 3].map(() => cache.getOrCompute('k', slow)));
    release(42);
    expect(await answers).toEqual([42, 42, 42]);
    expect(calls).toBe(1);
  });

  it('waits for a fresh answer once the old one is more than twice the TTL old', async () => {
    const cache = new TtlCache<number>(1000, clock);
    const compute = counter();
    await cache.getOrCompute('k', compute);
    now += 2000;
    expect(await cache.getOrCompute('k', compute)).toBe(2);
  });

  it('keeps keys apart, and a TTL of 0 never caches', async () => {
    const cache = new TtlCache<number>(1000, clock);
    const compute = counter();
    expect(await cache.getOrCompute('a', compute)).toBe(1);
    expect(await cache.getOrCompute('b', compute)).toBe(2);
    const off = new TtlCache<number>(0, clock);
    const c2 = counter();
    expect(await off.getOrCompute('a', c2)).toBe(1);
    expect(await off.getOrCompute('a', c2)).toBe(2);
  });

  it('does not keep a failed computation', async () => {
    const cache = new TtlCache<number>(1000, clock);
    await expect(
      cache.getOrCompute('k', () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(await cache.getOrCompute('k', async () => 7)).toBe(7);
  });

  it('with serveStale off never answers from an entry as old as the TTL', async () => {
    const cache = new TtlCache<number>(1000, clock, { serveStale: false });
    const compute = counter();
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now += 999;
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now += 1;
    expect(await cache.getOrCompute('k', compute)).toBe(2);
  });

  it('delete forgets an entry at once', async () => {
    const cache = new TtlCache<number>(1000, clock);
    const compute = counter();
    await cache.getOrCompute('k', compute);
    cache.delete('k');
    expect(await cache.getOrCompute('k', compute)).toBe(2);
  });

  it('delete during a computation: its answer is not stored, the next caller computes anew', async () => {
    const cache = new TtlCache<string>(1000, clock);
    let release: (v: string) => void = () => undefined;
    const before = cache.getOrCompute(
      'k',
      () => new Promise<string>((resolve) => (release = resolve)),
    );
    cache.delete('k');
    const after = cache.getOrCompute('k', async () => 'after the change');
    release('read before the change');
    expect(await before).toBe('read before the change');
    expect(await after).toBe('after the change');
    expect(await cache.getOrCompute('k', async () => 'unused')).toBe('after the change');
  });
});

describe('TtlCache eviction', () => {
  it('keeps at most 1000 answers, dropping the least recently used first', async () => {
    const cache = new TtlCache<number>(60_000);
    const computed: string[] = [];
    const get = (key: string) =>
      cache.getOrCompute(key, () => {
        computed.push(key);
        return Promise.resolve(1);
      });
    for (let i = 0; i < 1000; i++) await get(`k${i}`);
    await get('k0'); // used again: now the most recent
    await get('k1000'); // the 1001st answer evicts the least recently used, k1
    computed.length = 0;
    await get('k0');
    await get('k1');
    expect(computed).toEqual(['k1']);
  });
});
