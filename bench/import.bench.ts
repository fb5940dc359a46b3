// `npm run bench:import`: a 300,000-row roster through the real API and worker (built `dist/`),
// then the same file again (all unchanged); then a second partner's roster of 200,000 rows, half
// of them people the first partner already has (each with the second partner's spelling of the
// name, so every shared row is an identity conflict), and that file again. Each figure stands
// beside two SQL-only baselines of the same scenario (COPY + set-based merge, the same statements):
// "heavy" on a second database with our schema and catalogue, "lean" on a third with a schema built
// only for this load (bench/lib/lean-baseline.ts: bigint keys, one unique index per natural key).
// Each import prints its batch times (min, median, max), so one slow batch shows even when the
// total looks tolerable. Then (BENCH_TWO_WORKERS, on by default) two partners' rosters of
// BENCH_ROWS each (a third of B's people A's, by default), imported one after the other and then
// at once with two worker processes, each on a fresh database: both wall times, every stored row
// counted, lock waits, deadlocks and MultiXact growth. The server's settings are printed first.
// Prints figures and targets; never asserts a figure (it exits non-zero only when counts are
// wrong, i.e. the run is invalid).
//
// Env: BENCH_ROWS (300000), BENCH_SEED, IMPORT_BATCH_SIZE (passed to the worker),
// BENCH_TWO_WORKERS=false (skip the two-worker phase), BENCH_TWO_WORKERS_SHARE_EVERY (3: every
// third row of the two-worker B roster is one of A's people; 0: distinct people, no contention),
// KEEP_BENCH_DB=true (keep the databases), BENCH_VERBOSE=true (children's logs),
// BENCH_DATABASE_URL, BENCH_REDIS_URL. Profiling: BENCH_PG_LOG=true (log every statement of the
// bench database and print where each import's database time went; reads BENCH_PG_LOG_FILE),
// BENCH_WORKER_CPU_PROF=true (worker --cpu-prof into bench/out/prof, summarized),
// BENCH_WORKER_NODE_ARGS (extra node flags for the worker, e.g. --max-old-space-size=160),
// MALLOC_ARENA_MAX (passed to both children), BENCH_PG_SETTINGS (e.g. random_page_cost=1.1: set
// with ALTER DATABASE on every bench database, so the pipeline and the baselines plan alike).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  CATALOGUE_A,
  CATALOGUE_B,
  baseDatabaseUrl,
  createBenchDatabase,
  deleteRedisPrefix,
  dropBenchDatabase,
  redisUrl,
  seedCatalogue,
  tableCounts,
} from './lib/bench-databases';
import { newestProfile, summarizeCpuProfile } from './lib/cpu-profile-summary';
import { CpuMeter } from './lib/cpu-time';
import {
  checkCounts,
  printBaseline,
  printRun,
  rowsOf,
  runImport,
  type E2eRun,
} from './lib/e2e-run';
import { createLeanSchema, seedLeanCatalogue } from './lib/lean-baseline';
import { benchClient, withClient } from './lib/pg-client';
import { serverSettings } from './lib/pg-server-settings';
import { PG_LOG_FILE, PgStatementLog } from './lib/pg-statement-log';
import { waitForProgressQueueIdle, waitForProgressRecompute } from './lib/progress-settle';
import {
  generateOverlappingRoster,
  generateRoster,
  generateSharedRoster,
} from './lib/roster-generator';
import { runBaseline, type BaselineRun } from './lib/sql-baseline';
import { startSystem } from './lib/start-system';
import { renderTable } from './lib/summary-table';
import {
  MemorySampler,
  ROOT,
  assertBuilt,
  stopService,
  type Service,
} from './lib/system-under-test';
import { runTwoWorkerPhase, type TwoWorkerResult } from './lib/two-worker-phase';

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
const TWO_WORKERS = process.env.BENCH_TWO_WORKERS !== 'false';
const SHARE_EVERY = Number(process.env.BENCH_TWO_WORKERS_SHARE_EVERY ?? 3);
if (!Number.isInteger(SHARE_EVERY) || SHARE_EVERY < 0) {
  throw new Error('BENCH_TWO_WORKERS_SHARE_EVERY: a whole number ≥ 0 (0: no shared people)');
}
const OUT = join(ROOT, 'bench', 'out');
const TARGETS = {
  e2eRowsPerSecond: 25_000,
  /** End to end / the lean baseline (issue 20); the heavy ratio is printed without a target. */
  leanRatio: 2,
  leanUnchangedRatio: 2,
  workerRssMb: 300,
  figuresFreshSeconds: 5,
};
/** Partner B's roster: a third of ROWS new people, a third of ROWS partner A's. */
const B_NEW = Math.round(ROWS / 3);
const B_SHARED = Math.round(ROWS / 3);
const B_ROWS = B_NEW + B_SHARED;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const log = (line: string) => process.stdout.write(`${line}\n`);

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

interface NationalFigures {
  unique: number;
  summed: number;
  shared: number;
}

/**
 * Seconds from the import's finishedAt until the ministry's national figures (the tables
 * `GET /reports/national` reads) show `expected`, or null if they never do within 60 s.
 */
async function figuresFreshAfter(
  url: string,
  finishedAt: string,
  expected: NationalFigures,
): Promise<{ seconds: number | null; last: NationalFigures | null }> {
  const client = benchClient(url);
  await client.connect();
  let last: NationalFigures | null = null;
  try {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await client.query<NationalFigures>(
        `SELECT (SELECT enrolled FROM progress_national)::int AS unique,
                (SELECT coalesce(sum(enrolled), 0) FROM progress_partner_cells
                 WHERE dimension = 'total')::int AS summed,
                (SELECT shared_trainees FROM progress_national)::int AS shared`,
      );
      last = res.rows[0];
      if (
        last.unique === expected.unique &&
        last.summed === expected.summed &&
        last.shared === expected.shared
      ) {
        return { seconds: (Date.now() - Date.parse(finishedAt)) / 1000, last };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { seconds: null, last };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  assertBuilt();
  mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const e2eDb = `sdt_bench_${stamp}`;
  const baseDb = `sdt_bench_${stamp}_sql`;
  const leanDb = `sdt_bench_${stamp}_lean`;
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
    const batchSize = Number(process.env.IMPORT_BATCH_SIZE ?? 10000);
    log(`Import benchmark: ${fmt(ROWS)} rows, seed ${SEED}, batch size ${batchSize}`);
    log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, PostgreSQL ${await serverVersion()}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const settings = await serverSettings(baseDatabaseUrl());
    log(
      `server settings: ${Object.entries(settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
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
    const catalogueB = await seedCatalogue(e2eUrl, CATALOGUE_B);
    const baseCatalogueB = await seedCatalogue(baseUrlDb, CATALOGUE_B);
    created.push(leanDb);
    const leanUrl = await createBenchDatabase(leanDb, { migrate: false });
    await createLeanSchema(leanUrl);
    const leanPartnerA = await seedLeanCatalogue(leanUrl, CATALOGUE_A);
    const leanPartnerB = await seedLeanCatalogue(leanUrl, CATALOGUE_B);
    const pgSettings = parsePgSettings(process.env.BENCH_PG_SETTINGS);
    const applyPgSettings = async (db: string, url: string) => {
      for (const [name, value] of pgSettings) {
        await withClient(url, (c) => c.query(`ALTER DATABASE ${db} SET ${name} = '${value}'`));
      }
    };
    for (const [db, url] of [
      [e2eDb, e2eUrl],
      [baseDb, baseUrlDb],
      [leanDb, leanUrl],
    ]) {
      await applyPgSettings(db, url);
    }
    if (pgSettings.length > 0) {
      log(
        `BENCH_PG_SETTINGS on every bench database: ${pgSettings.map(([k, v]) => `${k}=${v}`).join(', ')}`,
      );
    }
    log(
      `databases ${e2eDb}, ${baseDb} (both migrated) and ${leanDb} (lean schema) created and ` +
        `seeded in ${since(t0).toFixed(1)} s`,
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
    t0 = process.hrtime.bigint();
    const csvPathB = join(OUT, `roster-b-${B_ROWS}.csv`);
    const rosterB = await generateSharedRoster(csvPathB, {
      firstSeed: SEED,
      firstRows: ROWS,
      newRows: B_NEW,
      sharedRows: B_SHARED,
      seed: SEED + 1,
    });
    log(
      `second partner's roster ${csvPathB}: ${fmt(rosterB.rows)} rows (${fmt(B_NEW)} new people, ` +
        `then ${fmt(B_SHARED)} of the first roster's with another spelling of the name), ` +
        `${(rosterB.bytes / 1024 / 1024).toFixed(1)} MB, generated in ${since(t0).toFixed(1)} s`,
    );
    // The two-worker phase's partner B: as many rows as A, every SHARE_EVERY-th row one of A's
    // people at the same place in the file (see generateOverlappingRoster), the rest new people.
    const csvPathOverlap = join(OUT, `roster-b-overlap-${ROWS}.csv`);
    const rosterOverlap = TWO_WORKERS
      ? await generateOverlappingRoster(csvPathOverlap, {
          firstSeed: SEED,
          firstRows: ROWS,
          rows: ROWS,
          shareEvery: SHARE_EVERY,
          seed: SEED + 2,
        })
      : null;
    if (rosterOverlap) {
      log(
        `two-worker partner B's roster ${csvPathOverlap}: ${fmt(rosterOverlap.rows)} rows, ` +
          `${fmt(rosterOverlap.shared)} of them the first roster's people in the same places ` +
          `(BENCH_TWO_WORKERS_SHARE_EVERY=${SHARE_EVERY})`,
      );
    }

    // 3. The real system.
    const profDir = join(OUT, 'prof');
    if (process.env.BENCH_WORKER_CPU_PROF === 'true')
      rmSync(profDir, { recursive: true, force: true });
    const nodeWorkerArgs = [
      // The worker runs with the same node flags as `npm run start:worker`.
      ...startWorkerFlags(),
      ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ];
    const workerArgs = [
      ...nodeWorkerArgs,
      ...(process.env.BENCH_WORKER_CPU_PROF === 'true'
        ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`]
        : []),
    ];
    const webhookKey = randomBytes(32).toString('hex');
    const envFor = (databaseUrl: string, redisPrefix: string, port: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl(),
      REDIS_PREFIX: redisPrefix,
      JWT_SECRET: `bench-secret-${stamp}-0123456789`,
      WEBHOOK_SECRET_KEY: webhookKey,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      WORKERS_IN_API: 'false',
      MIGRATIONS_RUN: 'false',
      PORT: String(port),
      ...(process.env.IMPORT_BATCH_SIZE
        ? { IMPORT_BATCH_SIZE: process.env.IMPORT_BATCH_SIZE }
        : {}),
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    });
    t0 = process.hrtime.bigint();
    const system = await startSystem({
      env: (port) => envFor(e2eUrl, prefix, port),
      workers: 1,
      workerArgs,
      services,
    });
    const { api, httpBase, port } = system;
    const worker = system.workers[0];
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
    // Each scenario starts on a quiet system: the previous import's recomputes (program,
    // national, data quality) have run, so they are not timed as part of the next import.
    const quiet = async () => {
      const idle = await waitForProgressQueueIdle(redisUrl(), prefix);
      log(
        idle === null
          ? '  (progress queue still busy after 180 s; the next import starts anyway)'
          : `  (the worker's recomputes were done ${idle.toFixed(1)} s later)`,
      );
    };
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
    await quiet();
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

    log(
      `\nSecond partner (${B_SHARED.toLocaleString('en-US')} of its rows are the first partner's trainees):`,
    );
    await quiet();
    const thirdB = await runImport(
      'B first import',
      httpBase,
      catalogueB.apiKey,
      csvPathB,
      sampler,
      cpu,
      pgLog,
    );
    printRun(thirdB);
    countsWrong = countsWrong.concat(
      checkCounts(thirdB, {
        status: 'completed',
        totalRows: B_ROWS,
        created: B_ROWS,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        warnings: B_SHARED,
      }),
    );
    const expectedNational = { unique: ROWS + B_NEW, summed: ROWS + B_ROWS, shared: B_SHARED };
    const fresh = await figuresFreshAfter(
      e2eUrl,
      thirdB.status.finishedAt ?? new Date().toISOString(),
      expectedNational,
    );
    log(
      fresh.seconds === null
        ? `  national figures NOT fresh within 60 s: ${JSON.stringify(fresh.last)}, expected ${JSON.stringify(expectedNational)}`
        : `  national figures (unique ${fmt(expectedNational.unique)}, summed ${fmt(expectedNational.summed)}, shared ${fmt(expectedNational.shared)}) fresh ${fresh.seconds.toFixed(1)} s after the import finished`,
    );
    if (fresh.seconds === null) countsWrong.push('national figures never matched');
    await quiet();
    const fourthB = await runImport(
      'B re-import',
      httpBase,
      catalogueB.apiKey,
      csvPathB,
      sampler,
      cpu,
      pgLog,
    );
    printRun(fourthB);
    countsWrong = countsWrong.concat(
      checkCounts(fourthB, {
        status: 'completed',
        totalRows: B_ROWS,
        created: 0,
        updated: 0,
        unchanged: B_ROWS,
        rejected: 0,
      }),
    );
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

    // 5. SQL-only baselines (services stopped: nothing else competes), heavy then lean.
    const baselines = async (label: string, url: string, partnerA: string, partnerB: string) => {
      log(
        `\nSQL-only baseline, ${label} (COPY into unlogged staging + set-based merge, one transaction):`,
      );
      const runs = {
        first: await runBaseline(url, csvPath, partnerA),
        unchanged: await runBaseline(url, csvPath, partnerA),
        bFirst: await runBaseline(url, csvPathB, partnerB),
        bUnchanged: await runBaseline(url, csvPathB, partnerB),
      };
      printBaseline('first load', runs.first);
      printBaseline('unchanged reload', runs.unchanged);
      printBaseline('B first load', runs.bFirst);
      printBaseline('B unchanged reload', runs.bUnchanged);
      return { ...runs, tables: await tableCounts(url) };
    };
    const heavy = await baselines(
      'heavy (our schema)',
      baseUrlDb,
      baseCatalogue.partnerId,
      baseCatalogueB.partnerId,
    );
    const lean = await baselines('lean (lean-baseline.ts)', leanUrl, leanPartnerA, leanPartnerB);
    log(
      `  rows stored — pipeline: ${JSON.stringify(e2eTables)}; heavy: ${JSON.stringify(heavy.tables)}; ` +
        `lean: ${JSON.stringify(lean.tables)}`,
    );
    // The baselines are only a yardstick when they stored what the pipeline stored.
    for (const [name, tables] of [
      ['heavy', heavy.tables],
      ['lean', lean.tables],
    ] as const) {
      if (JSON.stringify(tables) !== JSON.stringify(e2eTables)) {
        countsWrong.push(
          `${name} baseline stored ${JSON.stringify(tables)}, the pipeline ${JSON.stringify(e2eTables)}`,
        );
      }
    }

    // 6. Two workers, on fresh databases (the figures above are all in by now).
    let twoWorkers: TwoWorkerResult | null = null;
    if (rosterOverlap) {
      log(
        `\nTwo workers: A's and B's rosters (${fmt(ROWS)} rows each, ${fmt(rosterOverlap.shared)} people ` +
          `shared) one after the other, then at once; each on a fresh database, two workers running:`,
      );
      twoWorkers = await runTwoWorkerPhase({
        rows: ROWS,
        rosters: { a: csvPath, b: csvPathOverlap },
        expected: {
          trainees: 2 * ROWS - rosterOverlap.shared,
          enrollments: 2 * ROWS,
          certifications: roster.certifications + rosterOverlap.certifications,
          warnings: rosterOverlap.shared,
        },
        freshDatabase: async (label) => {
          const name = `sdt_bench_${stamp}_${label}`;
          created.push(name);
          const url = await createBenchDatabase(name);
          await applyPgSettings(name, url);
          return {
            name,
            url,
            a: await seedCatalogue(url, CATALOGUE_A),
            b: await seedCatalogue(url, CATALOGUE_B),
          };
        },
        env: envFor,
        redisPrefix: prefix,
        // Without --cpu-prof: the profile printed above is the single worker's.
        workerArgs: nodeWorkerArgs,
        services,
        serverUrl: baseDatabaseUrl(),
        log,
      });
      countsWrong = countsWrong.concat(twoWorkers.countsWrong);
    }

    // 7. The table: each end-to-end figure beside both baselines.
    const e2eRate = ROWS / first.totalSeconds;
    const peakRss = Math.max(workerMemory.peakRssMb, workerMemory.hwmMb);
    const rateB = B_ROWS / thirdB.totalSeconds;
    const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
    const against = (run: E2eRun, b: BaselineRun) =>
      `${(run.totalSeconds / b.totalSeconds).toFixed(2)}× (${b.totalSeconds.toFixed(2)} s)`;
    type Scenario = 'first' | 'unchanged' | 'bFirst' | 'bUnchanged';
    const compared = (name: string, run: E2eRun, key: Scenario, target: number) => {
      const h = heavy[key];
      const l = lean[key];
      const ratio = run.totalSeconds / l.totalSeconds;
      return {
        ratio,
        row: [
          name,
          `${fmt(rowsOf(run) / run.totalSeconds)} rows/s, ${run.totalSeconds.toFixed(2)} s`,
          against(run, h),
          against(run, l),
          `≤ ${target}× lean`,
          verdict(ratio <= target),
        ],
      };
    };
    const firstRow = compared('first import', first, 'first', TARGETS.leanRatio);
    const unchangedRow = compared(
      'unchanged re-import',
      second,
      'unchanged',
      TARGETS.leanUnchangedRatio,
    );
    const bRow = compared('B first import (shared half)', thirdB, 'bFirst', TARGETS.leanRatio);
    const bUnchangedRow = compared(
      'B unchanged re-import',
      fourthB,
      'bUnchanged',
      TARGETS.leanUnchangedRatio,
    );
    const table: string[][] = [
      firstRow.row,
      [
        '',
        '',
        '',
        '',
        `≥ ${fmt(TARGETS.e2eRowsPerSecond)} rows/s`,
        verdict(e2eRate >= TARGETS.e2eRowsPerSecond),
      ],
      unchangedRow.row,
      bRow.row,
      ['', '', '', '', `≥ A's ${fmt(e2eRate)} rows/s`, verdict(rateB >= e2eRate)],
      bUnchangedRow.row,
      [
        'national figures fresh after B',
        fresh.seconds === null ? 'never (60 s)' : `${fresh.seconds.toFixed(1)} s`,
        '',
        '',
        `≤ ${TARGETS.figuresFreshSeconds} s`,
        verdict(fresh.seconds !== null && fresh.seconds <= TARGETS.figuresFreshSeconds),
      ],
      [
        'worker peak RSS',
        `${peakRss.toFixed(0)} MB`,
        '',
        '',
        `≤ ${TARGETS.workerRssMb} MB`,
        verdict(peakRss <= TARGETS.workerRssMb),
      ],
    ];
    if (twoWorkers) {
      const { sequential: seq, parallel: par } = twoWorkers;
      const contention = par.contention;
      table.push(
        [
          'two workers: A then B',
          `${fmt((2 * ROWS) / seq.seconds)} rows/s, ${seq.seconds.toFixed(2)} s`,
        ],
        [
          'two workers: A and B at once',
          `${fmt((2 * ROWS) / par.seconds)} rows/s, ${par.seconds.toFixed(2)} s`,
        ],
        [
          'sequential / parallel',
          `${twoWorkers.ratio.toFixed(2)}×`,
          '',
          '',
          '> 1× (a second worker pays)',
          // With both imports in one worker (its job concurrency above 1) the figure is not two
          // workers' at all: say so where the figure is read.
          par.imports[0].worker === par.imports[1].worker && par.imports[0].worker !== '?'
            ? `one worker took both (${par.imports[0].worker})`
            : twoWorkers.ratio > 1
              ? 'pays'
              : 'does not pay',
        ],
        [
          'at once: locks',
          `${par.lockWaits.samplesWaiting}/${par.lockWaits.samples} samples waiting, ` +
            `${contention.deadlocks} deadlocks, ${fmt(contention.multixactAge)} MultiXacts`,
          '',
          '',
          'counts exact',
          twoWorkers.countsWrong.length === 0 ? 'yes' : 'NO',
        ],
      );
    }
    log('\nSummary (heavy = SQL baseline on our schema, lean = on the lean schema)');
    for (const line of renderTable(
      ['figure', 'measured', 'vs heavy', 'vs lean', 'target', ''],
      table,
    )) {
      log(line);
    }

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
      e2e: {
        first,
        second,
        secondPartner: { first: thirdB, unchanged: fourthB, figuresFreshSeconds: fresh.seconds },
        idleRssMb: idle,
        workerMemory,
        apiMemory,
        tables: e2eTables,
      },
      baselines: { heavy, lean },
      twoWorkers,
      figures: {
        e2eRowsPerSecond: e2eRate,
        e2eSeconds: first.totalSeconds,
        heavySeconds: heavy.first.totalSeconds,
        leanSeconds: lean.first.totalSeconds,
        heavyRatio: first.totalSeconds / heavy.first.totalSeconds,
        leanRatio: firstRow.ratio,
        unchangedSeconds: second.totalSeconds,
        unchangedHeavyRatio: second.totalSeconds / heavy.unchanged.totalSeconds,
        unchangedLeanRatio: unchangedRow.ratio,
        workerPeakRssMb: peakRss,
        secondPartnerRowsPerSecond: rateB,
        secondPartnerLeanRatio: bRow.ratio,
        secondPartnerUnchangedLeanRatio: bUnchangedRow.ratio,
        twoWorkersSequentialSeconds: twoWorkers?.sequential.seconds ?? null,
        twoWorkersParallelSeconds: twoWorkers?.parallel.seconds ?? null,
        twoWorkersRatio: twoWorkers?.ratio ?? null,
      },
      serverSettings: settings,
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
