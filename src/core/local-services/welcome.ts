// After `npm start` came up on local services: seed on the first start, then tell the person
// at the keyboard where to go and how to log in (plain text: this is for a human on a laptop).
import { DEMO_USERS } from '../../seed/seed-data';
import { runSeed } from '../../seed/run-seed';
import type { LocalMode } from './local-mode';

export async function welcomeLocal(local: LocalMode, port: number): Promise<void> {
  if (!local.state.seeded) {
    const report = await runSeed(local.databaseUrl);
    local.state.demoApiKey = report.demoApiKey.key ?? local.state.demoApiKey;
    local.state.seeded = true;
    local.save();
  }
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `Skills Drive Tracker is running at ${base}  (API docs: ${base}/api/docs)`,
    `Database: embedded PostgreSQL, data in ${local.dataDir} (delete it to start afresh)`,
    `  DATABASE_URL=${local.databaseUrl}`,
    'Demo logins (POST /api/v1/auth/login):',
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(11)} ${u.email}  password: ${u.password}`),
    local.state.demoApiKey
      ? `Demo partner API key (HUAWEI):  X-API-Key: ${local.state.demoApiKey}`
      : 'Demo partner API key: created by an earlier seed and not kept here',
    'Stop with Ctrl-C. These are demo credentials for this machine only.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
