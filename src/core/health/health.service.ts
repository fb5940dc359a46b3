// Liveness says the process answers; readiness says it can do its job: Postgres answers
// `SELECT 1` and Redis answers PING, each within a short timeout so a hung dependency
// reports "down" instead of hanging the probe.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RedisClient } from '../queue/redis.provider';

export type DependencyState = 'up' | 'down';

export interface ReadinessChecks {
  database: DependencyState;
  redis: DependencyState;
}

const CHECK_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly redis: RedisClient,
  ) {}

  private stopping = false;

  /** From the first shutdown step on, readiness answers 503 so load balancers stop sending. */
  markShuttingDown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  async readiness(): Promise<ReadinessChecks> {
    const [database, redis] = await Promise.all([
      probe(() => this.ds.query('SELECT 1')),
      probe(async () => {
        if ((await this.redis.client.ping()) !== 'PONG') throw new Error('unexpected reply');
      }),
    ]);
    return { database, redis };
  }
}
