// Which Postgres and which Redis a process uses, for its first lines and the test run's banner:
// host, port, database; host, port, db, prefix. Never a user name or a password.

export interface ServicesSummary {
  postgres: { host: string; port: number; database: string };
  redis: { host: string; port: number; db: number; prefix: string };
}

export function servicesSummary(
  databaseUrl: string,
  redisUrl: string,
  redisPrefix: string,
): ServicesSummary {
  const pg = new URL(databaseUrl);
  const redis = new URL(redisUrl);
  const db = Number(redis.pathname.replace(/^\//, '') || '0');
  return {
    postgres: {
      host: pg.hostname || 'localhost',
      port: Number(pg.port || 5432),
      database: decodeURIComponent(pg.pathname.replace(/^\//, '')) || 'postgres',
    },
    redis: {
      host: redis.hostname || 'localhost',
      port: Number(redis.port || 6379),
      db: Number.isInteger(db) ? db : 0,
      prefix: redisPrefix,
    },
  };
}

/** One line: `Postgres 127.0.0.1:5432 database sdt · Redis 127.0.0.1:6379 db 0 prefix sdt`. */
export function servicesLine(s: ServicesSummary): string {
  return (
    `Postgres ${s.postgres.host}:${s.postgres.port} database ${s.postgres.database}` +
    ` · Redis ${s.redis.host}:${s.redis.port} db ${s.redis.db} prefix ${s.redis.prefix}`
  );
}
