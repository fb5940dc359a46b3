// The seed's console output: what was created and the credentials to try the system with.
import { SEED_COHORTS, SEED_PARTNERS, SEED_PROGRAMS } from './seed-data';
import type { SeedReport } from './run-seed';

function created(list: string[], total: number): string {
  return list.length === 0 ? `all ${total} already present` : `created ${list.join(', ')}`;
}

export function formatSeedReport(report: SeedReport): string {
  const lines: string[] = [];
  if (report.migrationsApplied.length > 0) {
    lines.push(`Migrations applied: ${report.migrationsApplied.join(', ')}`);
  }
  lines.push(
    `Partners: ${created(report.created.partners, SEED_PARTNERS.length)}`,
    `Programs: ${created(report.created.programs, SEED_PROGRAMS.length)}`,
    `Cohorts:  ${created(report.created.cohorts, SEED_COHORTS.length)}`,
    '',
    'Demo accounts (POST /api/v1/auth/login):',
  );
  for (const u of report.users) {
    const password = u.password ?? '(the ADMIN_PASSWORD you set)';
    const state = u.created ? 'created' : 'already existed, password unchanged';
    lines.push(`  ${u.role.padEnd(11)} ${u.email.padEnd(30)} password: ${password}  [${state}]`);
  }
  lines.push('');
  const k = report.demoApiKey;
  if (k.key) {
    lines.push(
      `Demo API key for partner ${k.partnerCode} (shown this once, stored hashed):`,
      `  X-API-Key: ${k.key}`,
    );
  } else {
    lines.push(
      `Partner ${k.partnerCode} already has a live demo API key (${k.prefix}…); it was shown when created.`,
      `  Revoke it (DELETE /api/v1/api-keys/{id}) and run the seed again for a new one.`,
    );
  }
  lines.push('', 'These are demo credentials: change or remove them before real use.');
  return lines.join('\n');
}
