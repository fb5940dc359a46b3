// `npm run seed`: loads partners, programs, cohorts, demo users and a demo partner key into
// DATABASE_URL (migrating it first). Safe to run any number of times.
import 'reflect-metadata';
import { formatSeedReport } from './seed/format-report';
import { runSeed } from './seed/run-seed';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  if (!databaseUrl)
    fail('Invalid configuration: DATABASE_URL is required but not set (see .env.example)');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    fail('Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminEmail = process.env.ADMIN_EMAIL?.trim() || undefined;
  const adminPassword = process.env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    fail('Invalid configuration: ADMIN_PASSWORD must be at least 12 characters');
  }
  const report = await runSeed(databaseUrl, { adminEmail, adminPassword });
  process.stdout.write(`${formatSeedReport(report)}\n`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  fail(`seed failed: ${message}`);
});
