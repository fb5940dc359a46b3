import { Client } from 'pg';
import { servicesLine, servicesSummary } from '../../src/core/config/services-summary';
import { runMigrations } from '../../src/core/database/migrate';
import { baseDatabaseUrl, newRunId, withDatabase } from './test-env';
import { ensureTestServices } from './test-services';

export default async function globalSetup(): Promise<void> {
  await ensureTestServices();
  const runId = newRunId();
  const database = `sdt_test_${runId}`;
  const admin = new Client({ connectionString: baseDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = withDatabase(baseDatabaseUrl(), database);
  await runMigrations(url);
  // Inherited by the test process (runInBand) and by any child process a test starts.
  process.env.DATABASE_URL = url;
  process.env.SDT_TEST_DATABASE = database;
  process.env.REDIS_PREFIX = `sdt_test_${runId}`;
  // The same one line the processes log at start: which Postgres and Redis this run uses.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const services = servicesSummary(url, redisUrl, process.env.REDIS_PREFIX);
  process.stderr.write(`\n[test run] ${servicesLine(services)}\n`);
}
