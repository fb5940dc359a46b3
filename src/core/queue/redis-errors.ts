// Redis trouble, told in JSON with backoff: the first error of an outage is logged at once, then
// at most one line per interval, the interval doubling up to a minute, each line counting what
// it held back. Without this BullMQ prints every reconnect failure as a multi-line stack.
import { Logger } from '@nestjs/common';
import type { RetryStrategy } from './redis-options';

const FIRST_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 60_000;

export class RedisErrorReporter {
  private readonly logger = new Logger('Redis');
  private nextAt = 0;
  private interval = FIRST_INTERVAL_MS;
  private held = 0;

  report(source: string, err: Error): void {
    const now = Date.now();
    if (now < this.nextAt) {
      this.held++;
      return;
    }
    const code = (err as { code?: unknown }).code;
    this.logger.warn({
      event: 'redis.error',
      source,
      code: typeof code === 'string' ? code : err.name,
      heldBack: this.held,
      msg: `Redis unavailable (${source}): ${err.message}; retrying with backoff`,
    });
    this.held = 0;
    this.nextAt = now + this.interval;
    this.interval = Math.min(this.interval * 2, MAX_INTERVAL_MS);
  }

  /** Called when a connection is ready again: the next outage is reported at once. */
  recovered(): void {
    if (this.interval > FIRST_INTERVAL_MS)
      this.logger.log({ event: 'redis.ready', msg: 'Redis reachable again' });
    this.nextAt = 0;
    this.interval = FIRST_INTERVAL_MS;
    this.held = 0;
  }
}

/** One reporter per process: every connection's errors share one backoff. */
export const redisErrors = new RedisErrorReporter();

/** Reconnect with backoff: 100 ms, 200 ms, … capped at 5 s, forever (a queue must come back). */
export const reconnectWithBackoff: RetryStrategy = (times) => Math.min(times * 100, 5000);
