// What the crash tests share: a roster whose outcome is known row by row, and the check that
// the tables hold exactly what an undisturbed run of it would (computed from the roster itself).
import type { DataSource } from 'typeorm';
import { newCnic, rosterCsv } from '../factories/rosters';
import { problemsOf, type ImportView } from './imports';
import type { TestApp } from './test-app';

export interface Roster {
  csv: string;
  valid: { cnic: string; full_name: string; cohort_code: string; status: string }[];
  badLines: number[];
  warningLines: number[];
}

/** A worker process of the crash tests: small batches, a short job lock, a quick reconciler. */
export function crashTestWorkerEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: process.env.REDIS_PREFIX,
    JWT_SECRET: 'durability-test-secret-long-enough',
    MIGRATIONS_RUN: 'false',
    IMPORT_BATCH_SIZE: '500',
    IMPORT_JOB_LOCK_MS: '2000',
    RECONCILE_EVERY_SECONDS: '1',
    // Workers serve health and metrics on a port of their own: any free one here.
    WORKER_HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

/** Names hold letters only: 0 → "a", 27 → "ab". */
export function letters(n: number): string {
  let s = '';
  let v = n;
  do {
    s = String.fromCharCode(97 + (v % 26)) + s;
    v = Math.floor(v / 26);
  } while (v > 0);
  return s;
}

/** N rows; every 997th has a bad CNIC (rejected), every 499th a gender/CNIC mismatch (warning). */
export function buildRoster(n: number, cohorts: string[], tag: string): Roster {
  const rows: Record<string, string>[] = [];
  const valid: Roster['valid'] = [];
  const badLines: number[] = [];
  const warningLines: number[] = [];
  for (let i = 0; i < n; i++) {
    const line = i + 2;
    const female = i % 2 === 0;
    const mismatch = i % 499 === 0;
    const cnic = newCnic(female !== mismatch ? 'female' : 'male');
    const row = {
      cnic: i % 997 === 5 ? `BAD${i}` : cnic,
      full_name: `Trainee ${tag} ${letters(i)}`,
      gender: female ? 'female' : 'male',
      cohort_code: cohorts[i % cohorts.length],
      status: i % 3 === 0 ? 'active' : 'enrolled',
      progress_pct: String(i % 90),
    };
    rows.push(row);
    if (row.cnic.startsWith('BAD')) badLines.push(line);
    else {
      valid.push(row);
      if (mismatch) warningLines.push(line);
    }
  }
  return { csv: rosterCsv(rows), valid, badLines, warningLines };
}

/** The import's counts, its stored rows and its problem lines are exactly the roster's. */
export async function expectExactlyApplied(
  t: TestApp,
  db: DataSource,
  done: ImportView,
  roster: Roster,
  key: string,
): Promise<void> {
  expect(done).toMatchObject({
    status: 'completed',
    totalRows: roster.valid.length + roster.badLines.length,
    processedRows: roster.valid.length + roster.badLines.length,
    created: roster.valid.length,
    updated: 0,
    unchanged: 0,
    rejected: roster.badLines.length,
    warnings: roster.warningLines.length,
  });
  const stored: Roster['valid'] = await db.query(
    `SELECT t.cnic, t.full_name, c.code AS cohort_code, e.status
     FROM trainees t JOIN enrollments e ON e.trainee_id = t.id JOIN cohorts c ON c.id = e.cohort_id
     WHERE t.cnic = ANY($1) ORDER BY t.cnic`,
    [roster.valid.map((r) => r.cnic)],
  );
  const expected = [...roster.valid]
    .map(({ cnic, full_name, cohort_code, status }) => ({ cnic, full_name, cohort_code, status }))
    .sort((a, b) => (a.cnic < b.cnic ? -1 : 1));
  expect(stored).toEqual(expected);
  const problems = await problemsOf(t, key, done.id);
  expect(problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual(
    roster.badLines,
  );
  expect(problems.filter((p) => p.severity === 'warning').map((p) => p.line)).toEqual(
    roster.warningLines,
  );
}
