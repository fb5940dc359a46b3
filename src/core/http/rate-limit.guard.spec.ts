import { loginAccountKey } from './rate-limit.guard';

describe('loginAccountKey', () => {
  it('is one key however the email is written, as the users table matches it', () => {
    const key = loginAccountKey('admin@example.pk');
    expect(loginAccountKey('  ADMIN@Example.PK ')).toBe(key);
    expect(loginAccountKey('other@example.pk')).not.toBe(key);
  });

  it('never puts the email itself in a Redis key', () => {
    expect(loginAccountKey('admin@example.pk')).not.toMatch(/admin|example/);
    expect(loginAccountKey('admin@example.pk')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('gives a body without a text email a key of its own', () => {
    expect(loginAccountKey({ $ne: null })).toBe(loginAccountKey(undefined));
  });
});
