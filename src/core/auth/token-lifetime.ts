// jsonwebtoken checks `exp` only when a token carries one: a correctly signed token without it
// would be valid forever. Every token this api issues has `iat` and `exp`, so one without them,
// issued in the future, or living longer than JWT_EXPIRES_IN_SECONDS was not made by login.

/** Clock difference tolerated between api replicas, in seconds. */
const CLOCK_SKEW_SECONDS = 30;

export interface TokenTimes {
  iat?: unknown;
  exp?: unknown;
}

export function hasBoundedLifetime(
  payload: TokenTimes,
  maxLifetimeSeconds: number,
  nowMs: number,
): boolean {
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') return false;
  if (!Number.isFinite(iat) || !Number.isFinite(exp)) return false;
  if (iat > nowMs / 1000 + CLOCK_SKEW_SECONDS) return false;
  return exp > iat && exp - iat <= maxLifetimeSeconds;
}
