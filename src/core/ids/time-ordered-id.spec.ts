import { ID_HEX_LENGTH, timeOrderedIdHex, writeTimeOrderedIdHex } from './time-ordered-id';

function asUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('timeOrderedIdHex', () => {
  it('is a version-7, RFC 9562 variant UUID in 32 hex digits', () => {
    const hex = timeOrderedIdHex();
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    expect(asUuid(hex)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('starts with the given time in milliseconds, so ids of later milliseconds sort after', () => {
    const at = Date.UTC(2026, 11, 3, 22, 40, 0, 123);
    expect(parseInt(timeOrderedIdHex(at).slice(0, 12), 16)).toBe(at);
    const earlier = timeOrderedIdHex(at);
    const later = timeOrderedIdHex(at + 1);
    expect(later > earlier).toBe(true);
  });

  it('never repeats, across many refills of its random pool', () => {
    const at = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(timeOrderedIdHex(at));
    expect(ids.size).toBe(20_000);
  });
});

describe('writeTimeOrderedIdHex', () => {
  it('writes the id in place and answers where it ends, leaving the bytes around it alone', () => {
    const out = Buffer.from('<'.repeat(40), 'latin1');
    const at = Date.UTC(2026, 11, 3, 23, 0, 0, 7);
    expect(writeTimeOrderedIdHex(out, 4, at)).toBe(4 + ID_HEX_LENGTH);
    const text = out.toString('latin1');
    expect(text.slice(0, 4)).toBe('<<<<');
    expect(text.slice(36)).toBe('<<<<');
    expect(text.slice(4, 36)).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    expect(parseInt(text.slice(4, 16), 16)).toBe(at);
  });
});
