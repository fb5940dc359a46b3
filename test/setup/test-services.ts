// Tests need no hand-set-up services: when nothing answers at TEST_DATABASE_URL (or with
// TEST_EMBEDDED_PG=true) an embedded PostgreSQL is started for the run, and when nothing
// answers at REDIS_URL a redis-server from PATH. Both are stopped by the global teardown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '../../src/core/local-services/embedded-postgres';
import { type LocalService, startLocalRedis } from '../../src/core/local-services/local-redis';
import { postgresAnswers, redisAnswers } from '../../src/core/local-services/probes';
import { baseDatabaseUrl } from './test-env';

// Global setup and teardown run in the same Jest process: the services are kept here.
const started: LocalService[] = [];

function say(line: string): void {
  process.stderr.write(`\n[test services] ${line}\n`);
}

export async function ensureTestServices(): Promise<void> {
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  const forced = process.env.TEST_EMBEDDED_PG === 'true';
  if (forced || !(await postgresAnswers(baseDatabaseUrl()))) {
    const folder = mkdtempSync(join(tmpdir(), 'sdt-test-pg-'));
    const pg = await startEmbeddedPostgres({
      dataDir: join(folder, 'data'),
      password: randomBytes(12).toString('hex'),
      persistent: false,
    });
    // The server deletes its data directory on stop; the folder around it goes too.
    started.push({
      url: pg.url,
      stop: async () => {
        await pg.stop();
        rmSync(folder, { recursive: true, force: true });
      },
    });
    // Inherited by the test process and by every child process a test starts.
    process.env.TEST_DATABASE_URL = pg.url;
    say(`embedded PostgreSQL at ${new URL(pg.url).host}${forced ? ' (TEST_EMBEDDED_PG)' : ''}`);
  }
  if (!(await redisAnswers(process.env.REDIS_URL))) {
    try {
      const redis = await startLocalRedis();
      started.push(redis);
      process.env.REDIS_URL = redis.url;
      say(`redis-server at ${new URL(redis.url).host}`);
    } catch (err) {
      await stopTestServices();
      // One line saying what to do, not a stack from Jest's global setup.
      process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  }
}

export async function stopTestServices(): Promise<void> {
  for (const service of started.splice(0).reverse()) await service.stop();
}
