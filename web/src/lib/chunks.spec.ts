import { isChunkError, mayReloadOnce } from './chunks';

describe('chunk failures', () => {
  it('knows a failed dynamic import from other errors', () => {
    expect(
      isChunkError(new TypeError('Failed to fetch dynamically imported module: /assets/x.js')),
    ).toBe(true);
    expect(isChunkError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkError(new Error('x is undefined'))).toBe(false);
    expect(isChunkError('text')).toBe(false);
  });

  it('reloads once, not again within 30 s', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(mayReloadOnce(storage, 1_000_000)).toBe(true);
    expect(mayReloadOnce(storage, 1_010_000)).toBe(false);
    expect(mayReloadOnce(storage, 1_040_000)).toBe(true);
  });
});
