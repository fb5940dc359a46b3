// What each part of our schema costs a bulk load: the SQL baseline (COPY + set-based upserts, the
// same statements as bench:import's baselines) run on our migrated schema as it is, then on copies
// with one thing taken away (an index, a foreign key, the random UUID key, …), then with all of
// them taken away, beside the lean schema. Each row of the table is the price of one lever of
// issue 20 in seconds, so a schema change is chosen on a measured cost, not a guess.
//
// Every variant gets a fresh database, so each load starts equal; each is loaded twice (the first
// import, then the same roster again: the unchanged re-import) and the whole list runs
// `BENCH_SCHEMA_ROUNDS` times (default 2) in alternating order, to show the noise beside the
// figure. Env: BENCH_ROWS (300000), BENCH_SEED, BENCH_SCHEMA_ONLY (comma list of variant names).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CATALOGUE_A,
  createBenchDatabase,
  dropBenchDatabase,
  seedCatalogue,
} from './lib/bench-databases';
import { createLeanSchema, seedLeanCatalogue } from './lib/lean-baseline';
import { withClient } from './lib/pg-client';
import { generateRoster } from './lib/roster-generator';
import { runBaseline } from './lib/sql-baseline';
import { renderTable } from './lib/summary-table';

const ROWS = Number(process.env.BENCH_ROWS ?? 300_000);
const SEED = Number(process.env.BENCH_SEED ?? 20_260_301);
const ROUNDS = Number(process.env.BENCH_SCHEMA_ROUNDS ?? 2);

// A time-ordered UUID (version 7) in SQL, for servers before PostgreSQL 18's uuidv7(): the
// random v4's first 48 bits replaced by the Unix time in milliseconds, version nibble 4 → 7.
const UUID_V7 = `
  CREATE FUNCTION bench_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
      substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
      FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
  $$;
  ALTER TABLE trainees ALTER COLUMN id SET DEFAULT bench_uuid_v7();
  ALTER TABLE enrollments ALTER COLUMN id SET DEFAULT bench_uuid_v7();
  ALTER TABLE certifications ALTER COLUMN id SET DEFAULT bench_uuid_v7();`;

const LEVERS: Record<string, string> = {
  'trainees: no name-search (trgm) index': 'DROP INDEX trainees_full_name_trgm_idx',
  'trainees: trgm index with a 64 MB pending list':
    'ALTER INDEX trainees_full_name_trgm_idx SET (gin_pending_list_limit = 65536)',
  'trainees: no province index': 'DROP INDEX trainees_province_idx',
  'all tables: no seq key (+ its indexes)': `
    DROP INDEX trainees_province_idx, trainees_created_by_idx, enrollments_cohort_idx,
      enrollments_partner_idx, enrollments_program_idx, enrollments_status_idx,
      certifications_partner_idx, certifications_program_idx;
    ALTER TABLE trainees DROP CONSTRAINT trainees_seq_key;
    ALTER TABLE enrollments DROP CONSTRAINT enrollments_seq_key;
    ALTER TABLE certifications DROP CONSTRAINT certifications_seq_key`,
  'enrollments: seq unique key only': 'ALTER TABLE enrollments DROP CONSTRAINT enrollments_seq_key',
  'enrollments: no cohort/partner/program/status indexes': `
    DROP INDEX enrollments_cohort_idx, enrollments_partner_idx, enrollments_program_idx,
      enrollments_status_idx`,
  'enrollments: no status index': 'DROP INDEX enrollments_status_idx',
  'enrollments + certs: no composite foreign keys': `
    ALTER TABLE enrollments DROP CONSTRAINT enrollments_cohort_program_fkey,
      DROP CONSTRAINT enrollments_program_partner_fkey;
    ALTER TABLE certifications DROP CONSTRAINT certifications_program_partner_fkey`,
  'time-ordered (v7) UUID keys': UUID_V7,
  'no CHECK constraints': `
    ALTER TABLE trainees DROP CONSTRAINT trainees_category_check,
      DROP CONSTRAINT trainees_cnic_check, DROP CONSTRAINT trainees_full_name_check,
      DROP CONSTRAINT trainees_gender_check, DROP CONSTRAINT trainees_province_check;
    ALTER TABLE enrollments DROP CONSTRAINT enrollments_check,
      DROP CONSTRAINT enrollments_check1, DROP CONSTRAINT enrollments_progress_pct_check,
      DROP CONSTRAINT enrollments_status_check`,
};

interface Variant {
  name: string;
  schema: 'ours' | 'lean';
  ddl: string[];
}

const VARIANTS: Variant[] = [
  { name: 'our schema (heavy baseline)', schema: 'ours', ddl: [] },
  ...Object.entries(LEVERS).map(([name, ddl]) => ({
    name: `  - ${name}`,
    schema: 'ours' as const,
    ddl: [ddl],
  })),
  {
    name: 'our schema, every lever above',
    schema: 'ours',
    ddl: Object.entries(LEVERS)
      .filter(
        ([name]) =>
          !/^trainees: (no province|trgm index with)|^enrollments: (seq|no (cohort|status))/.test(
            name,
          ),
      )
      .map(([, ddl]) => ddl),
  },
  { name: 'lean schema (lean baseline)', schema: 'lean', ddl: [] },
];

interface Figures {
  first: number[];
  unchanged: number[];
}

async function runVariant(variant: Variant, index: number, csv: string): Promise<[number, number]> {
  const db = `bench_schema_${process.pid}_${index}`;
  const url = await createBenchDatabase(db, { migrate: variant.schema === 'ours' });
  try {
    let partnerId: string;
    if (variant.schema === 'lean') {
      await createLeanSchema(url);
      partnerId = await seedLeanCatalogue(url, CATALOGUE_A);
    } else {
      partnerId = (await seedCatalogue(url, CATALOGUE_A)).partnerId;
      for (const ddl of variant.ddl) await withClient(url, (c) => c.query(ddl));
    }
    await withClient(url, (c) => c.query('CHECKPOINT'));
    const first = await runBaseline(url, csv, partnerId);
    const unchanged = await runBaseline(url, csv, partnerId);
    if (first.trainees.inserted !== ROWS) {
      throw new Error(`${variant.name}: ${first.trainees.inserted} trainees inserted, not ${ROWS}`);
    }
    return [first.totalSeconds, unchanged.totalSeconds];
  } finally {
    await dropBenchDatabase(db);
  }
}

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const only = process.env.BENCH_SCHEMA_ONLY?.split(',').map((s) => s.trim());
  const variants = VARIANTS.filter(
    (v, i) => i === 0 || !only || only.some((o) => v.name.includes(o)),
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-schema-'));
  try {
    const csv = join(dir, 'roster.csv');
    await generateRoster(csv, ROWS, SEED);
    console.log(`schema costs: ${ROWS} rows, ${variants.length} variants, ${ROUNDS} rounds`);
    const figures = new Map<string, Figures>(
      variants.map((v) => [v.name, { first: [], unchanged: [] }]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const [i, v] of order.entries()) {
        const [first, unchanged] = await runVariant(v, round * 100 + i, csv);
        const f = figures.get(v.name) as Figures;
        f.first.push(first);
        f.unchanged.push(unchanged);
        console.log(
          `  round ${round + 1}: ${v.name.trim()}: ${first.toFixed(1)} s, ${unchanged.toFixed(1)} s`,
        );
      }
    }
    const heavy = figures.get(variants[0].name) as Figures;
    const rows = variants.map((v) => {
      const f = figures.get(v.name) as Figures;
      return [
        v.name,
        fmt(f.first),
        `${(mean(f.first) - mean(heavy.first)).toFixed(1)}`,
        fmt(f.unchanged),
        `${(mean(f.unchanged) - mean(heavy.unchanged)).toFixed(1)}`,
      ];
    });
    console.log('');
    for (const line of renderTable(
      ['schema', 'first (s)', 'Δ first', 're-import (s)', 'Δ re-import'],
      rows,
    )) {
      console.log(line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
