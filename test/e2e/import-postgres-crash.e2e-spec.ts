// Postgres itself crashes in the middle of an import: an immediate shutdown (SIGQUIT to the
// postmaster: no checkpoint, the WAL replayed on restart), the way an out-of-memory kill or a
// power cut ends the server. Each batch commits with synchronous_commit = off, so the last
// batches the api already showed as processed may be gone after the restart; the worker, which
// lives on, must resume from what is durable and end with exactly the roster's rows and counts.
// The server is an embedded one of this test's own (the shared one is never crashed), its WAL
// writer slowed and its WAL buffers large, so that as little as possible is on disk at the crash.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations } from '../../src/core/database/migrate';
import type { EmbeddedPostgresOptions } from '../../src/core/local-services/embedded-postgres';
import { createPartner, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { buildRoster, crashTestWorkerEnv, expectExactlyApplied } from '../helpers/durability';
import { uploadCsv, waitForImport, type ImportView } from '../helpers/imports';
import { ensureBuilt, freePort, killHard, ROOT, start, WORKER } from '../helpers/processes';
import { createTestApp, type TestApp } from '../helpers/test-app';

interface Server {
  url: string;
  /** The postmaster's. */
  pid: number;
  /** The node process that started it (and stops it on SIGTERM). */
  keeper: ChildProcess;
}

// The embedded-postgres library is an ES module, which Jest's module system cannot load: a
// child node process starts the server with the built app's own code and says where it is.
const KEEPER = `
  const { startEmbeddedPostgres } = require('./dist/core/local-services/embedded-postgres');
  startEmbeddedPostgres(JSON.parse(process.argv[1])).then(
    (pg) => {
      process.stdout.write(JSON.stringify({ url: pg.url, pid: pg.pid }) + '\\n');
      process.on('SIGTERM', () => pg.stop().finally(() => process.exit(0)));
    },
    (err) => {
      process.stderr.write(String(err));
      process.exit(1);
    },
  );`;

function startPostgres(options: EmbeddedPostgresOptions): Promise<Server> {
  const keeper = spawn(process.execPath, ['-e', KEEPER, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    keeper.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    keeper.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('\n')) resolve({ ...(JSON.parse(out) as Omit<Server, 'keeper'>), keeper });
    });
    keeper.once('close', (code) => reject(new Error(`postgres keeper exited ${code}: ${err}`)));
  });
}

async function stopPostgres(server: Server): Promise<void> {
  if (server.keeper.exitCode !== null || server.keeper.signalCode !== null) return;
  const gone = new Promise((r) => server.keeper.once('close', r));
  server.keeper.kill('SIGTERM');
  await gone;
}

const PASSWORD = 'crash-test-password';
const SETTINGS = { wal_writer_delay: '10s', wal_writer_flush_after: '1GB', wal_buffers: '64MB' };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an import while Postgres crashes', () => {
  let folder: string;
  let port: number;
  let server: Server;
  let t: TestApp;
  let db: DataSource;
  let partner: TestPartner;
  let cohorts: string[];
  let worker: ChildProcess | undefined;
  const prefix = `${process.env.REDIS_PREFIX}_pgcrash`;

  const startServer = () =>
    startPostgres({
      dataDir: join(folder, 'data'),
      password: PASSWORD,
      persistent: true,
      port,
      settings: SETTINGS,
    });

  beforeAll(async () => {
    ensureBuilt();
    folder = mkdtempSync(join(tmpdir(), 'sdt-crash-pg-'));
    port = await freePort();
    server = await startServer();
    await runMigrations(server.url);
    t = await createTestApp({
      withWorkers: false,
      env: { DATABASE_URL: server.url, REDIS_PREFIX: prefix },
    });
    db = t.app.get(DataSource);
    partner = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    cohorts = [];
    for (const province of ['PB', 'SD']) {
      cohorts.push((await createCohort(t, { programCode: program.code, province })).code);
    }
  }, 180_000);

  afterAll(async () => {
    if (worker) await killHard(worker);
    await t?.close();
    if (server) await stopPostgres(server);
    rmSync(folder, { recursive: true, force: true });
  });

  it('a Postgres crash mid-import loses at most whole batches, which the living worker does again: exact counts and rows', async () => {
    const roster = buildRoster(20_000, cohorts, 'pg crash');
    worker = start(
      crashTestWorkerEnv({ DATABASE_URL: server.url, REDIS_PREFIX: prefix }),
      WORKER,
    ).child;
    const res = await uploadCsv(t, partner.apiKey, roster.csv);
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const status = async (): Promise<ImportView> => {
      const s = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
      if (s.status !== 200) throw new Error(`import status ${s.status}`);
      return s.body as ImportView;
    };

    // Crash once some batches have committed, well before the end.
    const shown = await until('batches committed', 60_000, async () => {
      const s = await status();
      if (s.status === 'completed') throw new Error('finished before the crash: use more rows');
      return s.processedRows >= 3000 ? s.processedRows : undefined;
    });
    const postmaster = server.pid;
    process.kill(postmaster, 'SIGQUIT');
    await until('postgres gone', 20_000, async () => (alive(postmaster) ? undefined : true));
    await stopPostgres(server); // the keeper only: the data stays (persistent)
    server = await startServer();

    // What survived the crash: whole batches only, never more than was shown before it.
    const durable = await until('postgres answers', 30_000, async () => {
      const client = new Client({ connectionString: server.url });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const r = await client.query<{ processed: number; created: number }>(
          `SELECT processed_rows AS processed, created FROM imports WHERE id = $1`,
          [id],
        );
        return r.rows[0];
      } finally {
        await client.end();
      }
    });
    expect(durable.processed).toBeLessThanOrEqual(20_000);
    process.stdout.write(
      `postgres crash: ${shown} rows shown processed before it, ${durable.processed} durable after it\n`,
    );

    const done = await until('the api answers again', 30_000, async () => {
      await status();
      return waitForImport(t, partner.apiKey, id, 120_000);
    });
    await expectExactlyApplied(t, db, done, roster, partner.apiKey);
    expect(worker.exitCode).toBeNull();
  }, 240_000);
});
