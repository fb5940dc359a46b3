// `npm start` on a laptop without Docker or any set-up: with no DATABASE_URL (and NODE_ENV not
// production) start an embedded PostgreSQL whose data stays in ./.data/pg, use the Redis on
// 127.0.0.1:6379 or start a redis-server, migrate and seed on the first start, and print where
// to go and how to log in. Secrets generated for this machine are kept in ./.data/local.json
// (git-ignored). Production never comes here: there a missing DATABASE_URL is an error.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { localServicesWanted } from '../config/app-config';
import type { Env } from '../config/env-readers';
import { StartupError } from '../process/run-process';
import { startEmbeddedPostgres } from './embedded-postgres';
import { type LocalService, startLocalRedis } from './local-redis';
import { redisAnswers } from './probes';

const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

interface LocalState {
  pgPassword: string;
  jwtSecret: string;
  seeded: boolean;
  demoApiKey: string | null;
}

export interface LocalMode {
  dataDir: string;
  databaseUrl: string;
  state: LocalState;
  save(): void;
  stop(): Promise<void>;
}

function loadState(path: string): LocalState {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as LocalState;
  return {
    pgPassword: randomBytes(16).toString('hex'),
    jwtSecret: randomBytes(32).toString('hex'),
    seeded: false,
    demoApiKey: null,
  };
}

/**
 * The Redis key prefix of a local instance: from its data folder, so two checkouts on one
 * machine sharing the Redis on 6379 never take each other's jobs (REDIS_PREFIX set wins).
 */
export function localRedisPrefix(dataDir: string): string {
  return `sdt_local_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 10)}`;
}

export async function startLocalServicesIfWanted(
  env: Env = process.env,
): Promise<LocalMode | null> {
  if (!localServicesWanted(env)) return null;
  const logger = new Logger('LocalServices');
  const root = resolve(process.cwd(), '.data');
  mkdirSync(root, { recursive: true });
  const statePath = join(root, 'local.json');
  const state = loadState(statePath);
  const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2), { mode: 0o600 });
  save();

  const dataDir = join(root, 'pg');
  const shown = `./${relative(process.cwd(), dataDir)}`;
  logger.log(`DATABASE_URL not set: starting an embedded PostgreSQL, data in ${shown}`);
  const pg = await startEmbeddedPostgres({
    dataDir,
    password: state.pgPassword,
    persistent: true,
  }).catch((err: unknown) => {
    throw new StartupError(
      `embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  const started: (LocalService & { name: string })[] = [{ ...pg, name: 'embedded PostgreSQL' }];
  const databaseUrl = pg.url.replace(/\/postgres$/, '/sdt');
  env.DATABASE_URL = databaseUrl;
  env.JWT_SECRET ??= state.jwtSecret;
  env.REDIS_PREFIX = env.REDIS_PREFIX?.trim() || localRedisPrefix(dataDir);

  if (!env.REDIS_URL?.trim()) {
    if (await redisAnswers(DEFAULT_REDIS)) {
      env.REDIS_URL = DEFAULT_REDIS;
    } else {
      const redis = await startLocalRedis().catch(async (err: unknown) => {
        await pg.stop();
        throw new StartupError(err instanceof Error ? err.message : String(err));
      });
      started.push({ ...redis, name: 'redis-server' });
      env.REDIS_URL = redis.url;
      logger.log(`REDIS_URL not set: started redis-server on ${new URL(redis.url).host}`);
    }
  }
  return {
    dataDir: shown,
    databaseUrl,
    state,
    save,
    // Last of the shutdown, once the app has closed its connections (core/process).
    stop: async () => {
      for (const service of started.reverse()) {
        await service.stop();
        new Logger('Shutdown').log({
          event: 'shutdown.step',
          step: service.name,
          msg: `${service.name} stopped`,
        });
      }
    },
  };
}
