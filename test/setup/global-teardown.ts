import Redis from 'ioredis';
import { Client } from 'pg';
import { baseDatabaseUrl } from './test-env';
import { stopTestServices } from './test-services';

export default async function globalTeardown(): Promise<void> {
  const database = process.env.SDT_TEST_DATABASE;
  if (database && process.env.KEEP_TEST_DATABASE !== 'true') {
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
  // Every key of the run: the run's prefix, and the prefixes tests derive from it for their
  // own processes (`<prefix>_idle`, `<prefix>_laptop`, `<prefix>:login-limit`…).
  const prefix = process.env.REDIS_PREFIX;
  if (prefix?.startsWith('sdt_test_')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
  await stopTestServices();
}
