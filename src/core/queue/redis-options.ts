import type { RedisOptions } from 'ioredis';

export type RetryStrategy = (times: number) => number | null;

/**
 * ioredis options for REDIS_URL (redis://[user:pass@]host:port[/db], rediss:// for TLS), for
 * the shared client and BullMQ's connections alike.
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace('/', '');
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: db ? Number(db) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}
