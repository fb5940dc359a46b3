// Do two workers pay? Two partners' rosters imported one after the other, then (on a fresh
// database, so both start from the same empty tables) both uploaded at once with two worker
// processes running, each run with lock waits, deadlocks and MultiXact growth watched and every
// stored row counted. Both runs have the same two workers, api and Redis; only the overlap differs.
import type { BenchCatalogue } from './bench-databases';
import { tableCounts } from './bench-databases';
import { CpuMeter } from './cpu-time';
import { uploadFile, waitForImport, type ImportStatus } from './import-client';
import {
  LockWaitSampler,
  contentionCounters,
  counterDelta,
  lockWaitLine,
  type ContentionCounters,
  type LockWaits,
} from './lock-contention';
import { startSystem } from './start-system';
import { stopService, type Service } from './system-under-test';

export interface TwoPartnerDatabase {
  name: string;
  url: string;
  a: BenchCatalogue;
  b: BenchCatalogue;
}

export interface TwoWorkerInput {
  rows: number;
  rosters: { a: string; b: string };
  expected: { trainees: number; enrollments: number; certifications: number; warnings: number };
  /** A fresh migrated database holding both partners' catalogues. */
  freshDatabase: (label: string) => Promise<TwoPartnerDatabase>;
  env: (databaseUrl: string, redisPrefix: string, port: number) => NodeJS.ProcessEnv;
  redisPrefix: string;
  workerArgs: string[];
  services: Service[];
  /** A connection to the server (any database) for pg_stat_activity and pg_stat_database. */
  serverUrl: string;
  log: (line: string) => void;
}

type Mode = 'sequential' | 'parallel';

export interface ModeRun {
  mode: Mode;
  /** First upload's start → last import's completion. */
  seconds: number;
  imports: { partner: 'A' | 'B'; status: ImportStatus; seconds: number; worker: string }[];
  tables: { trainees: number; enrollments: number; certifications: number };
  lockWaits: LockWaits;
  contention: ContentionCounters;
  cpu: Record<string, number>;
  /** The workers' warn/error messages (ids and numbers masked) → how often. */
  workerWarnings: Record<string, number>;
  countsWrong: string[];
}

export interface TwoWorkerResult {
  sequential: ModeRun;
  parallel: ModeRun;
  /** sequential / parallel seconds: above 1 the second worker pays. */
  ratio: number;
  countsWrong: string[];
}

const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

async function importAndWait(httpBase: string, apiKey: string, csv: string) {
  const t0 = process.hrtime.bigint();
  const queued = await uploadFile(httpBase, apiKey, csv);
  const status = await waitForImport(httpBase, apiKey, queued.id, { everyMs: 100 });
  return { status, seconds: since(t0) };
}

async function runMode(mode: Mode, input: TwoWorkerInput): Promise<ModeRun> {
  const { log } = input;
  const db = await input.freshDatabase(mode === 'sequential' ? 'two_seq' : 'two_par');
  const redisPrefix = `${input.redisPrefix}:two-${mode}`;
  const system = await startSystem({
    env: (port) => input.env(db.url, redisPrefix, port),
    workers: 2,
    workerArgs: input.workerArgs,
    // import.started lines say which worker took which import; the workers log only a line or
    // two per import at info, so this costs nothing measurable. One import per worker
    // (IMPORT_CONCURRENCY=1), so the two imports run in two processes, never both in one.
    workerEnv: { LOG_LEVEL: 'info', IMPORT_CONCURRENCY: '1' },
    services: input.services,
  });
  const cpu = new CpuMeter({
    'worker 1': system.workers[0].child.pid as number,
    'worker 2': system.workers[1].child.pid as number,
    api: system.api.child.pid as number,
  });
  const before = await contentionCounters(input.serverUrl, db.name);
  const sampler = new LockWaitSampler(input.serverUrl, db.name);
  await sampler.start();
  cpu.start();
  const t0 = process.hrtime.bigint();
  let runs: { status: ImportStatus; seconds: number }[];
  if (mode === 'sequential') {
    // B is uploaded as soon as A has completed, as one worker would take them; A's follow-up
    // work (progress recompute) overlaps B here as it overlaps the other import when parallel.
    const a = await importAndWait(system.httpBase, db.a.apiKey, input.rosters.a);
    const b = await importAndWait(system.httpBase, db.b.apiKey, input.rosters.b);
    runs = [a, b];
  } else {
    runs = await Promise.all([
      importAndWait(system.httpBase, db.a.apiKey, input.rosters.a),
      importAndWait(system.httpBase, db.b.apiKey, input.rosters.b),
    ]);
  }
  const seconds = since(t0);
  const cpuUsed = cpu.stop();
  const lockWaits = await sampler.stop();
  // Backends flush their statistics within a second of going idle.
  await new Promise((r) => setTimeout(r, 1500));
  const contention = counterDelta(before, await contentionCounters(input.serverUrl, db.name));
  const tables = await tableCounts(db.url);
  for (const s of [system.api, ...system.workers]) await stopService(s);

  const imports = runs.map((r, i) => ({
    partner: i === 0 ? ('A' as const) : ('B' as const),
    ...r,
    worker: system.startedBy.get(r.status.id) ?? '?',
  }));
  const countsWrong: string[] = [];
  for (const imp of imports) {
    const s = imp.status;
    if (s.status !== 'completed' || s.totalRows !== input.rows || s.created !== input.rows) {
      countsWrong.push(
        `two workers, ${mode}, ${imp.partner}: ${s.status}, total ${s.totalRows}, created ${s.created}` +
          ` (expected completed, ${input.rows}, ${input.rows})${s.failureReason ? `: ${s.failureReason}` : ''}`,
      );
    }
    if (s.rejected !== 0)
      countsWrong.push(`two workers, ${mode}, ${imp.partner}: rejected ${s.rejected}`);
  }
  const warnings = imports.reduce((sum, imp) => sum + imp.status.warnings, 0);
  if (warnings !== input.expected.warnings) {
    countsWrong.push(
      `two workers, ${mode}: ${warnings} identity warnings, expected ${input.expected.warnings}`,
    );
  }
  for (const key of ['trainees', 'enrollments', 'certifications'] as const) {
    if (tables[key] !== input.expected[key]) {
      countsWrong.push(
        `two workers, ${mode}: ${tables[key]} ${key} stored, expected ${input.expected[key]}`,
      );
    }
  }

  log(`  ${mode}: ${seconds.toFixed(2)} s → ${fmt((2 * input.rows) / seconds)} rows/s`);
  for (const imp of imports) {
    const s = imp.status;
    log(
      `    ${imp.partner}: ${s.status} in ${imp.seconds.toFixed(2)} s by ${imp.worker}; ` +
        `created ${fmt(s.created)}, updated ${fmt(s.updated)}, unchanged ${fmt(s.unchanged)}, ` +
        `rejected ${fmt(s.rejected)}, warnings ${fmt(s.warnings)}`,
    );
  }
  log(
    `    stored: ${fmt(tables.trainees)} trainees, ${fmt(tables.enrollments)} enrollments, ` +
      `${fmt(tables.certifications)} certifications (expected ${fmt(input.expected.trainees)}, ` +
      `${fmt(input.expected.enrollments)}, ${fmt(input.expected.certifications)}); ` +
      `identity warnings ${fmt(warnings)} (expected ${fmt(input.expected.warnings)})`,
  );
  log(`    lock waits: ${lockWaitLine(lockWaits)}`);
  for (const w of lockWaits.statements.slice(0, 3)) log(`      ${w.seen}×  ${w.statement}`);
  log(
    `    deadlocks ${contention.deadlocks}, rollbacks ${contention.rollbacks}, ` +
      `MultiXact IDs used ${fmt(contention.multixactAge)} (cluster-wide); CPU s: ` +
      Object.entries(cpuUsed)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', '),
  );
  for (const [msg, n] of system.workerWarnings) log(`    worker log: ${n}× ${msg}`);
  if (mode === 'parallel' && imports[0].worker === imports[1].worker && imports[0].worker !== '?') {
    log(
      `    NOTE: both imports ran in ${imports[0].worker} (a worker takes more than one import ` +
        `job at once): this is one process's two slots, not two workers`,
    );
  }
  return {
    mode,
    seconds,
    imports,
    tables,
    lockWaits,
    contention,
    cpu: cpuUsed,
    workerWarnings: Object.fromEntries(system.workerWarnings),
    countsWrong,
  };
}

export async function runTwoWorkerPhase(input: TwoWorkerInput): Promise<TwoWorkerResult> {
  const sequential = await runMode('sequential', input);
  const parallel = await runMode('parallel', input);
  const ratio = sequential.seconds / parallel.seconds;
  input.log(
    `  sequential / parallel = ${ratio.toFixed(2)}× (above 1× the second worker pays; ` +
      `2× would be perfect scaling)`,
  );
  return {
    sequential,
    parallel,
    ratio,
    countsWrong: [...sequential.countsWrong, ...parallel.countsWrong],
  };
}
