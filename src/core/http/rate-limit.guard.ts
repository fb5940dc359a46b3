// Fixed-window rate limits counted in Redis, so a limit holds across api replicas.
// - `verify` counts every request per client address (public certificate checks).
// - `login` counts failed attempts, per client address AND per account (normalised email), so a
//   botnet cannot walk one account either. A busy client logging in correctly is never locked
//   out by its own successes: each attempt is counted atomically BEFORE the password hash (so
//   parallel guesses cannot all slip past a read-then-write check) and a correct password gives
//   its count back. Once failures plus attempts in flight reach the limit, every attempt in that
//   window is refused with 429, including a correct password. So that a guesser cannot lock the
//   owner out that way, a login presenting a valid device cookie for the account (see
//   core/auth/device-cookies) is counted against that device instead of the account: the
//   per-account limit only ever refuses untrusted clients, the per-address limit everyone.
// Every Redis call here is bounded (REDIS_TIMEOUT_MS on the shared client): with Redis away the
// route answers 503 with Retry-After at once, never 500 and never a hang.
import { createHash } from 'node:crypto';
import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RedisClient } from '../queue/redis.provider';
import { DomainError } from './domain-error';

export type RateLimitBucket = 'login' | 'verify';
const RATE_LIMIT_KEY = 'sdt:rate-limit';

export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(RATE_LIMIT_KEY, bucket);

/** Seconds a client is asked to wait when Redis does not answer. */
const UNAVAILABLE_RETRY_AFTER = 5;

// Counts one event on every key, in one atomic step. If any key would pass the limit, the step
// is undone on all keys and the 1-based index of that key is returned (0 = counted, allowed).
// Undoing a refusal keeps the count at the limit, so refused attempts never extend a lockout.
const ACQUIRE = `
local limit = tonumber(ARGV[1])
local over = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  redis.call('EXPIRE', key, tonumber(ARGV[2]))
  if n > limit and over == 0 then over = i end
end
if over > 0 then
  for _, key in ipairs(KEYS) do redis.call('DECR', key) end
end
return over`;

// Gives one counted event back (a login that turned out correct). A key whose window already
// expired is left alone, so no counter without a TTL is ever created.
const RELEASE = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('DECR', key) end
end
return 0`;

/** A counted login attempt: `release()` it when the password was right. */
export interface LoginAttempt {
  release(): Promise<void>;
}

/** The account a login names, as the users table stores it; hashed so no email sits in Redis. */
export function loginAccountKey(email: unknown): string {
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
  return createHash('sha256').update(normalised).digest('base64url').slice(0, 32);
}

@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');

  constructor(
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private window(bucket: RateLimitBucket) {
    const { limit, windowSeconds } =
      bucket === 'login' ? this.config.loginRateLimit : this.config.verifyRateLimit;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const index = Math.floor(nowSeconds / windowSeconds);
    const retryAfter = Math.max(1, (index + 1) * windowSeconds - nowSeconds);
    const key = (...parts: string[]) => this.redis.key('rl', bucket, ...parts, String(index));
    return { limit, windowSeconds, retryAfter, key };
  }

  /** Runs a script; any Redis failure or timeout becomes 503 problem details. */
  private async run(script: string, keys: string[], args: (string | number)[]): Promise<number> {
    try {
      return Number(await this.redis.client.eval(script, keys.length, ...keys, ...args));
    } catch (err) {
      this.logger.warn(`rate limit store unavailable: ${err instanceof Error ? err.message : err}`);
      throw new DomainError(
        'unavailable',
        'The service cannot check its rate limits right now; try again shortly',
        undefined,
        UNAVAILABLE_RETRY_AFTER,
      );
    }
  }

  private refuse(retryAfter: number): DomainError {
    return new DomainError(
      'rate_limited',
      `Too many requests; try again in ${retryAfter} s`,
      undefined,
      retryAfter,
    );
  }

  /** Counts one request and refuses it once the window's count would pass the limit. */
  async hit(bucket: RateLimitBucket, caller: string): Promise<void> {
    const w = this.window(bucket);
    const over = await this.run(ACQUIRE, [w.key('ip', caller)], [w.limit, w.windowSeconds + 1]);
    if (over > 0) throw this.refuse(w.retryAfter);
  }

  /**
   * Counts a login attempt against the client address and the account before the password is
   * checked; refuses it (429) when either is at its limit. With `trustedDevice` (the id of a
   * valid device cookie for this account) the attempt counts against that device instead of
   * the account, so failures by others never refuse it.
   */
  async beginLoginAttempt(
    caller: string,
    email: unknown,
    trustedDevice: string | null = null,
  ): Promise<LoginAttempt> {
    const w = this.window('login');
    const keys = [
      w.key('ip', caller),
      trustedDevice === null
        ? w.key('account', loginAccountKey(email))
        : w.key('device', trustedDevice),
    ];
    const over = await this.run(ACQUIRE, keys, [w.limit, w.windowSeconds + 1]);
    if (over > 0) throw this.refuse(w.retryAfter);
    return {
      release: async () => {
        await this.run(RELEASE, keys, []).catch(() => undefined);
      },
    };
  }
}

export function callerOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(
      RATE_LIMIT_KEY,
      context.getHandler(),
    );
    // Logins are counted around the password check itself (LocalStrategy), where the account
    // is known and a correct password can give its count back.
    if (!bucket || bucket === 'login') return true;
    await this.limiter.hit(bucket, callerOf(context.switchToHttp().getRequest<Request>()));
    return true;
  }
}
