// `npm run seed`: loads partners, programs, cohorts, demo users and a demo partner key into
// DATABASE_URL (creating and migrating it first). Safe to run any number of times.
import 'reflect-metadata';
import { assertAdminPasswordStrong } from './core/auth/password-policy';
import { ConfigError, loadDatabaseConfig } from './core/config/app-config';
import { ensureDatabaseExists } from './core/database/ensure-database';
import { loadEnvFileIfPresent } from './core/process/env-file';
import { exitWithLine } from './core/process/run-process';
import { formatSeedReport } from './seed/format-report';
import { runSeed } from './seed/run-seed';

async function main(): Promise<void> {
  loadEnvFileIfPresent();
  const config = loadDatabaseConfig();
  if (config.adminPassword) await assertAdminPasswordStrong(config.adminPassword);
  await ensureDatabaseExists(config.databaseUrl);
  const report = await runSeed(config.databaseUrl, config);
  process.stdout.write(`${formatSeedReport(report)}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) exitWithLine(err.message);
  const message = err instanceof Error ? err.message : String(err);
  exitWithLine(`seed failed: ${message}`);
});
