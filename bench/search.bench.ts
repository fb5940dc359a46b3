// `npm run bench:search`: GET /trainees?q= at scale. Loads BENCH_ROWS (400,000) trainees with
// generated Latin and Urdu names, all enrolled with the bench partner and every tenth also with
// a second partner, then runs the trainee list's own query (TraineesRepository.listPage, the
// SQL the api sends) for name, Urdu, CNIC-prefix and partner-scoped searches. For each it prints
// the median time of one first page (50 rows) with the trigram index and without it (the index
// dropped inside a transaction that is rolled back), and the plans of both. Asserts nothing.
//
// Env: BENCH_ROWS (400000), BENCH_RUNS (5), KEEP_BENCH_DB=true, BENCH_VERBOSE=true (full plans),
// BENCH_DATABASE_URL.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type Logger as OrmLogger } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { AuditRepository } from '../src/modules/audit/audit.repository';
import { parseTraineeSearch } from '../src/modules/trainees/trainee-search';
import { TraineeEntity } from '../src/modules/trainees/trainee.entity';
import {
  TraineesRepository,
  type TraineeListFilter,
} from '../src/modules/trainees/trainees.repository';
import { createBenchDatabase, dropBenchDatabase, seedCatalogue } from './lib/bench-databases';

const ROWS = Number(process.env.BENCH_ROWS ?? 400_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const VERBOSE = process.env.BENCH_VERBOSE === 'true';
const INDEX = 'trainees_full_name_trgm_idx';

const FIRST = [
  'Ayesha',
  'Fatima',
  'Muhammad',
  'Ali',
  'Bilal',
  'Hamza',
  'Sana',
  'Zainab',
  'Usman',
  'Hira',
  'Ahmed',
  'Iqra',
  'Omar',
  'Maryam',
  'Hassan',
  'Khadija',
  'Imran',
  'Noor',
  'Saad',
  'Amna',
  'علی',
  'فاطمہ',
  'عائشہ',
  'محمد',
  'زینب',
  'حمزہ',
];
const LAST = [
  'Khan',
  'Ahmed',
  'Malik',
  'Qureshi',
  'Siddiqui',
  'Butt',
  'Chaudhry',
  'Sheikh',
  'Raza',
  'Hussain',
  'Iqbal',
  'Javed',
  'Mirza',
  'Abbasi',
  'Baloch',
  'Shah',
  'Memon',
  'Awan',
  'خان',
  'رضا',
  'قریشی',
  'ملک',
];

const quoteArray = (list: string[]) => `ARRAY[${list.map((s) => `'${s}'`).join(',')}]`;

/** Trainees and enrollments generated inside Postgres; a few rare names for selective searches. */
async function load(url: string, partnerId: string, programId: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const pick = (list: string[], salt: number) =>
      `(${quoteArray(list)})[1 + ((hashint4(g + ${salt}) & 2147483647) % ${list.length})]`;
    await c.query(
      `INSERT INTO trainees (cnic, full_name, gender, province, category)
       SELECT lpad((3520200000000 + g * 7)::text, 13, '0'),
              CASE WHEN g % 5000 = 0 THEN 'Zarqa ' WHEN g % 7000 = 1 THEN 'ثمینہ ' ELSE '' END
                || ${pick(FIRST, 1)} || ' ' || ${pick(FIRST, 2)} || ' ' || ${pick(LAST, 3)},
              CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
              (ARRAY['PB','SD','KP','BA','ICT'])[1 + g % 5], 'youth'
       FROM generate_series(1, $1::int) g`,
      [ROWS],
    );
    const cohort = await c.query<{ id: string }>(
      'SELECT id FROM cohorts WHERE program_id = $1 ORDER BY code LIMIT 1',
      [programId],
    );
    await c.query(
      `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, status, progress_pct, enrolled_on)
       SELECT id, $1, $2, $3, 'active', 40, date '2026-01-10' FROM trainees`,
      [programId, cohort.rows[0].id, partnerId],
    );
    // A second partner holding every tenth trainee: the scoped searches run as this partner.
    const other = await c.query<{ id: string }>(
      `INSERT INTO partners (code, name, kind) VALUES ('BENCH2', 'Second partner', 'academic') RETURNING id`,
    );
    const program = await c.query<{ id: string }>(
      `INSERT INTO programs (code, name, partner_id, target_trainees, tracks, starts_on, ends_on, status)
       VALUES ('BENCH2-P', 'Second program', $1, 100000, ARRAY['AI'], '2025-01-01', '2026-12-31', 'active')
       RETURNING id`,
      [other.rows[0].id],
    );
    const otherCohort = await c.query<{ id: string }>(
      `INSERT INTO cohorts (code, program_id, name, track, training_centre, city, province, mode,
                            starts_on, ends_on, capacity)
       VALUES ('BENCH2-C', $1, 'Second cohort', 'AI', 'Centre', 'Quetta', 'BA', 'online',
               '2025-01-01', '2026-12-31', 100000) RETURNING id`,
      [program.rows[0].id],
    );
    await c.query(
      `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, status, progress_pct, enrolled_on)
       SELECT id, $1, $2, $3, 'active', 10, date '2026-02-01' FROM trainees WHERE seq % 10 = 0`,
      [program.rows[0].id, otherCohort.rows[0].id, other.rows[0].id],
    );
    await c.query('ANALYZE trainees; ANALYZE enrollments');
  } finally {
    await c.end();
  }
}

interface Case {
  label: string;
  filter: Omit<TraineeListFilter, 'visibility'>;
  scoped: boolean;
}

const search = (q: string) => {
  const s = parseTraineeSearch(q);
  if (s.kind === 'invalid') throw new Error(`bad bench search ${q}`);
  return s;
};

const CASES: Case[] = [
  { label: 'name, common ("khan")', filter: { search: search('khan') }, scoped: false },
  { label: 'name, rare ("zarqa", 1 in 5,000)', filter: { search: search('zarqa') }, scoped: false },
  { label: 'name, absent ("xyzzy")', filter: { search: search('xyzzy') }, scoped: false },
  {
    label: 'two words ("hira qureshi")',
    filter: { search: search('hira qureshi') },
    scoped: false,
  },
  { label: 'Urdu, common ("فاطمہ")', filter: { search: search('فاطمہ') }, scoped: false },
  { label: 'Urdu, rare ("ثمینہ")', filter: { search: search('ثمینہ') }, scoped: false },
  { label: 'CNIC prefix ("3520200012")', filter: { search: search('3520200012') }, scoped: false },
  { label: 'partner, rare ("zarqa")', filter: { search: search('zarqa') }, scoped: true },
  { label: 'partner, absent ("xyzzy")', filter: { search: search('xyzzy') }, scoped: true },
  {
    label: 'name + programCode',
    filter: { search: search('zarqa'), programCode: 'BENCH2-P' },
    scoped: false,
  },
];

/** Captures the SQL TypeORM sends, so the same statement can be timed and explained. */
class Capture implements OrmLogger {
  last: { sql: string; params: unknown[] } | null = null;
  logQuery(query: string, parameters?: unknown[]): void {
    this.last = { sql: query, params: parameters ?? [] };
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

async function timeIt(c: Client, sql: string, params: unknown[]): Promise<[number, number]> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    rows = (await c.query(sql, params)).rowCount ?? 0;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return [median(times), rows];
}

/** The plan's lines and its execution time (ms), as Postgres measured it. */
async function plan(c: Client, sql: string, params: unknown[]): Promise<[string[], number]> {
  const res = await c.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`,
    params,
  );
  const lines = res.rows.map((r) => r['QUERY PLAN']);
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? NaN);
  return [VERBOSE ? lines : lines.filter((l) => /Scan|Sort|Limit|Execution Time|Join/.test(l)), ms];
}

async function main(): Promise<void> {
  const name = `sdt_bench_search_${randomBytes(4).toString('hex')}`;
  const url = await createBenchDatabase(name);
  const capture = new Capture();
  const ds = new DataSource({
    ...dataSourceOptions(url, 2),
    entities: [TraineeEntity],
    logging: ['query'],
    logger: capture,
  });
  const c = new Client({ connectionString: url });
  try {
    const cat = await seedCatalogue(url);
    const started = Date.now();
    await load(url, cat.partnerId, cat.programId);
    console.log(`loaded ${ROWS.toLocaleString('en-US')} trainees in ${Date.now() - started} ms`);
    await ds.initialize();
    await c.connect();
    const size = await c.query<{ size: string }>(
      `SELECT pg_size_pretty(pg_relation_size($1)) AS size`,
      [INDEX],
    );
    console.log(`${INDEX}: ${size.rows[0].size}`);
    const second = await c.query<{ id: string }>(`SELECT id FROM partners WHERE code = 'BENCH2'`);
    const repo = new TraineesRepository(ds.getRepository(TraineeEntity), new AuditRepository(ds));

    const results: {
      label: string;
      rows: number;
      withIndex: number;
      without: number;
      planWith: number;
      planWithout: number;
    }[] = [];
    const plans: string[] = [];
    for (const k of CASES) {
      const visibility = k.scoped
        ? { partnerIds: [second.rows[0].id], creatorId: null }
        : { partnerIds: null, creatorId: null };
      const rows = await repo.listPage({ ...k.filter, visibility }, { afterSeq: null, limit: 50 });
      const { sql, params } = capture.last ?? { sql: '', params: [] };
      const [withIndex, count] = await timeIt(c, sql, params);
      if (count !== rows.length) throw new Error(`${k.label}: ${count} rows vs ${rows.length}`);
      const [linesWith, planWith] = await plan(c, sql, params);
      plans.push(`\n== ${k.label}: with the index`, ...linesWith);
      await c.query('BEGIN');
      await c.query(`DROP INDEX ${INDEX}`);
      const [without] = await timeIt(c, sql, params);
      const [linesWithout, planWithout] = await plan(c, sql, params);
      plans.push(`== ${k.label}: without it`, ...linesWithout);
      await c.query('ROLLBACK');
      results.push({
        label: k.label,
        rows: rows.length,
        withIndex,
        without,
        planWith,
        planWithout,
      });
    }
    console.log(
      `\nfirst page (limit 50): median of ${RUNS} runs as the client waits, and Postgres's own execution time (EXPLAIN ANALYZE), ms`,
    );
    const cols = ['rows', 'with index', 'without', 'exec with', 'exec without'];
    console.log(`${'search'.padEnd(36)} ${cols.map((h) => h.padStart(12)).join(' ')}`);
    for (const r of results) {
      const cells = [
        String(r.rows),
        ...[r.withIndex, r.without, r.planWith, r.planWithout].map((x) => x.toFixed(1)),
      ];
      console.log(`${r.label.padEnd(36)} ${cells.map((x) => x.padStart(12)).join(' ')}`);
    }
    console.log(plans.join('\n'));
  } finally {
    await c.end().catch(() => undefined);
    if (ds.isInitialized) await ds.destroy();
    if (process.env.KEEP_BENCH_DB !== 'true') await dropBenchDatabase(name);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
