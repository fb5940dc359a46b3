import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor } from './pagination';

const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursors', () => {
  it('reads back what it issued, up to the largest bigint', () => {
    expect(decodeCursor(encodeCursor('42'))).toBe('42');
    expect(decodeCursor(encodeCursor('9223372036854775807'))).toBe('9223372036854775807');
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['past the largest bigint', raw('s:9223372036854775808')],
    ['of 19 nines', raw('s:9999999999999999999')],
    ['of 20 digits', raw('s:12345678901234567890')],
    ['negative', raw('s:-1')],
    ['not ours', raw('hello')],
  ])('refuses a cursor %s as bad input', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(DomainError);
    try {
      decodeCursor(cursor);
    } catch (err) {
      expect((err as DomainError).code).toBe('validation');
    }
  });
});
