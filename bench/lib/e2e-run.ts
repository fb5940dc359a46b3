// One end-to-end import as a partner sees it (upload, then polling until it has finished) and
// how the import bench prints it and the baselines beside it.
import type { CpuMeter } from './cpu-time';
import { uploadFile, waitForImport, type ImportStatus } from './import-client';
import type { PgStatementLog, StatementTotal } from './pg-statement-log';
import type { BaselineRun } from './sql-baseline';
import type { MemoryFigures, MemorySampler } from './system-under-test';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const since = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const log = (line: string) => process.stdout.write(`${line}\n`);

export interface E2eRun {
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
  /** Seconds between successive rises of processedRows (one per committed batch, polled). */
  batchSeconds: number[];
}

function seconds(from: string | null, to: string | null): number | null {
  return from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
}

export async function runImport(
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
  const batchSeconds: number[] = [];
  let lastRows = 0;
  let lastRise: bigint | null = null;
  const status = await waitForImport(baseUrl, apiKey, queued.id, {
    everyMs: 100,
    onProgress: (s) => {
      // A batch commits its rows and progress together: each rise of processedRows is a batch.
      if (s.status !== 'queued' && lastRise === null) lastRise = process.hrtime.bigint();
      if (s.processedRows > lastRows && lastRise !== null) {
        batchSeconds.push(since(lastRise));
        lastRise = process.hrtime.bigint();
        lastRows = s.processedRows;
      }
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
    batchSeconds,
  };
}

function batchLine(batchSeconds: number[]): string {
  if (batchSeconds.length === 0) return 'no batch seen (finished between polls)';
  const sorted = [...batchSeconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return (
    `${sorted.length} batches: min ${sorted[0].toFixed(2)} s, median ${median.toFixed(2)} s, ` +
    `max ${sorted[sorted.length - 1].toFixed(2)} s (polled every 100 ms)`
  );
}

export function checkCounts(run: E2eRun, expected: Partial<ImportStatus>): string[] {
  const wrong: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const got = run.status[key as keyof ImportStatus];
    if (got !== value)
      wrong.push(`${run.label}: ${key} = ${String(got)}, expected ${String(value)}`);
  }
  return wrong;
}

export function printRun(run: E2eRun): void {
  const s = run.status;
  log(
    `  ${run.label}: ${s.status} in ${run.totalSeconds.toFixed(2)} s ` +
      `(upload ${run.uploadSeconds.toFixed(2)} s, queued ${run.queuedSeconds?.toFixed(2) ?? '?'} s, ` +
      `worker ${run.processingSeconds?.toFixed(2) ?? '?'} s) → ${fmt(rowsOf(run) / run.totalSeconds)} rows/s`,
  );
  log(`    ${batchLine(run.batchSeconds)}`);
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

/** The roster's rows (processed rows, when the import failed before it counted them all). */
export const rowsOf = (run: E2eRun) => run.status.totalRows ?? run.status.processedRows;

export function printBaseline(label: string, b: BaselineRun): void {
  log(
    `  ${label}: ${b.totalSeconds.toFixed(2)} s (COPY ${b.copySeconds.toFixed(2)} s + merge ${b.mergeSeconds.toFixed(2)} s) → ${fmt(b.stagedRows / b.totalSeconds)} rows/s`,
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
