// After `npm start` came up on local services: seed on the first start, then tell the person
// at the keyboard where to go and how to log in (plain text: this is for a human on a laptop).
import type { LocalMode } from '../core/local-services/local-mode';
import { runSeed } from './run-seed';
import { DEMO_USERS } from './seed-data';

function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

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
    // Never the password in what is printed: it is in .data/local.json (pgPassword).
    `  psql "${withoutPassword(local.databaseUrl)}"  (password: pgPassword in ${local.dataDir.replace(/pg$/, 'local.json')})`,
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
