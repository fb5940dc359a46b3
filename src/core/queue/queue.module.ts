import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { JobDispatcher } from './job-dispatcher';
import { QUEUES } from './queue-names';
import { RateLimiter } from '../http/rate-limit.guard';
import { RedisClient } from './redis.provider';

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: `${config.redisPrefix}:bull`,
      }),
    }),
    BullModule.registerQueue(
      { name: QUEUES.imports },
      { name: QUEUES.progress },
      { name: QUEUES.webhooks },
    ),
  ],
  providers: [RedisClient, JobDispatcher, RateLimiter],
  exports: [RedisClient, JobDispatcher, RateLimiter, BullModule],
})
export class QueueModule {}
