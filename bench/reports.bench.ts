// `npm run bench:reports`: 400,000 trainees and 500,000 enrollments (COPY fixtures) across the
// seeded programs, a timed full recompute, then GET /api/v1/reports/targets (groupBy program and
// province) on the built api (`node dist/main.api.js`) under autocannon, beside the same figures
// computed live by a plain aggregate over enrollments (served by a tiny HTTP server in a child
// process, same autocannon settings). Prints both sides and the ratio; asserts nothing, except
// that the two sides' figures are equal (otherwise the comparison would be meaningless).
//
// Env: BENCH_TRAINEES (400000), BENCH_ENROLLMENTS (500000), BENCH_SEED, BENCH_DURATION (10 s),
// BENCH_CONNECTIONS (32), KEEP_BENCH_DB=true, BENCH_VERBOSE=true, BENCH_DATABASE_URL,
// BENCH_REDIS_URL, BENCH_API_NODE_ARGS (extra node flags for the api, e.g. --cpu-prof).
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { MetricsService } from '../src/core/metrics/metrics.service';
import { SystemClock } from '../src/core/clock/clock';
import { DataQualityRepository } from '../src/modules/progress/data-quality.repository';
import { ProgressRepository } from '../src/modules/progress/progress.repository';
import { ProgressService } from '../src/modules/progress/progress.service';
import { runSeed } from '../src/seed/run-seed';
import { DEMO_USERS } from '../src/seed/seed-data';
import {
  createBenchDatabase,
  deleteRedisPrefix,
  dropBenchDatabase,
  redisUrl,
} from './lib/bench-databases';
import { Prng } from './lib/prng';
import {
  assertBuilt,
  freePort,
  type Service,
  startService,
  stopService,
  waitFor,
} from './lib/system-under-test';

const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 400_000);
const ENROLLMENTS = Number(process.env.BENCH_ENROLLMENTS ?? 500_000);
const SEED = Number(process.env.BENCH_SEED ?? 20_261_127);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const KEEP_DB = process.env.KEEP_BENCH_DB === 'true';
const TARGETS = { rps: 1500, p99Ms: 50, fullRecomputeMs: 10_000 };
const GROUP_BYS = ['program', 'province'] as const;
type GroupBy = (typeof GROUP_BYS)[number];

const log = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The same six figures as the report rows, straight from enrollments: distinct trainees within
 * a partner, summed over partners (per program that is one enrollment per trainee).
 */
const LIVE_SQL: Record<GroupBy, string> = {
  program: `
    WITH certs AS (SELECT DISTINCT trainee_id, program_id FROM certifications
                   WHERE revoked_at IS NULL)
    SELECT p.code AS key, count(*)::int AS enrolled,
           (count(*) FILTER (WHERE e.status IN ('enrolled', 'active')))::int AS active,
           (count(*) FILTER (WHERE e.status = 'completed'))::int AS completed,
           (count(*) FILTER (WHERE e.status = 'dropped'))::int AS dropped,
           count(c.trainee_id)::int AS certified,
           (count(*) FILTER (WHERE t.gender = 'female'))::int AS female
    FROM enrollments e
    JOIN programs p ON p.id = e.program_id
    JOIN trainees t ON t.id = e.trainee_id
    LEFT JOIN certs c ON c.trainee_id = e.trainee_id AND c.program_id = e.program_id
    GROUP BY p.code ORDER BY p.code`,
  province: `
    WITH certs AS (SELECT DISTINCT trainee_id, program_id FROM certifications
                   WHERE revoked_at IS NULL),
    per AS (
      SELECT coalesce(t.province, 'unknown') AS key, e.partner_id, e.trainee_id,
             bool_or(e.status IN ('enrolled', 'active')) AS active,
             bool_or(e.status = 'completed') AS completed,
             bool_or(e.status = 'dropped') AS dropped,
             bool_or(c.trainee_id IS NOT NULL) AS certified,
             bool_or(t.gender = 'female') AS female
      FROM enrollments e
      JOIN trainees t ON t.id = e.trainee_id
      LEFT JOIN certs c ON c.trainee_id = e.trainee_id AND c.program_id = e.program_id
      GROUP BY 1, e.partner_id, e.trainee_id
    )
    SELECT key, count(*)::int AS enrolled, (count(*) FILTER (WHERE active))::int AS active,
           (count(*) FILTER (WHERE completed))::int AS completed,
           (count(*) FILTER (WHERE dropped))::int AS dropped,
           (count(*) FILTER (WHERE certified))::int AS certified,
           (count(*) FILTER (WHERE female))::int AS female
    FROM per GROUP BY key ORDER BY key`,
};

type Figures = Record<string, Record<string, number>>;
const COLUMNS = ['enrolled', 'active', 'completed', 'dropped', 'certified', 'female'];

// ---------------------------------------------------------------------------------------------
// The live side: `node reports.bench.js --live <port>` serves GET /live?groupBy=… from LIVE_SQL.

async function serveLive(port: number, databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const server = createServer((req, res) => {
    const groupBy = new URL(req.url ?? '/', 'http://x').searchParams.get('groupBy') as GroupBy;
    const sql = LIVE_SQL[groupBy];
    if (!sql) {
      res.writeHead(400).end();
      return;
    }
    pool.query(sql).then(
      (r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ groupBy, rows: r.rows }));
      },
      () => res.writeHead(500).end(),
    );
  });
  server.listen(port, '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------
// Fixtures through COPY.

interface Catalogue {
  programs: { id: string; code: string; partnerId: string; weight: number; cohorts: string[] }[];
}

async function catalogue(client: Client): Promise<Catalogue> {
  const rows = await client.query<{
    id: string;
    code: string;
    partner_id: string;
    target_trainees: number;
    cohorts: string[];
  }>(
    `SELECT p.id, p.code, p.partner_id, p.target_trainees,
            array_agg(c.id ORDER BY c.code) AS cohorts
     FROM programs p JOIN cohorts c ON c.program_id = p.id GROUP BY p.id ORDER BY p.code`,
  );
  const total = rows.rows.reduce((n, p) => n + p.target_trainees, 0);
  return {
    programs: rows.rows.map((p) => ({
      id: p.id,
      code: p.code,
      partnerId: p.partner_id,
      weight: p.target_trainees / total,
      cohorts: p.cohorts,
    })),
  };
}

async function copyRows(client: Client, sql: string, rows: Iterable<string>): Promise<void> {
  const lines = (function* () {
    let batch = '';
    let n = 0;
    for (const row of rows) {
      batch += `${row}\n`;
      if (++n % 2000 === 0) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  })();
  await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
}

const DAY = 86_400_000;
const day = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

async function loadFixtures(url: string): Promise<{ seconds: number; certifications: number }> {
  const started = Date.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  const rng = new Prng(SEED);
  const cat = await catalogue(client);
  const provinces = ['PB', 'PB', 'PB', 'SD', 'SD', 'KP', 'BA', 'ICT', 'GB', 'AJK'];
  const today = Math.floor(Date.now() / DAY);

  const traineeIds: string[] = new Array<string>(TRAINEES);
  const genders: string[] = new Array<string>(TRAINEES);
  await copyRows(
    client,
    'COPY trainees (id, cnic, full_name, gender, province) FROM STDIN (FORMAT csv)',
    (function* () {
      for (let i = 0; i < TRAINEES; i++) {
        const id = randomUUID();
        const gender = rng.chance(0.42) ? 'female' : rng.chance(0.98) ? 'male' : 'transgender';
        traineeIds[i] = id;
        genders[i] = gender;
        const cnic = `${String(1_000_000_000 + i * 7)
          .padStart(12, '0')
          .slice(-12)}${gender === 'female' ? 2 : 1}`;
        const province = rng.chance(0.08) ? '' : rng.pick(provinces);
        yield `${id},${cnic},Trainee Bench,${gender},${province}`;
      }
    })(),
  );

  const pickProgram = (except?: string) => {
    for (;;) {
      let x = rng.next();
      for (const p of cat.programs) {
        if (x < p.weight) {
          if (p.id !== except) return p;
          break;
        }
        x -= p.weight;
      }
    }
  };
  const certs: string[] = [];
  let certNo = 0;
  await copyRows(
    client,
    `COPY enrollments (trainee_id, program_id, cohort_id, partner_id, status, progress_pct,
                       enrolled_on, completed_on) FROM STDIN (FORMAT csv)`,
    (function* () {
      const second = ENROLLMENTS - TRAINEES;
      for (let i = 0; i < ENROLLMENTS; i++) {
        const t = i < TRAINEES ? i : Math.floor(((i - TRAINEES) * TRAINEES) / second);
        const first = i < TRAINEES ? null : pickProgramOf(t);
        const p = first === null ? pickProgram() : pickProgram(first);
        remember(t, p.id);
        const x = rng.next();
        const status =
          x < 0.2 ? 'enrolled' : x < 0.55 ? 'active' : x < 0.85 ? 'completed' : 'dropped';
        const enrolled = today - rng.int(1, 330);
        const completed = status === 'completed' ? Math.min(today, enrolled + rng.int(20, 200)) : 0;
        const pct = status === 'completed' ? 100 : rng.int(0, 95);
        yield [
          traineeIds[t],
          p.id,
          rng.pick(p.cohorts),
          p.partnerId,
          status,
          pct,
          day(enrolled),
          completed ? day(completed) : '',
        ].join(',');
        if (completed && rng.chance(0.5)) {
          certNo++;
          const revoked = rng.chance(0.05) ? new Date().toISOString() : '';
          certs.push(
            [
              traineeIds[t],
              p.id,
              p.partnerId,
              'HCIA-AI',
              `BENCH-${certNo}`,
              day(Math.min(today, completed + rng.int(0, 10))),
              randomBytes(8).toString('hex'),
              revoked,
            ].join(','),
          );
        }
      }
    })(),
  );
  await copyRows(
    client,
    `COPY certifications (trainee_id, program_id, partner_id, name, certificate_number,
                          issued_on, verification_code, revoked_at) FROM STDIN (FORMAT csv)`,
    certs,
  );
  await client.query('ANALYZE');
  await client.end();
  firstProgram.clear();
  return { seconds: (Date.now() - started) / 1000, certifications: certs.length };
}

// A trainee's first program, so its second enrollment goes to another partner's program.
const firstProgram = new Map<number, string>();
function remember(trainee: number, programId: string): void {
  if (!firstProgram.has(trainee)) firstProgram.set(trainee, programId);
}
function pickProgramOf(trainee: number): string | null {
  return firstProgram.get(trainee) ?? null;
}

// ---------------------------------------------------------------------------------------------

interface Load {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

async function drive(
  label: string,
  url: string,
  headers: Record<string, string>,
  warmUp = true,
): Promise<Load> {
  // A short unmeasured run first, so that JIT and connection pools are warm.
  if (warmUp)
    await autocannon({ url, connections: CONNECTIONS, duration: 3, timeout: 120, headers });
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 120,
    headers,
  });
  return {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The six figures of each non-empty row, keyed and ordered by row key. */
function figuresOf(rows: Record<string, unknown>[]): Figures {
  const out: Figures = {};
  const sorted = [...rows].sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
  for (const row of sorted) {
    const figures = COLUMNS.map((c) => Number(row[c]));
    if (figures.every((n) => n === 0)) continue;
    out[String(row.key)] = Object.fromEntries(COLUMNS.map((c, i) => [c, figures[i]]));
  }
  return out;
}

/**
 * The console dashboard's first render in Chromium: milliseconds from navigation start until
 * the page's tables and all five charts are drawn, signed in as the ministry, `runs` times
 * (the first with a cold browser cache). Null when no Chromium is installed.
 */
async function dashboardFirstRender(
  base: string,
  user: { email: string; password: string },
  runs: number,
): Promise<number[] | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return null;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/signin`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${base}/`);
      const drawn = await page.waitForFunction(
        () =>
          document.querySelectorAll('.chart svg').length >= 5 &&
          document.querySelectorAll('table tbody tr').length > 0
            ? performance.now()
            : false,
        undefined,
        { timeout: 60_000, polling: 'raf' },
      );
      times.push(Math.round(Number(await drawn.jsonValue())));
    }
    return times;
  } finally {
    await browser.close();
  }
}

async function startApi(env: NodeJS.ProcessEnv, port: number): Promise<Service> {
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const api = startService('api', 'main.api.js', { ...env, PORT: String(port) }, nodeArgs);
  await waitFor(
    'the api to be ready',
    async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok,
    60_000,
    api,
  );
  return api;
}

async function main(): Promise<void> {
  assertBuilt();
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const dbName = `sdt_bench_reports_${runId}`;
  const prefix = `sdt_bench_reports_${runId}`;
  log(
    `bench:reports — ${cpus().length} CPU(s), ${fmt(TRAINEES)} trainees, ${fmt(ENROLLMENTS)} enrollments`,
  );
  const url = await createBenchDatabase(dbName);
  const services: Service[] = [];
  try {
    await runSeed(url);
    const load = await loadFixtures(url);
    log(
      `fixtures (COPY + ANALYZE): ${fmt(load.seconds, 1)} s, ${fmt(load.certifications)} certifications`,
    );

    // Full recompute, three times (the first also warms the cache), and one program's.
    const ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 2 } });
    await ds.initialize();
    const progress = new ProgressService(
      new ProgressRepository(ds),
      new DataQualityRepository(ds),
      new SystemClock(),
      new MetricsService(),
    );
    const fullMs: number[] = [];
    for (let i = 0; i < 3; i++) fullMs.push((await progress.recomputeAll()).ms);
    const [{ id: biggest, code: biggestCode }] = (await ds.query(
      `SELECT p.id, p.code FROM programs p JOIN enrollments e ON e.program_id = p.id
       GROUP BY p.id ORDER BY count(*) DESC LIMIT 1`,
    )) as { id: string; code: string }[];
    const oneStarted = Date.now();
    await progress.recomputeProgram(biggest);
    const oneMs = Date.now() - oneStarted;
    // Let the database settle (autovacuum of the bulk load, dirty buffers) before timing reads.
    await ds.query('VACUUM ANALYZE');
    await ds.query('CHECKPOINT');
    await ds.destroy();

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL: redisUrl(),
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(24).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      MIGRATIONS_RUN: 'false',
      WORKERS_IN_API: 'false',
      LOG_LEVEL: 'warn',
    };
    const ministry = DEMO_USERS.find((u) => u.role === 'ministry');
    if (!ministry) throw new Error('the seed has no ministry user');

    let reportFigures: Record<GroupBy, Figures> | undefined;
    let firstRender: number[] | null = null;
    const runReports = async (label: string, cacheMs: number): Promise<Load[]> => {
      const port = await freePort();
      const api = await startApi({ ...env, REPORT_CACHE_MS: String(cacheMs) }, port);
      services.push(api);
      // The console as the ministry sees it, before any load (figures as the api has them).
      if (cacheMs > 0) {
        firstRender = await dashboardFirstRender(`http://127.0.0.1:${port}`, ministry, 4);
      }
      const login = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ministry.email, password: ministry.password }),
        })
      ).json()) as { accessToken: string };
      const headers = { authorization: `Bearer ${login.accessToken}` };
      const out: Load[] = [];
      for (const groupBy of GROUP_BYS) {
        out.push(
          await drive(
            `report ${groupBy} (${label})`,
            `http://127.0.0.1:${port}/api/v1/reports/targets?groupBy=${groupBy}`,
            headers,
          ),
        );
      }
      reportFigures ??= Object.fromEntries(
        await Promise.all(
          GROUP_BYS.map(async (g) => [
            g,
            figuresOf(
              (
                (await getJson(
                  `http://127.0.0.1:${port}/api/v1/reports/targets?groupBy=${g}`,
                  headers,
                )) as { rows: Record<string, unknown>[] }
              ).rows,
            ),
          ]),
        ),
      ) as Record<GroupBy, Figures>;
      await stopService(api);
      return out;
    };

    // Other work on the machine skews every figure below: show how busy it was.
    const loadBefore = loadavg()[0];
    const cached = await runReports('api, 1 s answer cache', 1000);
    const uncached = await runReports('api, no answer cache', 0);

    // The live side, in its own process like the api.
    const livePort = await freePort();
    const live = spawn(process.execPath, [__filename, '--live', String(livePort), url], {
      stdio: 'ignore',
    });
    const liveService: Service = {
      name: 'live',
      child: live,
      tail: () => '',
      exited: new Promise((resolve) =>
        live.once('exit', (code, signal) => resolve({ code, signal })),
      ),
    };
    services.push(liveService);
    await waitFor(
      'the live server',
      async () => (await fetch(`http://127.0.0.1:${livePort}/live?groupBy=program`)).ok,
      60_000,
      liveService,
    );
    const liveLoads: Load[] = [];
    const liveSingleMs: number[] = [];
    const liveFigures = {} as Record<GroupBy, Figures>;
    for (const groupBy of GROUP_BYS) {
      const liveUrl = `http://127.0.0.1:${livePort}/live?groupBy=${groupBy}`;
      // One request at a time first: what a single reader waits for the live figures.
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = Date.now();
        liveFigures[groupBy] = figuresOf(
          ((await getJson(liveUrl)) as { rows: Record<string, unknown>[] }).rows,
        );
        times.push(Date.now() - t0);
      }
      liveSingleMs.push(Math.min(...times));
      liveLoads.push(await drive(`live aggregate ${groupBy}`, liveUrl, {}, false));
    }
    await stopService(liveService);

    // ---------------------------------------------------------------------------------------
    log();
    const same = GROUP_BYS.every(
      (g) => JSON.stringify(reportFigures?.[g]) === JSON.stringify(liveFigures[g]),
    );
    log(
      `figures: report rows ${same ? 'EQUAL' : 'DIFFER FROM'} the live aggregate (program and province)`,
    );
    log();
    log(
      `full recompute of all programs (${fmt(ENROLLMENTS)} enrollments): ${fullMs.map((m) => `${fmt(m)} ms`).join(', ')}`,
    );
    log(
      `one program's recompute (${biggestCode}, with its partner and national figures): ${fmt(oneMs)} ms`,
    );
    log();
    log(
      firstRender === null
        ? 'console dashboard first render: no chromium installed, not measured'
        : `console dashboard first render (Chromium, navigation to all charts drawn, 1440 px): ${(firstRender as number[]).map((m) => `${fmt(m)} ms`).join(', ')} (first with a cold cache)`,
    );
    log();
    log(
      `GET /api/v1/reports/targets vs live aggregate — ${CONNECTIONS} connections, ${DURATION} s each ` +
        `(load average ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0], 2)} after)`,
    );
    log(
      `${'side'.padEnd(42)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'requests'.padStart(10)}${'errors'.padStart(8)}`,
    );
    for (const l of [...cached, ...uncached, ...liveLoads]) {
      const none = l.requests === 0;
      log(
        `${l.label.padEnd(42)}${fmt(l.rps, 1).padStart(10)}${(none ? '—' : fmt(l.p50)).padStart(9)}${(none ? '—' : fmt(l.p99)).padStart(9)}${fmt(l.requests).padStart(10)}${fmt(l.errors).padStart(8)}`,
      );
    }
    for (const [i, groupBy] of GROUP_BYS.entries()) {
      log(`live aggregate ${groupBy}, one request alone: ${fmt(liveSingleMs[i])} ms`);
    }
    log();
    for (const [i, groupBy] of GROUP_BYS.entries()) {
      // When no live request finishes under load, compare with one request at a time.
      const liveRps = liveLoads[i].requests > 0 ? liveLoads[i].rps : 1000 / liveSingleMs[i];
      const basis =
        liveLoads[i].requests > 0 ? 'under the same load' : 'one live request at a time';
      log(
        `ratio report/live req/s, ${groupBy}: ${fmt(cached[i].rps / liveRps)}× (cached), ${fmt(uncached[i].rps / liveRps)}× (uncached) [live: ${basis}]`,
      );
    }
    const best = Math.min(...fullMs);
    const ok = (b: boolean) => (b ? 'met' : 'NOT met');
    log();
    log(`targets (2-core machine):`);
    for (const l of cached) {
      log(
        `  ${l.label}: ≥ ${fmt(TARGETS.rps)} req/s ${ok(l.rps >= TARGETS.rps)}, p99 ≤ ${TARGETS.p99Ms} ms ${ok(l.p99 <= TARGETS.p99Ms)}`,
      );
    }
    log(
      `  full recompute ≤ ${fmt(TARGETS.fullRecomputeMs)} ms: ${ok(best <= TARGETS.fullRecomputeMs)} (best ${fmt(best)} ms)`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    for (const s of services) await stopService(s).catch(() => undefined);
    await deleteRedisPrefix(prefix).catch(() => undefined);
    if (KEEP_DB) log(`kept database ${dbName}`);
    else await dropBenchDatabase(dbName);
  }
}

if (process.argv[2] === '--live') {
  void serveLive(Number(process.argv[3]), process.argv[4]);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
