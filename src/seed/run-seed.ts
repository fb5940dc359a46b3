// Loads the seed data through SQL (never HTTP), idempotently: migrations first, then one
// transaction of INSERT … ON CONFLICT DO NOTHING. Running it twice changes nothing.
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../core/auth/api-key-crypto';
import { hashPassword } from '../core/auth/password-hasher';
import { dataSourceOptions } from '../core/database/data-source-options';
import { runMigrations } from '../core/database/migrate';
import {
  DEMO_KEY_PARTNER,
  DEMO_KEY_PREFIX,
  DEMO_USERS,
  SEED_COHORTS,
  SEED_PARTNERS,
  SEED_PROGRAMS,
  type SeedUser,
} from './seed-data';
import { SeedRepository } from './seed.repository';

export interface SeedOptions {
  /** The admin to create instead of the demo one (ADMIN_EMAIL / ADMIN_PASSWORD). */
  adminEmail?: string;
  adminPassword?: string;
}

export interface SeededUser {
  role: SeedUser['role'];
  email: string;
  /** The demo password, or null when it came from ADMIN_PASSWORD (never echoed). */
  password: string | null;
  created: boolean;
}

export interface SeedReport {
  migrationsApplied: string[];
  created: { partners: string[]; programs: string[]; cohorts: string[] };
  users: SeededUser[];
  /** `key` is set only on the run that created it: it is shown once and stored hashed. */
  demoApiKey: { partnerCode: string; prefix: string; key: string | null };
  counts: Record<string, number>;
}

function demoApiKey(): { key: string; prefix: string; hash: string } {
  const tag = randomBytes(3).toString('hex').slice(0, 4);
  const prefix = `${DEMO_KEY_PREFIX}${tag}`;
  const key = `${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

function seedUsers(options: SeedOptions): SeedUser[] {
  return DEMO_USERS.map((u) =>
    u.role === 'admin' && options.adminEmail && options.adminPassword
      ? { role: 'admin', email: options.adminEmail, password: options.adminPassword }
      : u,
  );
}

async function seedInto(
  ds: DataSource,
  options: SeedOptions,
): Promise<Omit<SeedReport, 'migrationsApplied'>> {
  const users = seedUsers(options).map((u) => ({ ...u, email: u.email.trim().toLowerCase() }));
  return ds.transaction(async (em) => {
    const repo = new SeedRepository(em);
    await repo.lock();
    const created: SeedReport['created'] = { partners: [], programs: [], cohorts: [] };
    for (const partner of SEED_PARTNERS) {
      if (await repo.insertPartner(partner)) created.partners.push(partner.code);
    }
    for (const program of SEED_PROGRAMS) {
      if (await repo.insertProgram(program)) {
        created.programs.push(program.code);
        await repo.insertProgramTargets(program);
      }
    }
    for (const cohort of SEED_COHORTS) {
      if (await repo.insertCohort(cohort)) created.cohorts.push(cohort.code);
    }
    const seeded: SeededUser[] = [];
    for (const user of users) {
      // Hash only what will be inserted: scrypt is slow on purpose.
      const isCreated =
        !(await repo.userExists(user.email)) &&
        (await repo.insertUser({
          email: user.email,
          role: user.role,
          passwordHash: await hashPassword(user.password),
        }));
      const fromEnv = user.role === 'admin' && user.email === options.adminEmail?.toLowerCase();
      seeded.push({
        role: user.role,
        email: user.email,
        password: fromEnv ? null : user.password,
        created: isCreated,
      });
    }
    let demoKey: SeedReport['demoApiKey'];
    const existing = await repo.findLiveKeyPrefix(DEMO_KEY_PARTNER, DEMO_KEY_PREFIX);
    if (existing) {
      demoKey = { partnerCode: DEMO_KEY_PARTNER, prefix: existing, key: null };
    } else {
      const fresh = demoApiKey();
      await repo.insertApiKey(DEMO_KEY_PARTNER, fresh.prefix, fresh.hash);
      demoKey = { partnerCode: DEMO_KEY_PARTNER, prefix: fresh.prefix, key: fresh.key };
    }
    return { created, users: seeded, demoApiKey: demoKey, counts: await repo.counts() };
  });
}

function urlOf(ds: DataSource): string {
  const url = (ds.options as { url?: string }).url;
  if (!url) throw new Error('runSeed needs a DataSource configured with a url');
  return url;
}

/** Seeds the database at `target` (a DATABASE_URL or an initialised DataSource). */
export async function runSeed(
  target: string | DataSource,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const url = typeof target === 'string' ? target : urlOf(target);
  const migrationsApplied = await runMigrations(url);
  if (typeof target !== 'string')
    return { migrationsApplied, ...(await seedInto(target, options)) };
  const ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 2 } });
  await ds.initialize();
  try {
    return { migrationsApplied, ...(await seedInto(ds, options)) };
  } finally {
    await ds.destroy();
  }
}
