// `npm run bench:export`: GET /api/v1/trainees/export of 300,000 trainees through the built api
// (a child process, as an operator runs it), CSV and XLSX, timed and with the api's RSS sampled,
// beside Postgres's own `COPY (…) TO STDOUT` of the same rows: the floor. Prints figures against
// the goals (≥ 50,000 rows/s, ≤ 150 MB RSS growth); never asserts them. Exits non-zero only when
// the export's row count is wrong (the run is then invalid).
//
// Env: BENCH_ROWS (300000), KEEP_BENCH_DB=true, BENCH_VERBOSE=true, BENCH_DATABASE_URL,
// BENCH_REDIS_URL.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  createBenchDatabase,
  deleteRedisPrefix,
  dropBenchDatabase,
  redisUrl,
  seedCatalogue,
  type BenchCatalogue,
} from './lib/bench-databases';
import {
  MemorySampler,
  assertBuilt,
  freePort,
  startService,
  stopService,
  waitFor,
  type Service,
} from './lib/system-under-test';

const ROWS = Number(process.env.BENCH_ROWS ?? 300_000);
const GOALS = { rowsPerSecond: 50_000, rssGrowthMb: 150 };

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Trainees, their enrollments, contacts and some certificates, generated inside Postgres. */
async function loadTrainees(url: string, cat: BenchCatalogue): Promise<number> {
  const started = Date.now();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO trainees (cnic, full_name, gender, date_of_birth, province, district, category)
       SELECT lpad((1000000000000 + g * 2)::text, 13, '0'), 'Trainee ' || g,
              CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
              date '1990-01-01' + (g % 5000), (ARRAY['PB','SD','KP','BA','ICT'])[1 + g % 5],
              'District ' || (g % 40), 'youth'
       FROM generate_series(1, $1::int) g`,
      [ROWS],
    );
    await c.query(
      `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, external_id, status,
                                progress_pct, enrolled_on, completed_on)
       SELECT t.id, $1, (SELECT array_agg(id ORDER BY code) FROM cohorts)[1 + t.seq % 4], $2,
              'EXT-' || t.seq,
              CASE WHEN t.seq % 3 = 0 THEN 'completed' ELSE 'active' END,
              CASE WHEN t.seq % 3 = 0 THEN 100 ELSE 40 END, date '2026-01-10',
              CASE WHEN t.seq % 3 = 0 THEN date '2026-06-30' END
       FROM trainees t`,
      [cat.programId, cat.partnerId],
    );
    await c.query(
      `INSERT INTO trainee_contacts (trainee_id, partner_id, email, phone)
       SELECT id, $1, 'trainee' || seq || '@example.pk',
              '+92300' || lpad((seq % 10000000)::text, 7, '0')
       FROM trainees`,
      [cat.partnerId],
    );
    await c.query(
      `INSERT INTO certifications (trainee_id, program_id, partner_id, name, certificate_number,
                                   issued_on, verification_code)
       SELECT e.trainee_id, e.program_id, e.partner_id, 'HCIA-AI', 'BENCH-' || e.seq,
              date '2026-07-01', md5(e.seq::text)
       FROM enrollments e WHERE e.status = 'completed' AND e.seq % 2 = 0`,
    );
    await c.query('VACUUM ANALYZE');
  } finally {
    await c.end();
  }
  return (Date.now() - started) / 1000;
}

/** The floor: Postgres formats the same rows as CSV itself and streams them out. */
async function copyBaseline(url: string): Promise<{ seconds: number; rows: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = c.query(
      copyTo(`COPY (
        SELECT t.cnic, t.full_name, t.gender, co.code, t.date_of_birth, t.province, t.district,
               k.email, k.phone, t.category, e.external_id, e.status, e.progress_pct,
               e.enrolled_on, e.completed_on, x.name, x.certificate_number, x.issued_on
        FROM enrollments e JOIN trainees t ON t.id = e.trainee_id
        JOIN cohorts co ON co.id = e.cohort_id
        LEFT JOIN trainee_contacts k ON k.trainee_id = e.trainee_id AND k.partner_id = e.partner_id
        LEFT JOIN certifications x ON x.trainee_id = e.trainee_id AND x.program_id = e.program_id
        ORDER BY e.seq) TO STDOUT (FORMAT csv, HEADER)`),
    );
    let rows = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (const byte of chunk) if (byte === 0x0a) rows++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, rows: rows - 1 };
  } finally {
    await c.end();
  }
}

interface ExportRun {
  format: string;
  seconds: number;
  rows: number;
  bytes: number;
  peakRssMb: number;
}

async function exportOnce(
  base: string,
  apiKey: string,
  format: 'csv' | 'xlsx',
  sampler: MemorySampler,
): Promise<ExportRun> {
  sampler.takePhase();
  const started = process.hrtime.bigint();
  const res = await fetch(`${base}/api/v1/trainees/export?format=${format}`, {
    headers: { 'X-API-Key': apiKey },
  });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (format === 'csv') for (const b of chunk) if (b === 0x0a) newlines++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    format,
    seconds,
    // XLSX is zipped: its rows are the same query's; the CSV run checks the count.
    rows: format === 'csv' ? newlines - 1 : ROWS,
    bytes,
    peakRssMb: sampler.takePhase().peakRssMb,
  };
}

async function main(): Promise<void> {
  assertBuilt();
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbName = `sdt_bench_export_${runId}`;
  const prefix = `sdt_bench_export_${runId}`;
  let api: Service | null = null;
  try {
    console.log(
      `bench:export — ${fmt(ROWS)} trainees, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const url = await createBenchDatabase(dbName);
    const cat = await seedCatalogue(url);
    console.log(`  loaded in ${fmt(await loadTrainees(url, cat), 1)} s (SQL generate_series)`);

    const port = await freePort();
    api = startService('api', 'main.api.js', {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: url,
      REDIS_URL: redisUrl(),
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(24).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      MIGRATIONS_RUN: 'false',
      WORKERS_IN_API: 'false',
      LOG_LEVEL: 'warn',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor('api ready', async () => (await fetch(`${base}/health/ready`)).ok, 60_000, api);
    const sampler = new MemorySampler(api.child.pid as number);
    sampler.start();
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = sampler.takePhase().peakRssMb;

    const baseline = await copyBaseline(url);
    const csv = await exportOnce(base, cat.apiKey, 'csv', sampler);
    const xlsx = await exportOnce(base, cat.apiKey, 'xlsx', sampler);

    const line = (label: string, seconds: number, rows: number, extra = '') =>
      console.log(
        `  ${label.padEnd(34)} ${fmt(seconds, 2).padStart(7)} s  ${fmt(rows / seconds).padStart(9)} rows/s  ${extra}`,
      );
    console.log(`\n  api idle RSS ${fmt(idleMb)} MB`);
    line('Postgres COPY … TO STDOUT (floor)', baseline.seconds, baseline.rows);
    line(
      'GET /trainees/export?format=csv',
      csv.seconds,
      csv.rows,
      `${fmt(csv.bytes / 1048576, 1)} MB, api peak RSS ${fmt(csv.peakRssMb)} MB (+${fmt(csv.peakRssMb - idleMb)})`,
    );
    line(
      'GET /trainees/export?format=xlsx',
      xlsx.seconds,
      xlsx.rows,
      `${fmt(xlsx.bytes / 1048576, 1)} MB, api peak RSS ${fmt(xlsx.peakRssMb)} MB (+${fmt(xlsx.peakRssMb - idleMb)})`,
    );
    const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
    console.log('\nSummary');
    console.log(
      `  csv  ${fmt(csv.rows / csv.seconds)} rows/s vs goal ≥ ${fmt(GOALS.rowsPerSecond)}: ${verdict(csv.rows / csv.seconds >= GOALS.rowsPerSecond)}; ${fmt(csv.seconds / baseline.seconds, 2)}× the COPY floor`,
    );
    console.log(
      `  csv  RSS growth ${fmt(csv.peakRssMb - idleMb)} MB vs goal ≤ ${GOALS.rssGrowthMb}: ${verdict(csv.peakRssMb - idleMb <= GOALS.rssGrowthMb)}`,
    );
    console.log(
      `  xlsx ${fmt(xlsx.rows / xlsx.seconds)} rows/s; RSS growth ${fmt(xlsx.peakRssMb - idleMb)} MB`,
    );
    console.log(
      `  load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (csv.rows !== ROWS || baseline.rows !== ROWS) {
      console.error(
        `row counts wrong: export ${csv.rows}, COPY ${baseline.rows}, expected ${ROWS}`,
      );
      process.exitCode = 1;
    }
  } finally {
    if (api) await stopService(api);
    if (process.env.KEEP_BENCH_DB !== 'true') await dropBenchDatabase(dbName);
    await deleteRedisPrefix(prefix);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
