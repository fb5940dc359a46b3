// `npm run bench:import`: a 300,000-row roster through the real API and worker (built `dist/`),
// then the same file again (all unchanged), against a SQL-only baseline (COPY + set-based merge)
// on a second database with the same catalogue. Prints figures and targets; never asserts a
// figure (it exits non-zero only when the import's counts are wrong, i.e. the run is invalid).
//
// Env: BENCH_ROWS (300000), BENCH_SEED, IMPORT_BATCH_SIZE (passed to the worker),
// KEEP_BENCH_DB=true (keep both databases), BENCH_VERBOSE=true (children's logs),
// BENCH_DATABASE_URL, BENCH_REDIS_URL. Profiling: BENCH_PG_LOG=true (log every statement of the
// bench database and print where each import's database time went; reads BENCH_PG_LOG_FILE),
// BENCH_WORKER_CPU_PROF=true (worker --cpu-prof into bench/out/prof, summarized),
// BENCH_WORKER_NODE_ARGS (extra node flags for the worker, e.g. --max-old-space-size=160),
// MALLOC_ARENA_MAX (passed to both children), BENCH_PG_SETTINGS (e.g. random_page_cost=1.1: set
// with ALTER DATABASE on both databases, so the pipeline and the baseline plan alike).
import 'reflect-metadata';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { QUEUES } from '../src/core/queue/queue-names';
import {
  baseDatabaseUrl,
  createBenchDatabase,
  deleteRedisPrefix,
  dropBenchDatabase,
  redisUrl,
  seedCatalogue,
} from './lib/bench-databases';
import { newestProfile, summarizeCpuProfile } from './lib/cpu-profile-summary';
import { CpuMeter } from './lib/cpu-time';
import { httpOk, uploadFile, waitForImport, type ImportStatus } from './lib/import-client';
import { PG_LOG_FILE, PgStatementLog, type StatementTotal } from './lib/pg-statement-log';
import { generateRoster } from './lib/roster-generator';
import { runBaseline, type BaselineRun } from './lib/sql-baseline';
import {
  MemorySampler,
  ROOT,
  assertBuilt,
  freePort,
  startService,
  stopService,
  waitFor,
  type MemoryFigures,
  type Service,
} from './lib/system-under-test';

/** The node flags of package.json's `start:worker` (between `node` and the entry file). */
function startWorkerFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const parts = (pkg.scripts['start:worker'] ?? '').split(/\s+/).filter(Boolean);
  return parts.slice(1, -1).filter((p) => p.startsWith('--'));
}

const ROWS = Number(process.env.BENCH_ROWS ?? 300_000);
const SEED = Number(process.env.BENCH_SEED ?? 20_260_301);
const KEEP_DB = process.env.KEEP_BENCH_DB === 'true';
const OUT = join(ROOT, 'bench', 'out');
const TARGETS = { e2eRowsPerSecond: 25_000, ratio: 2, unchangedRatio: 2, workerRssMb: 300 };

interface E2eRun {
  label: string;
  status: ImportStatus;
  uploadSeconds: number;
  /** Upload start → first poll that saw `completed`: what the partner waits. */
  totalSeconds: number;
  /** Server-side: finishedAt − startedAt (the worker's processing). */
  processingSeconds: number | null;
  /** Server-side: startedAt − createdAt (storing the upload + queue wait). */
  queuedSeconds: number | null;
  memory: MemoryFigures;
  cpu: Record<string, number>;
  /** With BENCH_PG_LOG=true: database time per statement during the run. */
  statements?: StatementTotal[];
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const log = (line: string) => process.stdout.write(`${line}\n`);

function seconds(from: string | null, to: string | null): number | null {
  return from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
}

/** A client whose connection errors (e.g. the database dropped on Ctrl-C) reject its query. */
function benchClient(url: string): Client {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  return client;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = benchClient(url);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** `name=value,name=value` (planner experiments, e.g. random_page_cost=1.1), checked strictly. */
function parsePgSettings(spec: string | undefined): [string, string][] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((pair) => {
    const m = /^\s*([a-z_]+)\s*=\s*([A-Za-z0-9_.]+)\s*$/.exec(pair);
    if (!m)
      throw new Error(`BENCH_PG_SETTINGS: cannot read "${pair}" (name=value, comma-separated)`);
    return [m[1], m[2]];
  });
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const res = await client.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM trainees)::int AS trainees,
              (SELECT count(*) FROM enrollments)::int AS enrollments,
              (SELECT count(*) FROM certifications)::int AS certifications`,
    );
    return res.rows[0];
  });
}

async function serverVersion(): Promise<string> {
  const client = benchClient(baseDatabaseUrl());
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
  } finally {
    await client.end();
  }
}

/** Waits (bounded) for the progress recompute the import enqueued, so it does not overlap the next run. */
async function waitForProgressRecompute(
  url: string,
  programId: string,
  after: string,
  worker: Service,
): Promise<number | null> {
  const client = benchClient(url);
  await client.connect();
  const t0 = process.hrtime.bigint();
  try {
    const exists = await client.query<{ t: string | null }>(
      `SELECT to_regclass('progress_programs')::text AS t`,
    );
    if (!exists.rows[0].t) return null;
    for (;;) {
      const res = await client.query(
        `SELECT 1 FROM progress_programs WHERE program_id = $1 AND recomputed_at >= $2`,
        [programId, after],
      );
      if (res.rowCount) return since(t0);
      if (since(t0) > 180 || worker.child.exitCode !== null || worker.child.signalCode !== null) {
        return null;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.end();
  }
}

async function runImport(
  label: string,
  baseUrl: string,
  apiKey: string,
  csvPath: string,
  sampler: MemorySampler,
  cpu: CpuMeter,
  pgLog: PgStatementLog | null,
): Promise<E2eRun> {
  pgLog?.mark();
  sampler.takePhase();
  cpu.start();
  const t0 = process.hrtime.bigint();
  const queued = await uploadFile(baseUrl, apiKey, csvPath);
  const uploadSeconds = since(t0);
  log(`  ${label}: uploaded in ${uploadSeconds.toFixed(2)} s, import ${queued.id}`);
  let lastLog = Date.now();
  const status = await waitForImport(baseUrl, apiKey, queued.id, {
    everyMs: 100,
    onProgress: (s) => {
      if (Date.now() - lastLog < 5000) return;
      lastLog = Date.now();
      log(
        `    … ${s.status} ${fmt(s.processedRows)}/${fmt(s.totalRows ?? 0)} rows at ${since(t0).toFixed(1)} s`,
      );
    },
  });
  const totalSeconds = since(t0);
  return {
    label,
    status,
    uploadSeconds,
    totalSeconds,
    processingSeconds: seconds(status.startedAt, status.finishedAt),
    queuedSeconds: seconds(status.createdAt, status.startedAt),
    memory: sampler.takePhase(),
    cpu: cpu.stop(),
    statements: pgLog?.read(),
  };
}

function checkCounts(run: E2eRun, expected: Partial<ImportStatus>): string[] {
  const wrong: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const got = run.status[key as keyof ImportStatus];
    if (got !== value)
      wrong.push(`${run.label}: ${key} = ${String(got)}, expected ${String(value)}`);
  }
  return wrong;
}

function printRun(run: E2eRun): void {
  const s = run.status;
  log(
    `  ${run.label}: ${s.status} in ${run.totalSeconds.toFixed(2)} s ` +
      `(upload ${run.uploadSeconds.toFixed(2)} s, queued ${run.queuedSeconds?.toFixed(2) ?? '?'} s, ` +
      `worker ${run.processingSeconds?.toFixed(2) ?? '?'} s) → ${fmt(ROWS / run.totalSeconds)} rows/s`,
  );
  log(
    `    counts: total ${fmt(s.totalRows ?? 0)}, created ${fmt(s.created)}, updated ${fmt(s.updated)}, ` +
      `unchanged ${fmt(s.unchanged)}, rejected ${fmt(s.rejected)}, warnings ${fmt(s.warnings)}` +
      (s.failureReason ? `, failure: ${s.failureReason}` : ''),
  );
  log(
    `    worker peak RSS ${run.memory.peakRssMb.toFixed(0)} MB; CPU s: ` +
      Object.entries(run.cpu)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', '),
  );
  if (run.statements) {
    const total = run.statements.reduce((sum, t) => sum + t.totalMs, 0);
    log(
      `    database time by statement (log_min_duration_statement = 0): ${(total / 1000).toFixed(2)} s in all`,
    );
    for (const t of run.statements.slice(0, 18)) {
      log(
        `      ${(t.totalMs / 1000).toFixed(2).padStart(7)} s ${String(t.calls).padStart(6)}×  ${t.statement}`,
      );
    }
  }
}

function printBaseline(label: string, b: BaselineRun): void {
  log(
    `  ${label}: ${b.totalSeconds.toFixed(2)} s (COPY ${b.copySeconds.toFixed(2)} s + merge ${b.mergeSeconds.toFixed(2)} s) → ${fmt(ROWS / b.totalSeconds)} rows/s`,
  );
  log(
    `    staged ${fmt(b.stagedRows)}; trainees +${fmt(b.trainees.inserted)}/~${fmt(b.trainees.updated)}, ` +
      `enrollments +${fmt(b.enrollments.inserted)}/~${fmt(b.enrollments.updated)}, ` +
      `certifications +${fmt(b.certifications.inserted)}/~${fmt(b.certifications.updated)}; ` +
      Object.entries(b.statements)
        .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
        .join(', '),
  );
}

async function main(): Promise<void> {
  assertBuilt();
  mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const e2eDb = `sdt_bench_${stamp}`;
  const baseDb = `sdt_bench_${stamp}_sql`;
  const prefix = `sdt_bench_${stamp}`;
  const services: Service[] = [];
  const created: string[] = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const s of services) await stopService(s).catch(() => undefined);
    if (KEEP_DB) {
      log(`\nKEEP_BENCH_DB=true: kept ${created.join(', ')}`);
    } else {
      for (const db of created)
        await dropBenchDatabase(db).catch((e) => log(`drop ${db}: ${String(e)}`));
    }
    const keys = await deleteRedisPrefix(prefix).catch(() => -1);
    log(
      `cleaned up: ${services.length} processes stopped, ${KEEP_DB ? 0 : created.length} databases dropped, ${keys} Redis keys deleted`,
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let countsWrong: string[] = [];
  try {
    const batchSize = Number(process.env.IMPORT_BATCH_SIZE ?? 5000);
    log(`Import benchmark: ${fmt(ROWS)} rows, seed ${SEED}, batch size ${batchSize}`);
    log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, PostgreSQL ${await serverVersion()}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    // 1. Databases and catalogue.
    let t0 = process.hrtime.bigint();
    created.push(e2eDb);
    const e2eUrl = await createBenchDatabase(e2eDb);
    created.push(baseDb);
    const baseUrlDb = await createBenchDatabase(baseDb);
    const catalogue = await seedCatalogue(e2eUrl);
    let pgLog: PgStatementLog | null = null;
    if (process.env.BENCH_PG_LOG === 'true') {
      pgLog = new PgStatementLog(e2eDb);
      if (pgLog.available()) {
        await withClient(e2eUrl, (c) =>
          c.query(`ALTER DATABASE ${e2eDb} SET log_min_duration_statement = 0`),
        );
      } else {
        log(`BENCH_PG_LOG: cannot read ${PG_LOG_FILE}; statement profile skipped`);
        pgLog = null;
      }
    }
    const baseCatalogue = await seedCatalogue(baseUrlDb);
    const pgSettings = parsePgSettings(process.env.BENCH_PG_SETTINGS);
    for (const [name, value] of pgSettings) {
      for (const [db, url] of [
        [e2eDb, e2eUrl],
        [baseDb, baseUrlDb],
      ]) {
        await withClient(url, (c) => c.query(`ALTER DATABASE ${db} SET ${name} = '${value}'`));
      }
    }
    if (pgSettings.length > 0) {
      log(
        `BENCH_PG_SETTINGS on both databases: ${pgSettings.map(([k, v]) => `${k}=${v}`).join(', ')}`,
      );
    }
    log(
      `databases ${e2eDb} and ${baseDb} created, migrated and seeded in ${since(t0).toFixed(1)} s`,
    );

    // 2. The roster.
    t0 = process.hrtime.bigint();
    const csvPath = join(
      OUT,
      `roster-${ROWS >= 1000 && ROWS % 1000 === 0 ? `${ROWS / 1000}k` : ROWS}.csv`,
    );
    const roster = await generateRoster(csvPath, ROWS, SEED);
    log(
      `roster ${csvPath}: ${fmt(roster.rows)} rows, ${(roster.bytes / 1024 / 1024).toFixed(1)} MB ` +
        `(${fmt(roster.certifications)} with a certification), generated in ${since(t0).toFixed(1)} s`,
    );

    // 3. The real system.
    const port = await freePort();
    const profDir = join(OUT, 'prof');
    if (process.env.BENCH_WORKER_CPU_PROF === 'true')
      rmSync(profDir, { recursive: true, force: true });
    const workerArgs = [
      // The worker runs with the same node flags as `npm run start:worker`.
      ...startWorkerFlags(),
      ...(process.env.BENCH_WORKER_CPU_PROF === 'true'
        ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`]
        : []),
      ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: e2eUrl,
      REDIS_URL: redisUrl(),
      REDIS_PREFIX: prefix,
      JWT_SECRET: `bench-secret-${stamp}-0123456789`,
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      WORKERS_IN_API: 'false',
      MIGRATIONS_RUN: 'false',
      PORT: String(port),
      ...(process.env.IMPORT_BATCH_SIZE
        ? { IMPORT_BATCH_SIZE: process.env.IMPORT_BATCH_SIZE }
        : {}),
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    };
    const worker = startService('worker', 'main.worker.js', env, workerArgs);
    services.push(worker);
    const api = startService('api', 'main.api.js', env);
    services.push(api);
    const httpBase = `http://127.0.0.1:${port}`;
    t0 = process.hrtime.bigint();
    await waitFor('the api', () => httpOk(`${httpBase}/health/ready`), 60_000, api);
    const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUES.imports, { connection: redis, prefix: `${prefix}:bull` });
    try {
      await waitFor('the worker', async () => (await queue.getWorkersCount()) > 0, 60_000, worker);
    } finally {
      await queue.close();
      redis.disconnect();
    }
    const workerPid = worker.child.pid as number;
    const apiPid = api.child.pid as number;
    const sampler = new MemorySampler(workerPid, 100);
    const apiSampler = new MemorySampler(apiPid, 100);
    sampler.start();
    apiSampler.start();
    const idle = { worker: sampler.takePhase().peakRssMb, api: apiSampler.takePhase().peakRssMb };
    log(
      `api (pid ${apiPid}, :${port}) and worker (pid ${workerPid}) ready in ${since(t0).toFixed(1)} s; ` +
        `idle RSS: worker ${idle.worker.toFixed(0)} MB, api ${idle.api.toFixed(0)} MB`,
    );
    const cpu = new CpuMeter({ worker: workerPid, api: apiPid });

    log('\nEnd to end (upload → completed):');
    const first = await runImport(
      'first import',
      httpBase,
      catalogue.apiKey,
      csvPath,
      sampler,
      cpu,
      pgLog,
    );
    printRun(first);
    countsWrong = countsWrong.concat(
      checkCounts(first, {
        status: 'completed',
        totalRows: ROWS,
        created: ROWS,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        warnings: 0,
      }),
    );
    const settled = await waitForProgressRecompute(
      e2eUrl,
      catalogue.programId,
      first.status.finishedAt ?? new Date().toISOString(),
      worker,
    );
    if (settled !== null)
      log(
        `  (progress recompute enqueued by the import finished ${settled.toFixed(1)} s after it)`,
      );
    const second = await runImport(
      're-import',
      httpBase,
      catalogue.apiKey,
      csvPath,
      sampler,
      cpu,
      pgLog,
    );
    printRun(second);
    countsWrong = countsWrong.concat(
      checkCounts(second, {
        status: 'completed',
        totalRows: ROWS,
        created: 0,
        updated: 0,
        unchanged: ROWS,
        rejected: 0,
      }),
    );
    if (second.status.duplicateOf)
      log(`    duplicate notice: ${second.status.duplicateOf.message}`);
    const workerMemory = sampler.stop();
    const apiMemory = apiSampler.stop();
    log(
      `  worker memory: peak VmRSS ${workerMemory.peakRssMb.toFixed(0)} MB, VmHWM ${workerMemory.hwmMb.toFixed(0)} MB (${workerMemory.samples} samples every 100 ms); api peak VmRSS ${apiMemory.peakRssMb.toFixed(0)} MB`,
    );
    const e2eTables = await tableCounts(e2eUrl);
    for (const s of services) await stopService(s);
    const profile = workerArgs.includes('--cpu-prof') ? newestProfile(profDir) : null;
    if (profile) {
      const summary = summarizeCpuProfile(profile, ROOT);
      log(
        `  worker CPU profile ${profile}: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ` +
          `${(summary.idleMs / 1000).toFixed(1)} s idle (waiting on Postgres/Redis); self time by file:`,
      );
      for (const t of summary.byFile.slice(0, 12)) {
        log(`    ${(t.ms / 1000).toFixed(2).padStart(6)} s  ${t.name}`);
      }
      log('  by function:');
      for (const t of summary.byFunction.slice(0, 15)) {
        log(`    ${(t.ms / 1000).toFixed(2).padStart(6)} s  ${t.name}`);
      }
    }

    // 5. SQL-only baseline on the second database (services stopped: nothing else competes).
    log('\nSQL-only baseline (COPY into unlogged staging + set-based merge, one transaction):');
    const base1 = await runBaseline(baseUrlDb, csvPath, baseCatalogue.partnerId);
    printBaseline('first load', base1);
    const base2 = await runBaseline(baseUrlDb, csvPath, baseCatalogue.partnerId);
    printBaseline('unchanged reload', base2);
    const baseTables = await tableCounts(baseUrlDb);
    log(
      `  rows stored — pipeline: ${JSON.stringify(e2eTables)}; baseline: ${JSON.stringify(baseTables)}`,
    );

    // 6. The table.
    const e2eRate = ROWS / first.totalSeconds;
    const ratio = first.totalSeconds / base1.totalSeconds;
    const unchangedRatio = second.totalSeconds / base2.totalSeconds;
    const peakRss = Math.max(workerMemory.peakRssMb, workerMemory.hwmMb);
    const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
    const table: [string, string, string, string][] = [
      [
        'end to end (first import)',
        `${fmt(e2eRate)} rows/s, ${first.totalSeconds.toFixed(2)} s`,
        `≥ ${fmt(TARGETS.e2eRowsPerSecond)} rows/s`,
        verdict(e2eRate >= TARGETS.e2eRowsPerSecond),
      ],
      [
        'SQL baseline (first load)',
        `${fmt(ROWS / base1.totalSeconds)} rows/s, ${base1.totalSeconds.toFixed(2)} s`,
        '',
        '',
      ],
      [
        'ratio e2e / baseline',
        `${ratio.toFixed(2)}×`,
        `≤ ${TARGETS.ratio}×`,
        verdict(ratio <= TARGETS.ratio),
      ],
      [
        'unchanged re-import',
        `${fmt(ROWS / second.totalSeconds)} rows/s, ${second.totalSeconds.toFixed(2)} s`,
        '',
        '',
      ],
      [
        'SQL baseline (unchanged)',
        `${fmt(ROWS / base2.totalSeconds)} rows/s, ${base2.totalSeconds.toFixed(2)} s`,
        '',
        '',
      ],
      [
        'ratio unchanged / baseline',
        `${unchangedRatio.toFixed(2)}×`,
        `≤ ${TARGETS.unchangedRatio}×`,
        verdict(unchangedRatio <= TARGETS.unchangedRatio),
      ],
      [
        'worker peak RSS',
        `${peakRss.toFixed(0)} MB`,
        `≤ ${TARGETS.workerRssMb} MB`,
        verdict(peakRss <= TARGETS.workerRssMb),
      ],
    ];
    const widths = [0, 1, 2, 3].map((i) =>
      Math.max(...table.map((r) => r[i].length), ['figure', 'measured', 'target', ''][i].length),
    );
    const row = (cells: string[]) =>
      `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
    log('\nSummary');
    log(row(['figure', 'measured', 'target', '']));
    log(row(widths.map((w) => '-'.repeat(w))));
    for (const r of table) log(row(r));

    const report = {
      at: new Date().toISOString(),
      rows: ROWS,
      seed: SEED,
      batchSize,
      csv: { path: csvPath, bytes: roster.bytes, certifications: roster.certifications },
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        postgres: await serverVersion(),
      },
      targets: TARGETS,
      e2e: { first, second, idleRssMb: idle, workerMemory, apiMemory, tables: e2eTables },
      baseline: { first: base1, unchanged: base2, tables: baseTables },
      figures: {
        e2eRowsPerSecond: e2eRate,
        e2eSeconds: first.totalSeconds,
        baselineRowsPerSecond: ROWS / base1.totalSeconds,
        baselineSeconds: base1.totalSeconds,
        ratio,
        unchangedSeconds: second.totalSeconds,
        unchangedBaselineSeconds: base2.totalSeconds,
        unchangedRatio,
        workerPeakRssMb: peakRss,
      },
      pgSettings: Object.fromEntries(pgSettings),
      workerNodeArgs: workerArgs,
      countsWrong,
    };
    const jsonPath = join(OUT, 'import-bench.json');
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    log(
      `\nfigures written to ${jsonPath}; load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (countsWrong.length > 0) {
      log(
        `\nTHE RUN IS INVALID, counts differ from what the roster must give:\n  ${countsWrong.join('\n  ')}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:import failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
