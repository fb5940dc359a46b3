// Fixed-window rate limits counted in Redis, so a limit holds across api replicas.
// `verify` counts every request (public certificate checks); `login` counts failed attempts
// only, so a busy client logging in correctly is never locked out while a password guesser
// is: once the failures reach the limit, every attempt in that window is refused.
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RedisClient } from '../queue/redis.provider';
import { DomainError } from './domain-error';

export type RateLimitBucket = 'login' | 'verify';
const RATE_LIMIT_KEY = 'sdt:rate-limit';

export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(RATE_LIMIT_KEY, bucket);

@Injectable()
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private window(bucket: RateLimitBucket, caller: string) {
    const { limit, windowSeconds } =
      bucket === 'login' ? this.config.loginRateLimit : this.config.verifyRateLimit;
    const index = Math.floor(Date.now() / 1000 / windowSeconds);
    const retryAfter = Math.max(1, (index + 1) * windowSeconds - Math.floor(Date.now() / 1000));
    return {
      limit,
      windowSeconds,
      retryAfter,
      key: this.redis.key('rl', bucket, caller, String(index)),
    };
  }

  private refuse(retryAfter: number): DomainError {
    return new DomainError(
      'rate_limited',
      `Too many requests; try again in ${retryAfter} s`,
      undefined,
      retryAfter,
    );
  }

  /** Counts one request and refuses it once the window's count passes the limit. */
  async hit(bucket: RateLimitBucket, caller: string): Promise<void> {
    const w = this.window(bucket, caller);
    const [[, count]] = (await this.redis.client
      .multi()
      .incr(w.key)
      .expire(w.key, w.windowSeconds + 1)
      .exec()) as [[Error | null, number]];
    if (count > w.limit) throw this.refuse(w.retryAfter);
  }

  /** Refuses without counting when the window already holds `limit` counted events. */
  async check(bucket: RateLimitBucket, caller: string): Promise<void> {
    const w = this.window(bucket, caller);
    const count = Number((await this.redis.client.get(w.key)) ?? 0);
    if (count >= w.limit) throw this.refuse(w.retryAfter);
  }

  /** Records an event (a failed login) without refusing anything now. */
  async record(bucket: RateLimitBucket, caller: string): Promise<void> {
    const w = this.window(bucket, caller);
    await this.redis.client
      .multi()
      .incr(w.key)
      .expire(w.key, w.windowSeconds + 1)
      .exec();
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
    if (!bucket) return true;
    const caller = callerOf(context.switchToHttp().getRequest<Request>());
    if (bucket === 'login') await this.limiter.check(bucket, caller);
    else await this.limiter.hit(bucket, caller);
    return true;
  }
}
