// Queue depth and age for Prometheus: at each scrape, the jobs of every BullMQ queue of the
// catalogue by state, and how old the oldest of each is. Read from Redis with a short timeout:
// a Redis that does not answer leaves the queue series out of that scrape (readiness says why)
// instead of hanging the scrape.
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUES } from '../queue/queue-names';
import { MetricsService, QUEUE_STATES } from './metrics.service';

const SCRAPE_TIMEOUT_MS = 2000;

@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.collect());
  }

  private queues(): Queue[] {
    return Object.values(QUEUES).flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return []; // a process without queues (unit tests)
      }
    });
  }

  async collect(): Promise<void> {
    const { queueJobs, queueOldestAge } = this.metrics;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), SCRAPE_TIMEOUT_MS);
    });
    const read = Promise.all(this.queues().map((q) => this.readQueue(q)));
    const figures = await Promise.race([read.catch(() => null), timeout]);
    clearTimeout(timer);
    queueJobs.reset();
    queueOldestAge.reset();
    if (!figures) return;
    for (const { queue, state, count, ageSeconds } of figures.flat()) {
      queueJobs.set({ queue, state }, count);
      queueOldestAge.set({ queue, state }, ageSeconds);
    }
  }

  private async readQueue(queue: Queue) {
    const counts = await queue.getJobCounts(...QUEUE_STATES);
    const now = Date.now();
    return Promise.all(
      QUEUE_STATES.map(async (state) => {
        const count = counts[state] ?? 0;
        let ageSeconds = 0;
        if (count > 0) {
          const [oldest] = await queue.getJobs([state], 0, 0, true);
          if (oldest?.timestamp) ageSeconds = Math.max(0, (now - oldest.timestamp) / 1000);
        }
        return { queue: queue.name, state, count, ageSeconds };
      }),
    );
  }
}
