// One shared ioredis client for non-queue uses (rate limits, readiness checks).
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { reconnectWithBackoff, redisErrors } from './redis-errors';
import { redisOptionsFromUrl } from './redis-options';

@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly client: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      maxRetriesPerRequest: 2,
      // Rate limits and readiness run on request paths: a Redis that does not answer must
      // cost a request at most this long (REDIS_TIMEOUT_MS), not ioredis's retries.
      commandTimeout: config.redisTimeoutMs,
      lazyConnect: false,
      retryStrategy: reconnectWithBackoff,
    });
    // Errors surface through readiness checks and one JSON line with backoff; an unhandled
    // 'error' event would crash the process.
    this.client.on('error', (err: Error) => redisErrors.report('client', err));
    this.client.on('ready', () => redisErrors.recovered());
    this.prefix = config.redisPrefix;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
