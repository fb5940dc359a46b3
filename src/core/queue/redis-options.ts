import type { RedisOptions } from 'ioredis';

/**
 * ioredis options for the shared client from REDIS_URL (redis://[user:pass@]host:port[/db],
 * rediss:// for TLS). BullMQ takes the URL itself (see QueueModule).
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
