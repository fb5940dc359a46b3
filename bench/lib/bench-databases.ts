// Throw-away databases and Redis prefixes for benchmarks: created fresh, migrated with the app's
// own migrations, dropped at the end (unless KEEP_BENCH_DB=true).
import Redis from 'ioredis';
import { Client } from 'pg';
import { generateApiKey } from '../../src/core/auth/api-key-crypto';
import { runMigrations } from '../../src/core/database/migrate';
import {
  BENCH_COHORTS,
  BENCH_COHORTS_B,
  BENCH_PARTNER,
  BENCH_PARTNER_B,
  BENCH_PROGRAM,
  BENCH_PROGRAM_B,
  type BenchCohort,
} from './roster-generator';

export interface BenchCatalogueSpec {
  partner: { code: string; name: string; kind: string };
  program: { code: string; name: string; target: number; tracks: string[] };
  cohorts: readonly BenchCohort[];
}

export const CATALOGUE_A: BenchCatalogueSpec = {
  partner: BENCH_PARTNER,
  program: BENCH_PROGRAM,
  cohorts: BENCH_COHORTS,
};
/** The second partner of the shared-trainee scenario. */
export const CATALOGUE_B: BenchCatalogueSpec = {
  partner: BENCH_PARTNER_B,
  program: BENCH_PROGRAM_B,
  cohorts: BENCH_COHORTS_B,
};

export function baseDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function redisUrl(): string {
  return process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseDatabaseUrl() });
  client.on('error', () => undefined); // a dropped connection fails the pending query instead
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database and, unless `migrate: false` (a schema the bench writes itself, e.g. the lean
 * baseline's), runs the app's migrations on it; returns its URL. `name` must be a plain identifier.
 */
export async function createBenchDatabase(
  name: string,
  options: { migrate?: boolean } = {},
): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(baseDatabaseUrl(), name);
  if (options.migrate !== false) await runMigrations(url);
  return url;
}

export async function dropBenchDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export interface BenchCatalogue {
  partnerId: string;
  programId: string;
  apiKey: string;
}

/** One partner with an API key, one program, the roster's cohorts: plain SQL, no API. */
export async function seedCatalogue(
  url: string,
  spec: BenchCatalogueSpec = CATALOGUE_A,
): Promise<BenchCatalogue> {
  const { partner: who, program: prog, cohorts } = spec;
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the pending query instead
  await client.connect();
  try {
    await client.query('BEGIN');
    const partner = await client.query<{ id: string }>(
      `INSERT INTO partners (code, name, kind) VALUES ($1, $2, $3) RETURNING id`,
      [who.code, who.name, who.kind],
    );
    const partnerId = partner.rows[0].id;
    const key = generateApiKey();
    await client.query(
      `INSERT INTO partner_api_keys (partner_id, prefix, key_hash) VALUES ($1, $2, $3)`,
      [partnerId, key.prefix, key.hash],
    );
    const program = await client.query<{ id: string }>(
      `INSERT INTO programs (code, name, partner_id, target_trainees, tracks, starts_on, ends_on, status)
       VALUES ($1, $2, $3, $4, $5, '2025-01-01', '2026-12-31', 'active') RETURNING id`,
      [prog.code, prog.name, partnerId, prog.target, prog.tracks],
    );
    const programId = program.rows[0].id;
    for (const c of cohorts) {
      await client.query(
        `INSERT INTO cohorts (code, program_id, name, track, training_centre, city, province, mode,
                              starts_on, ends_on, capacity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'hybrid', '2025-01-01', '2026-12-31', 100000)`,
        [
          c.code,
          programId,
          `${c.city} ${c.track}`,
          c.track,
          `${c.city} Centre`,
          c.city,
          c.province,
        ],
      );
    }
    await client.query('COMMIT');
    return { partnerId, programId, apiKey: key.key };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Deletes every key under `prefix:`; returns how many. */
export async function deleteRedisPrefix(prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete an empty Redis prefix');
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Rows in the three tables every roster import writes (the same names in the lean schema). */
export async function tableCounts(
  url: string,
): Promise<{ trainees: number; enrollments: number; certifications: number }> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the pending query instead
  await client.connect();
  try {
    const res = await client.query<{
      trainees: number;
      enrollments: number;
      certifications: number;
    }>(
      `SELECT (SELECT count(*) FROM trainees)::int AS trainees,
              (SELECT count(*) FROM enrollments)::int AS enrollments,
              (SELECT count(*) FROM certifications)::int AS certifications`,
    );
    return res.rows[0];
  } finally {
    await client.end();
  }
}
