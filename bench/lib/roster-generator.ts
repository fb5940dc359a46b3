// A deterministic roster for the import benchmark: every row valid (CNIC last digit matches the
// gender, so no warnings either), all 18 columns of API.md, several cohorts and provinces, a mix
// of statuses, progress, completions and certifications. Same seed, same bytes.
//
// A second partner's roster (`generateSharedRoster`) is what real rosters of a national drive
// look like: new people, then people the first partner already trains, each with the second
// partner's own spelling of the name (so every shared row is an identity conflict).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ROSTER_COLUMNS } from '../../src/modules/imports/roster/roster-columns';
import { Prng } from './prng';

export interface BenchCohort {
  code: string;
  province: string;
  city: string;
  track: string;
  /** Relative share of the roster's rows. */
  weight: number;
  districts: readonly string[];
}

export const BENCH_PARTNER = { code: 'BENCH', name: 'Benchmark Partner', kind: 'industry' };
export const BENCH_PROGRAM = {
  code: 'BENCH-DIGITAL-2026',
  name: 'Benchmark Digital Skills 2026',
  target: 400_000,
  tracks: ['AI', 'Cloud', 'Cybersecurity', 'Datacom'],
};

/** The second partner of the shared-trainee scenario: its own program and cohorts. */
export const BENCH_PARTNER_B = {
  code: 'BENCHB',
  name: 'Second Benchmark Partner',
  kind: 'industry',
};
export const BENCH_PROGRAM_B = {
  code: 'BENCHB-DIGITAL-2026',
  name: 'Second Benchmark Digital Skills 2026',
  target: 250_000,
  tracks: ['AI', 'Cloud'],
};

export const BENCH_COHORTS: readonly BenchCohort[] = [
  {
    code: 'BN-LHR-2026-01',
    province: 'PB',
    city: 'Lahore',
    track: 'AI',
    weight: 22,
    districts: ['Lahore', 'Kasur', 'Sheikhupura'],
  },
  {
    code: 'BN-FSD-2026-01',
    province: 'PB',
    city: 'Faisalabad',
    track: 'Cloud',
    weight: 12,
    districts: ['Faisalabad', 'Jhang', 'Chiniot'],
  },
  {
    code: 'BN-KHI-2026-01',
    province: 'SD',
    city: 'Karachi',
    track: 'Cybersecurity',
    weight: 20,
    districts: ['Karachi South', 'Karachi East', 'Malir'],
  },
  {
    code: 'BN-HYD-2026-01',
    province: 'SD',
    city: 'Hyderabad',
    track: 'Datacom',
    weight: 8,
    districts: ['Hyderabad', 'Jamshoro'],
  },
  {
    code: 'BN-PEW-2026-01',
    province: 'KP',
    city: 'Peshawar',
    track: 'AI',
    weight: 14,
    districts: ['Peshawar', 'Mardan', 'Nowshera'],
  },
  {
    code: 'BN-QTA-2026-01',
    province: 'BA',
    city: 'Quetta',
    track: 'Cloud',
    weight: 7,
    districts: ['Quetta', 'Pishin'],
  },
  {
    code: 'BN-ISB-2026-01',
    province: 'ICT',
    city: 'Islamabad',
    track: 'Cybersecurity',
    weight: 11,
    districts: ['Islamabad'],
  },
  {
    code: 'BN-GLT-2026-01',
    province: 'GB',
    city: 'Gilgit',
    track: 'AI',
    weight: 3,
    districts: ['Gilgit', 'Hunza'],
  },
  {
    code: 'BN-MZD-2026-01',
    province: 'AJK',
    city: 'Muzaffarabad',
    track: 'Datacom',
    weight: 3,
    districts: ['Muzaffarabad', 'Mirpur'],
  },
];

export const BENCH_COHORTS_B: readonly BenchCohort[] = [
  {
    code: 'BB-LHR-2026-01',
    province: 'PB',
    city: 'Lahore',
    track: 'AI',
    weight: 40,
    districts: ['Lahore', 'Kasur'],
  },
  {
    code: 'BB-KHI-2026-01',
    province: 'SD',
    city: 'Karachi',
    track: 'Cloud',
    weight: 35,
    districts: ['Karachi South', 'Malir'],
  },
  {
    code: 'BB-PEW-2026-01',
    province: 'KP',
    city: 'Peshawar',
    track: 'AI',
    weight: 25,
    districts: ['Peshawar', 'Mardan'],
  },
];

const FEMALE_NAMES = [
  'Ayesha',
  'Fatima',
  'Zainab',
  'Maryam',
  'Hira',
  'Sana',
  'Amna',
  'Iqra',
  'Mahnoor',
  'Rabia',
  'Saba',
  'Nimra',
];
const MALE_NAMES = [
  'Ali',
  'Ahmed',
  'Hassan',
  'Usman',
  'Bilal',
  'Hamza',
  'Omar',
  'Zain',
  'Fahad',
  'Imran',
  'Saad',
  'Kashif',
];
const OTHER_NAMES = ['Noor', 'Sahar', 'Kiran', 'Shan'];
const LAST_NAMES = [
  'Khan',
  'Malik',
  'Qureshi',
  'Butt',
  'Chaudhry',
  'Sheikh',
  'Abbasi',
  'Baloch',
  'Shah',
  'Raza',
  'Siddiqui',
  'Awan',
  "D'Souza",
  'Memon',
];
const URDU_NAMES = ['عائشہ خان', 'فاطمہ ملک', 'علی رضا', 'حسن شاہ', 'زینب قریشی', 'عمر بلوچ'];
const CNIC_AREAS = [
  '35202',
  '35201',
  '42101',
  '42201',
  '17301',
  '54400',
  '61101',
  '71500',
  '82203',
  '37405',
  '33100',
  '36302',
];
const CERTIFICATIONS = ['HCIA-AI', 'HCIA-Cloud', 'HCIA-Security', 'HCIA-Datacom'];
const DAY_MS = 86_400_000;
const ENROLL_FROM = Date.UTC(2025, 0, 6);
const ENROLL_SPAN_DAYS = 540; // up to mid-2026
const LATEST = Date.UTC(2026, 9, 31); // nothing after 2026-10-31: never "in the future"

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function pickWeighted(prng: Prng, cohorts: readonly BenchCohort[], total: number): BenchCohort {
  let r = prng.next() * total;
  for (const c of cohorts) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return cohorts[cohorts.length - 1];
}

/** One data row, cells in ROSTER_COLUMNS order. `i` makes CNICs, ids and numbers unique. */
function rosterRow(
  prng: Prng,
  i: number,
  cohorts: readonly BenchCohort[],
  totalWeight: number,
  idPrefix = 'BN',
): string[] {
  const g = prng.next();
  const gender = g < 0.48 ? 'female' : g < 0.99 ? 'male' : 'transgender';
  // Serial: i × 7919 mod 10^7 is a bijection on 0..10^7-1 (7919 is coprime to 10): unique CNICs.
  const serial = String((i * 7919 + 1_234_567) % 10_000_000).padStart(7, '0');
  const area = prng.pick(CNIC_AREAS);
  const last =
    gender === 'female'
      ? prng.int(0, 4) * 2
      : gender === 'male'
        ? prng.int(0, 4) * 2 + 1
        : prng.int(0, 9);
  const cnic = prng.chance(0.25) ? `${area}-${serial}-${last}` : `${area}${serial}${last}`;

  const urdu = prng.chance(0.03);
  const first = prng.pick(
    gender === 'female' ? FEMALE_NAMES : gender === 'male' ? MALE_NAMES : OTHER_NAMES,
  );
  const surname = prng.pick(LAST_NAMES);
  const fullName = urdu ? prng.pick(URDU_NAMES) : `${first} ${surname}`;

  const cohort = pickWeighted(prng, cohorts, totalWeight);
  const dob = prng.chance(0.85)
    ? `${prng.int(1975, 2008)}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')}`
    : '';
  const province = prng.chance(0.9) ? cohort.province : '';
  const district = prng.chance(0.8) ? prng.pick(cohort.districts) : '';
  const email = prng.chance(0.6)
    ? urdu
      ? `trainee${i}@example.pk`
      : `${first}.${surname.replace(/'/g, '')}.${i}@example.pk`.toLowerCase()
    : '';
  const phone = prng.chance(0.75)
    ? `03${String(prng.int(0, 49)).padStart(2, '0')}${String(prng.int(0, 9_999_999)).padStart(7, '0')}`
    : '';
  const c = prng.next();
  const category =
    c < 0.8 ? 'youth' : c < 0.9 ? 'professional' : c < 0.95 ? 'government_official' : 'other';
  const externalId = prng.chance(0.9) ? `${idPrefix}-${String(i + 1).padStart(7, '0')}` : '';

  const s = prng.next();
  const status =
    s < 0.05
      ? ''
      : s < 0.35
        ? 'enrolled'
        : s < 0.65
          ? 'active'
          : s < 0.88
            ? 'completed'
            : 'dropped';
  let progress = '';
  if (status === 'enrolled') progress = prng.chance(0.5) ? '0' : '';
  else if (status === 'active') progress = String(prng.int(1, 99));
  else if (status === 'completed') progress = prng.chance(0.5) ? '100' : '';
  else if (status === 'dropped') progress = String(prng.int(0, 80));
  const enrolledMs = ENROLL_FROM + prng.int(0, ENROLL_SPAN_DAYS) * DAY_MS;
  let completedOn = '';
  let certification = '';
  let certificateNumber = '';
  let certifiedOn = '';
  if (status === 'completed') {
    const completedMs = Math.min(enrolledMs + prng.int(30, 120) * DAY_MS, LATEST);
    completedOn = isoDate(completedMs);
    if (prng.chance(0.6)) {
      certification = prng.pick(CERTIFICATIONS);
      certificateNumber = `${certification}-${completedOn.slice(0, 4)}-${String(i + 1).padStart(7, '0')}`;
      certifiedOn = prng.chance(0.8)
        ? isoDate(Math.min(completedMs + prng.int(0, 20) * DAY_MS, LATEST))
        : '';
    }
  }
  const cells: Record<(typeof ROSTER_COLUMNS)[number], string> = {
    cnic,
    full_name: fullName,
    gender,
    cohort_code: cohort.code,
    date_of_birth: dob,
    province,
    district,
    email,
    phone,
    category,
    external_id: externalId,
    status,
    progress_pct: progress,
    enrolled_on: isoDate(enrolledMs),
    completed_on: completedOn,
    certification,
    certificate_number: certificateNumber,
    certified_on: certifiedOn,
  };
  return ROSTER_COLUMNS.map((col) => cells[col]);
}

export interface GeneratedRoster {
  path: string;
  rows: number;
  bytes: number;
  certifications: number;
}

/** Streams CSV lines to `path`, a megabyte at a time. */
class CsvFile {
  private readonly out;
  private buffer = `${ROSTER_COLUMNS.join(',')}\n`;
  bytes = 0;
  rows = 0;
  certifications = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
  }

  async add(cells: string[]): Promise<void> {
    if (cells[ROSTER_COLUMNS.indexOf('certificate_number')] !== '') this.certifications++;
    this.rows++;
    this.buffer += `${cells.map(csvCell).join(',')}\n`;
    if (this.buffer.length >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    this.bytes += Buffer.byteLength(this.buffer);
    if (!this.out.write(this.buffer)) await once(this.out, 'drain');
    this.buffer = '';
  }

  async close(): Promise<GeneratedRoster> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
    return {
      path: this.path,
      rows: this.rows,
      bytes: this.bytes,
      certifications: this.certifications,
    };
  }
}

const weightOf = (cohorts: readonly BenchCohort[]) => cohorts.reduce((sum, c) => sum + c.weight, 0);

/** Writes the roster CSV (header + `rows` rows, `\n` line ends) to `path`. */
export async function generateRoster(
  path: string,
  rows: number,
  seed: number,
): Promise<GeneratedRoster> {
  const prng = new Prng(seed);
  const totalWeight = weightOf(BENCH_COHORTS);
  const file = new CsvFile(path);
  for (let i = 0; i < rows; i++) await file.add(rosterRow(prng, i, BENCH_COHORTS, totalWeight));
  return file.close();
}

/** The second partner's spelling of a name: surname first, as many registers write it. */
function respell(fullName: string): string {
  const words = fullName.split(' ');
  if (words.length < 2) return `${fullName} B`;
  // Urdu names are written right to left: the same words in the other order still differ.
  return /[A-Za-z]/.test(fullName)
    ? `${words.slice(1).join(' ')}, ${words[0]}`
    : words.reverse().join(' ');
}

/**
 * Partner B's roster: `newRows` people nobody has (CNIC serials after the first roster's
 * `firstRows`), then `sharedRows` of the first roster's people (its first rows, regenerated from
 * its seed) with B's spelling of the name, B's cohorts, ids and statuses. Identity cells other
 * than the name are the first roster's, so each shared row differs in exactly the name.
 */
export async function generateSharedRoster(
  path: string,
  opts: { firstSeed: number; firstRows: number; newRows: number; sharedRows: number; seed: number },
): Promise<GeneratedRoster> {
  const prng = new Prng(opts.seed);
  const first = new Prng(opts.firstSeed);
  const weightA = weightOf(BENCH_COHORTS);
  const weightB = weightOf(BENCH_COHORTS_B);
  const file = new CsvFile(path);
  for (let i = 0; i < opts.newRows; i++) {
    await file.add(rosterRow(prng, opts.firstRows + i, BENCH_COHORTS_B, weightB, 'BB'));
  }
  for (let i = 0; i < opts.sharedRows; i++) {
    const theirs = rosterRow(first, i, BENCH_COHORTS, weightA);
    const ours = rosterRow(prng, opts.firstRows + opts.newRows + i, BENCH_COHORTS_B, weightB, 'BB');
    await file.add(sharePerson(ours, theirs));
  }
  return file.close();
}

const col = (name: (typeof ROSTER_COLUMNS)[number]) => ROSTER_COLUMNS.indexOf(name);

/** B's row for A's person: A's identity cells, B's spelling of the name, B's everything else. */
function sharePerson(ours: string[], theirs: string[]): string[] {
  for (const c of [
    'cnic',
    'gender',
    'date_of_birth',
    'province',
    'district',
    'category',
  ] as const) {
    ours[col(c)] = theirs[col(c)];
  }
  ours[col('full_name')] = respell(theirs[col('full_name')]);
  return ours;
}

/**
 * Partner B's roster for the two-worker run: `rows` rows where row i is the first roster's row i's
 * person (B's spelling of the name) when i % `shareEvery` === 0 (never when `shareEvery` is 0:
 * distinct people), and a new person otherwise. The
 * shared people sit where they sit in the first roster, so two workers importing both files at
 * once reach the same trainees at about the same time: the overlap that makes them contend.
 */
export async function generateOverlappingRoster(
  path: string,
  opts: { firstSeed: number; firstRows: number; rows: number; shareEvery: number; seed: number },
): Promise<GeneratedRoster & { shared: number }> {
  const prng = new Prng(opts.seed);
  const first = new Prng(opts.firstSeed);
  const weightA = weightOf(BENCH_COHORTS);
  const weightB = weightOf(BENCH_COHORTS_B);
  const file = new CsvFile(path);
  let shared = 0;
  for (let i = 0; i < opts.rows; i++) {
    // The first roster's row i is generated whether shared or not, to keep its PRNG in step.
    const theirs = i < opts.firstRows ? rosterRow(first, i, BENCH_COHORTS, weightA) : null;
    // New people's serials start after both rosters' first `firstRows`: unique CNICs.
    const ours = rosterRow(prng, opts.firstRows + i, BENCH_COHORTS_B, weightB, 'BB');
    if (theirs && opts.shareEvery > 0 && i % opts.shareEvery === 0) {
      shared++;
      await file.add(sharePerson(ours, theirs));
    } else {
      await file.add(ours);
    }
  }
  return { ...(await file.close()), shared };
}
