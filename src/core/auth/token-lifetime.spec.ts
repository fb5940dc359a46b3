import { hasBoundedLifetime } from './token-lifetime';

const NOW_MS = Date.UTC(2026, 10, 29, 12, 0, 0);
const now = NOW_MS / 1000;

describe('hasBoundedLifetime', () => {
  it('accepts what login issues: iat now, exp one lifetime later', () => {
    expect(hasBoundedLifetime({ iat: now, exp: now + 3600 }, 3600, NOW_MS)).toBe(true);
  });

  it.each([
    ['without exp', { iat: now }],
    ['without iat', { exp: now + 60 }],
    ['with text times', { iat: String(now), exp: String(now + 60) }],
    ['issued in the future', { iat: now + 600, exp: now + 900 }],
    ['living longer than the configured lifetime', { iat: now, exp: now + 3601 }],
    ['expiring before it was issued', { iat: now, exp: now - 1 }],
  ])('refuses a token %s', (_what, payload) => {
    expect(hasBoundedLifetime(payload, 3600, NOW_MS)).toBe(false);
  });
});
