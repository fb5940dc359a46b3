import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobDispatcher } from './job-dispatcher';
import { QUEUES } from './queue-names';
import { RateLimiter } from '../http/rate-limit.guard';
import { QueueErrorLogging } from './queue-error-logging';
import { reconnectWithBackoff } from './redis-errors';
import { redisOptionsFromUrl } from './redis-options';
import { RedisClient } from './redis.provider';

@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: {
          ...redisOptionsFromUrl(config.redisUrl),
          maxRetriesPerRequest: null,
          retryStrategy: reconnectWithBackoff,
        },
        prefix: `${config.redisPrefix}:bull`,
      }),
    }),
    BullModule.registerQueue(
      { name: QUEUES.imports },
      { name: QUEUES.progress },
      { name: QUEUES.webhooks },
    ),
  ],
  providers: [RedisClient, JobDispatcher, RateLimiter, QueueErrorLogging],
  exports: [RedisClient, JobDispatcher, RateLimiter, BullModule],
})
export class QueueModule {}
