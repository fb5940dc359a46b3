// Every BullMQ queue and worker of this process reports its Redis errors through the one
// reporter (JSON, with backoff). BullMQ prints an 'error' nobody listens to as a raw stack.
import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUES } from './queue-names';
import { redisErrors } from './redis-errors';

@Injectable()
export class QueueErrorLogging implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (err: Error) => redisErrors.report(`queue ${name}`, err));
    }
    for (const wrapper of this.discovery.getProviders()) {
      const host = wrapper.instance as unknown;
      if (!(host instanceof WorkerHost)) continue;
      const worker = host.worker;
      worker.on('error', (err: Error) => redisErrors.report(`worker ${worker.name}`, err));
      worker.on('ready', () => redisErrors.recovered());
    }
  }
}
