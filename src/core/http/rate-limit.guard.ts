// Fixed-window rate limits counted in Redis, so the limit holds across api replicas.
// Used on login and on public certificate verification.
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
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const bucket = this.reflector.get<RateLimitBucket | undefined>(
      RATE_LIMIT_KEY,
      context.getHandler(),
    );
    if (!bucket) return true;
    const { limit, windowSeconds } =
      bucket === 'login' ? this.config.loginRateLimit : this.config.verifyRateLimit;
    const req = context.switchToHttp().getRequest<Request>();
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const key = this.redis.key('rl', bucket, req.ip ?? 'unknown', String(window));
    const [[, count]] = (await this.redis.client
      .multi()
      .incr(key)
      .expire(key, windowSeconds + 1)
      .exec()) as [[Error | null, number]];
    if (count > limit) {
      const retryAfter = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
      throw new DomainError(
        'rate_limited',
        `Too many requests; try again in ${retryAfter} s`,
        undefined,
        Math.max(1, retryAfter),
      );
    }
    return true;
  }
}
