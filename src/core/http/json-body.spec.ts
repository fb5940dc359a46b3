import { jsonNestsDeeperThan } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('jsonNestsDeeperThan', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonNestsDeeperThan(bytes(nested(32)), 32)).toBe(false);
    expect(jsonNestsDeeperThan(bytes(nested(33)), 32)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":'.repeat(33) + '1' + '}'.repeat(33)), 32)).toBe(true);
  });

  it('measures depth, not the number of brackets', () => {
    const wide = JSON.stringify({ rows: Array.from({ length: 10000 }, (_, i) => ({ i, t: [i] })) });
    expect(jsonNestsDeeperThan(bytes(wide), 4)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ name: '[[[[{{{{', quoted: 'say \\"[[[[\\" \\\\', s: '"[' });
    expect(jsonNestsDeeperThan(bytes(text), 1)).toBe(false);
  });

  it('scans a multi-megabyte hostile body without recursion', () => {
    expect(jsonNestsDeeperThan(bytes(nested(1_000_000)), 32)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('"' + 'Ü['.repeat(100_000) + '"'), 1)).toBe(false);
  });
});
