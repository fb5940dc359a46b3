// Randomised, seeded multi-partner data sets for the report tests: partners with several
// programs (sub-targets by gender, province and track), cohorts, trainees (some without a
// province, some enrolled with two partners, some in two programs of one partner), rosters in
// two phases (the second moves cohorts, drops, completes and certifies) and revocations.
// Everything a report must show is computed from these rows in report-truth.ts.
//
// Two ways to load a data set: through the real roster import API (as partners do), or
// straight through SQL (for tests of the report layer alone, and the benchmark's shape).
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SystemClock } from '../../src/core/clock/clock';
import { JobDispatcher } from '../../src/core/queue/job-dispatcher';
import type { ImportView } from '../helpers/imports';
import { progressQueueIdle } from '../helpers/queues';
import type { TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/test-app';
import { createPartner, type TestPartner } from './actors';
import { createCohort, createProgram } from './catalog';

export type Rand = () => number;

/** mulberry32: a small seeded PRNG, so a failing seed can be replayed. */
export function seededRandom(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const DAY = 86_400_000;
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
/** Today by the api's own rule (core/clock: the UTC day), so figures agree at any hour. */
export function apiToday(): string {
  return new SystemClock().today();
}

export const PROVINCE_CODES = ['PB', 'SD', 'KP', 'BA', 'ICT', 'GB', 'AJK'];
export type Status = 'enrolled' | 'active' | 'completed' | 'dropped';

export interface GenProgram {
  code: string;
  name: string;
  partnerCode: string;
  targetTrainees: number;
  targets: { dimension: 'province' | 'gender' | 'track'; key: string; target: number }[];
  tracks: string[];
  startsOn: string;
  endsOn: string;
}

export interface GenCohort {
  code: string;
  name: string;
  programCode: string;
  track: string;
  province: string;
}

export interface GenTrainee {
  cnic: string;
  fullName: string;
  gender: 'female' | 'male' | 'transgender';
  province: string | null;
}

/** One roster line: the full state of one enrollment (plus, optionally, a certification). */
export interface RosterRow {
  partnerCode: string;
  programCode: string;
  cnic: string;
  cohortCode: string;
  status: Status;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
  certification: { name: string; number: string; issuedOn: string } | null;
}

export interface Dataset {
  today: string;
  partners: { code: string; name: string }[];
  programs: GenProgram[];
  cohorts: GenCohort[];
  trainees: GenTrainee[];
  /** Applied in order; a later row for the same (trainee, program) replaces the state. */
  phases: RosterRow[][];
  /** Certificates revoked after the last phase. */
  revoke: { partnerCode: string; certificateNumber: string }[];
}

let cnicCounter = 0;
/** A CNIC no other data set uses; its last digit agrees with the gender (no warnings). */
function freshCnic(r: Rand, gender: GenTrainee['gender']): string {
  cnicCounter += 1;
  const body = `${int(r, 1, 9)}${String(Date.now() % 1e7).padStart(7, '0')}${String(cnicCounter % 1e4).padStart(4, '0')}`;
  const even = gender === 'female';
  const last = int(r, 0, 4) * 2 + (even ? 0 : 1);
  return `${body.slice(0, 12)}${last}`;
}

const FIRST = ['Ayesha', 'Bilal', 'Sana', 'Usman', 'Fatima', 'Hamza', 'Zainab', 'Ali', 'Mahnoor'];
const LAST = ['Khan', 'Siddiqui', 'Baloch', 'Qureshi', 'Shah', 'Butt', 'Memon', 'Awan'];

/**
 * A data set of three partners: A with two programs, B with one that has ended, C with one
 * that has not started. `size` trainees in the first phase, a fifth more in the second.
 */
export function generateDataset(seed: number, size = 160): Dataset {
  const r = seededRandom(seed);
  const today = apiToday();
  const tag = `${seed.toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;
  const partners = ['A', 'B', 'C'].map((x) => ({
    code: `RP${tag}${x}`,
    name: `Report partner ${x} ${tag}`,
  }));
  const [pa, pb, pc] = partners.map((p) => p.code);
  const programs: GenProgram[] = [
    {
      code: `${pa}-1`,
      name: `A first ${tag}`,
      partnerCode: pa,
      targetTrainees: int(r, 90, 140),
      targets: [
        { dimension: 'gender', key: 'female', target: int(r, 30, 60) },
        { dimension: 'province', key: 'PB', target: int(r, 20, 40) },
        { dimension: 'province', key: 'SD', target: int(r, 10, 30) },
        { dimension: 'track', key: 'AI', target: int(r, 40, 70) },
      ],
      tracks: ['AI', 'Cloud'],
      startsOn: shiftDay(today, -int(r, 150, 250)),
      endsOn: shiftDay(today, int(r, 100, 200)),
    },
    {
      code: `${pa}-2`,
      name: `A second ${tag}`,
      partnerCode: pa,
      targetTrainees: int(r, 60, 100),
      targets: [
        { dimension: 'gender', key: 'female', target: int(r, 20, 40) },
        { dimension: 'track', key: 'Cloud', target: int(r, 20, 40) },
      ],
      tracks: ['Cloud', 'Cyber'],
      startsOn: shiftDay(today, -int(r, 60, 120)),
      endsOn: shiftDay(today, int(r, 200, 300)),
    },
    {
      code: `${pb}-1`,
      name: `B ended ${tag}`,
      partnerCode: pb,
      targetTrainees: int(r, 80, 120),
      targets: [
        { dimension: 'province', key: 'PB', target: int(r, 20, 40) },
        { dimension: 'gender', key: 'female', target: int(r, 30, 50) },
      ],
      tracks: ['AI', 'Cyber'],
      startsOn: shiftDay(today, -int(r, 280, 330)),
      endsOn: shiftDay(today, -int(r, 5, 20)),
    },
    {
      code: `${pc}-1`,
      name: `C upcoming ${tag}`,
      partnerCode: pc,
      targetTrainees: int(r, 40, 80),
      targets: [],
      tracks: ['AI'],
      startsOn: shiftDay(today, int(r, 10, 30)),
      endsOn: shiftDay(today, int(r, 300, 400)),
    },
  ];
  const cohorts: GenCohort[] = [];
  for (const p of programs) {
    for (let i = 0; i < 3; i++) {
      cohorts.push({
        code: `${p.code}-C${i}`,
        name: `Cohort ${i} of ${p.code}`,
        programCode: p.code,
        track: p.tracks[i % p.tracks.length],
        province: pick(r, PROVINCE_CODES),
      });
    }
  }
  const cohortsOf = (programCode: string) => cohorts.filter((c) => c.programCode === programCode);

  const newTrainee = (): GenTrainee => {
    const x = r();
    const gender = x < 0.45 ? 'female' : x < 0.95 ? 'male' : 'transgender';
    return {
      cnic: freshCnic(r, gender),
      fullName: `${pick(r, FIRST)} ${pick(r, LAST)}`,
      gender,
      province: r() < 0.12 ? null : pick(r, PROVINCE_CODES),
    };
  };

  let certNo = 0;
  const certFor = (p: GenProgram, completedOn: string) => {
    certNo += 1;
    const issued = shiftDay(completedOn, int(r, 0, 5));
    return {
      name: `CERT-${p.tracks[0]}`,
      number: `${tag}-${certNo}`,
      issuedOn: issued > today ? today : issued,
    };
  };

  const enrollRow = (trainee: GenTrainee, p: GenProgram): RosterRow => {
    const enrolledOn = shiftDay(today, -int(r, 5, 260));
    const x = r();
    const status: Status =
      x < 0.25 ? 'enrolled' : x < 0.6 ? 'active' : x < 0.85 ? 'completed' : 'dropped';
    const span = Math.round((Date.parse(today) - Date.parse(enrolledOn)) / DAY);
    const completedOn =
      status === 'completed'
        ? shiftDay(enrolledOn, r() < 0.4 ? Math.max(0, span - int(r, 0, 25)) : int(r, 0, span))
        : null;
    return {
      partnerCode: p.partnerCode,
      programCode: p.code,
      cnic: trainee.cnic,
      cohortCode: pick(r, cohortsOf(p.code)).code,
      status,
      progressPct: status === 'completed' ? 100 : int(r, 0, 90),
      enrolledOn,
      completedOn,
      certification: completedOn !== null && r() < 0.6 ? certFor(p, completedOn) : null,
    };
  };

  const trainees: GenTrainee[] = [];
  const phase1: RosterRow[] = [];
  const weights = [0.35, 0.25, 0.25, 0.15];
  const pickProgram = () => {
    let x = r();
    for (let i = 0; i < programs.length; i++) {
      if (x < weights[i]) return programs[i];
      x -= weights[i];
    }
    return programs[0];
  };
  for (let i = 0; i < size; i++) {
    const trainee = newTrainee();
    trainees.push(trainee);
    const first = pickProgram();
    phase1.push(enrollRow(trainee, first));
    const y = r();
    if (y < 0.12) {
      // The same partner's other program (A only has two): counts once for the partner.
      const other = programs.find((p) => p.partnerCode === pa && p.code !== first.code);
      const second = first.partnerCode === pa && other ? other : programs[1];
      if (second.code !== first.code) phase1.push(enrollRow(trainee, second));
    } else if (y < 0.25) {
      // Another partner's program: a shared trainee, once in the national unique counts.
      const second = pick(
        r,
        programs.filter((p) => p.partnerCode !== first.partnerCode),
      );
      phase1.push(enrollRow(trainee, second));
    }
  }

  // Phase 2: cohort moves, progress, drops, completions with certificates, second
  // certificates, and a few new trainees.
  const phase2: RosterRow[] = [];
  for (const row of phase1) {
    if (r() > 0.35) continue;
    const p = programs.find((x) => x.code === row.programCode) as GenProgram;
    const next: RosterRow = { ...row, certification: null };
    const x = r();
    if (x < 0.3) {
      const others = cohortsOf(p.code).filter((c) => c.code !== row.cohortCode);
      next.cohortCode = pick(r, others).code;
    } else if (x < 0.55 && row.status === 'enrolled') {
      next.status = 'active';
      next.progressPct = Math.max(row.progressPct, 10);
    } else if (x < 0.8 && (row.status === 'enrolled' || row.status === 'active')) {
      next.status = 'completed';
      next.progressPct = 100;
      next.completedOn = shiftDay(today, -int(r, 0, 40));
      if (next.completedOn < row.enrolledOn) next.completedOn = row.enrolledOn;
      if (r() < 0.7) next.certification = certFor(p, next.completedOn);
    } else if (row.status === 'enrolled' || row.status === 'active') {
      next.status = 'dropped';
    } else if (row.status === 'completed') {
      // A second certificate for the same program: still one certified trainee.
      next.certification = certFor(p, row.completedOn as string);
    } else {
      continue;
    }
    phase2.push(next);
  }
  for (let i = 0; i < Math.ceil(size / 5); i++) {
    const trainee = newTrainee();
    trainees.push(trainee);
    phase2.push(enrollRow(trainee, pickProgram()));
  }

  const certs = [...phase1, ...phase2].flatMap((row) =>
    row.certification ? [{ partnerCode: row.partnerCode, number: row.certification.number }] : [],
  );
  const revoke = certs
    .filter(() => r() < 0.25)
    .map((c) => ({ partnerCode: c.partnerCode, certificateNumber: c.number }));

  return { today, partners, programs, cohorts, trainees, phases: [phase1, phase2], revoke };
}

export interface LoadedCatalog {
  partners: Map<string, TestPartner>;
  programIds: Map<string, string>;
}

/** Partners (with API keys), programs and cohorts, through the public API. */
export async function createCatalog(t: TestApp, data: Dataset): Promise<LoadedCatalog> {
  const partners = new Map<string, TestPartner>();
  for (const p of data.partners) {
    partners.set(p.code, await createPartner(t, { code: p.code, name: p.name }));
  }
  const programIds = new Map<string, string>();
  for (const p of data.programs) {
    const created = await createProgram(t, { ...p, status: 'active' });
    programIds.set(p.code, created.id);
  }
  for (const c of data.cohorts) {
    await createCohort(t, {
      code: c.code,
      name: c.name,
      programCode: c.programCode,
      track: c.track,
      province: c.province,
    });
  }
  return { partners, programIds };
}

const ROSTER_HEADER = [
  'cnic',
  'full_name',
  'gender',
  'cohort_code',
  'province',
  'status',
  'progress_pct',
  'enrolled_on',
  'completed_on',
  'certification',
  'certificate_number',
  'certified_on',
];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Roster files for one partner's rows: a CNIC appears once per file (a second line would be
 * rejected as duplicate_in_file), so a trainee in two of its programs goes to a second file.
 */
export function rosterFiles(data: Dataset, rows: RosterRow[]): string[] {
  const trainees = new Map(data.trainees.map((x) => [x.cnic, x]));
  const files: string[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const n = seen.get(row.cnic) ?? 0;
    seen.set(row.cnic, n + 1);
    const trainee = trainees.get(row.cnic) as GenTrainee;
    files[n] ??= [ROSTER_HEADER.join(',')];
    files[n].push(
      [
        row.cnic,
        trainee.fullName,
        trainee.gender,
        row.cohortCode,
        trainee.province ?? '',
        row.status,
        String(row.progressPct),
        row.enrolledOn,
        row.completedOn ?? '',
        row.certification?.name ?? '',
        row.certification?.number ?? '',
        row.certification?.issuedOn ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return files.map((lines) => `${lines.join('\r\n')}\r\n`);
}

/** A finished import as the API answers it, with its problems CSV when rows were rejected. */
export type ImportStatusBody = ImportView & { problems?: string };

/** Uploads one roster as the partner and waits for it to finish. */
export async function importRoster(
  t: TestApp,
  partner: TestPartner,
  csv: string,
): Promise<ImportStatusBody> {
  const res = await t
    .http()
    .post('/api/v1/imports')
    .set('X-API-Key', partner.apiKey)
    .set('Content-Type', 'text/csv')
    .send(csv);
  if (res.status !== 202) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
  const id = (res.body as { id: string }).id;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', partner.apiKey);
    const body = s.body as ImportStatusBody;
    if (['completed', 'failed', 'cancelled'].includes(body.status)) {
      if (body.rejected > 0) {
        const errors = await t
          .http()
          .get(`/api/v1/imports/${id}/errors`)
          .set('X-API-Key', partner.apiKey);
        body.problems = errors.text;
      }
      return body;
    }
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Revokes certificates through the certifications API (as a coordinator would). */
export async function revokeThroughApi(t: TestApp, data: Dataset): Promise<void> {
  const ids = new Map<string, string>();
  for (const program of data.programs) {
    let cursor: string | null = null;
    do {
      const list = await t
        .http()
        .get('/api/v1/certifications')
        .query({ programCode: program.code, limit: 500, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.adminToken));
      if (list.status !== 200) throw new Error(`list certifications: ${list.status}`);
      const body = list.body as {
        items: { id: string; certificateNumber: string }[];
        nextCursor: string | null;
      };
      for (const c of body.items) ids.set(`${program.partnerCode}|${c.certificateNumber}`, c.id);
      cursor = body.nextCursor;
    } while (cursor);
  }
  for (const r of data.revoke) {
    const id = ids.get(`${r.partnerCode}|${r.certificateNumber}`);
    if (!id) throw new Error(`certificate ${r.certificateNumber} not found`);
    const res = await t
      .http()
      .post(`/api/v1/certifications/${id}/revoke`)
      .set(bearer(t.adminToken))
      .send({});
    if (res.status >= 300) throw new Error(`revoke: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/**
 * Loads the rosters through SQL with the import's semantics (trainee by CNIC, an empty cell
 * keeps the stored value; enrollment by trainee and program; certificate by partner and
 * number), revokes, and signals a recompute per program as the API does.
 */
export async function loadThroughSql(
  t: TestApp,
  data: Dataset,
  { awaitFigures = true }: { awaitFigures?: boolean } = {},
): Promise<void> {
  const ds = t.app.get(DataSource);
  const trainees = new Map(data.trainees.map((x) => [x.cnic, x]));
  for (const phase of data.phases) {
    for (const row of phase) {
      const trainee = trainees.get(row.cnic) as GenTrainee;
      await ds.query(
        `INSERT INTO trainees (cnic, full_name, gender, province) VALUES ($1, $2, $3, $4)
         ON CONFLICT (cnic) DO UPDATE SET province = coalesce(EXCLUDED.province, trainees.province)`,
        [trainee.cnic, trainee.fullName, trainee.gender, trainee.province],
      );
      await ds.query(
        `INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, status,
                                  progress_pct, enrolled_on, completed_on)
         SELECT t.id, c.program_id, c.id, p.partner_id, $3, $4, $5, $6
         FROM trainees t, cohorts c JOIN programs p ON p.id = c.program_id
         WHERE t.cnic = $1 AND c.code = $2
         ON CONFLICT (trainee_id, program_id) DO UPDATE SET cohort_id = EXCLUDED.cohort_id,
           status = EXCLUDED.status, progress_pct = EXCLUDED.progress_pct,
           enrolled_on = EXCLUDED.enrolled_on, completed_on = EXCLUDED.completed_on`,
        [row.cnic, row.cohortCode, row.status, row.progressPct, row.enrolledOn, row.completedOn],
      );
      if (row.certification) {
        await ds.query(
          `INSERT INTO certifications (trainee_id, program_id, partner_id, name,
                                       certificate_number, issued_on, verification_code)
           SELECT t.id, p.id, p.partner_id, $3, $4, $5, $6
           FROM trainees t, programs p WHERE t.cnic = $1 AND p.code = $2
           ON CONFLICT (partner_id, certificate_number) DO NOTHING`,
          [
            row.cnic,
            row.programCode,
            row.certification.name,
            row.certification.number,
            row.certification.issuedOn,
            randomBytes(8).toString('hex'),
          ],
        );
      }
    }
  }
  for (const r of data.revoke) {
    await ds.query(
      `UPDATE certifications c SET revoked_at = now() FROM partners p
       WHERE p.id = c.partner_id AND p.code = $1 AND c.certificate_number = $2`,
      [r.partnerCode, r.certificateNumber],
    );
  }
  const dispatcher = t.app.get(JobDispatcher);
  const ids = (await ds.query('SELECT id FROM programs WHERE code = ANY($1)', [
    data.programs.map((p) => p.code),
  ])) as { id: string }[];
  const [{ loadedAt }] = (await ds.query('SELECT clock_timestamp() AS "loadedAt"')) as {
    loadedAt: Date;
  }[];
  for (const { id } of ids) await dispatcher.enqueueRecompute(id);
  if (awaitFigures) {
    await figuresComputedSince(ds, data, loadedAt);
    // …and the data-quality recomputes those jobs run after them.
    await progressQueueIdle(t);
  }
}

/**
 * Waits until every program, every partner and the national figures were recomputed by a
 * transaction that began after `since`, so every report reads the loaded rows (waiting on one
 * partner's figures alone let a test read another's before its recompute ran).
 */
async function figuresComputedSince(ds: DataSource, data: Dataset, since: Date): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [{ stale }] = (await ds.query(
      `SELECT (SELECT count(*) FROM programs p
                LEFT JOIN progress_programs f ON f.program_id = p.id
                WHERE p.code = ANY($1) AND (f.recomputed_at IS NULL OR f.recomputed_at < $3))
            + (SELECT count(*) FROM partners p
                LEFT JOIN progress_partners f ON f.partner_id = p.id
                WHERE p.code = ANY($2) AND (f.recomputed_at IS NULL OR f.recomputed_at < $3))
            + (SELECT count(*) FROM (SELECT 1) one
                LEFT JOIN progress_national f ON true
                WHERE f.recomputed_at IS NULL OR f.recomputed_at < $3) AS stale`,
      [data.programs.map((p) => p.code), data.partners.map((p) => p.code), since],
    )) as { stale: string }[];
    if (Number(stale) === 0) return;
    if (Date.now() > deadline) throw new Error('report figures were never recomputed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Loads the rosters through the real import API, phase by phase and partner by partner (as
 * partners upload them), then revokes certificates through the API. Answers each partner's
 * last import finish time (the partner rows' lastImportAt).
 */
export async function loadThroughImports(
  t: TestApp,
  data: Dataset,
  catalog: LoadedCatalog,
): Promise<Map<string, string | null>> {
  const lastImportAt = new Map<string, string | null>(data.partners.map((p) => [p.code, null]));
  for (const phase of data.phases) {
    for (const p of data.partners) {
      const partner = catalog.partners.get(p.code) as TestPartner;
      const rows = phase.filter((row) => row.partnerCode === p.code);
      for (const csv of rosterFiles(data, rows)) {
        const result = await importRoster(t, partner, csv);
        if (result.status !== 'completed' || result.rejected !== 0) {
          throw new Error(`roster import for ${p.code}: ${JSON.stringify(result)}`);
        }
        lastImportAt.set(p.code, result.finishedAt);
      }
    }
  }
  await revokeThroughApi(t, data);
  return lastImportAt;
}
