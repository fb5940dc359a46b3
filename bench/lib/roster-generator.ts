// A deterministic roster for the import benchmark: every row valid (CNIC last digit matches the
// gender, so no warnings either), all 18 columns of API.md, several cohorts and provinces, a mix
// of statuses, progress, completions and certifications. Same seed, same bytes.
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
function rosterRow(prng: Prng, i: number, totalWeight: number): string[] {
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

  const cohort = pickWeighted(prng, BENCH_COHORTS, totalWeight);
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
  const externalId = prng.chance(0.9) ? `BN-${String(i + 1).padStart(7, '0')}` : '';

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

/** Writes the roster CSV (header + `rows` rows, `\n` line ends) to `path`. */
export async function generateRoster(
  path: string,
  rows: number,
  seed: number,
): Promise<GeneratedRoster> {
  const prng = new Prng(seed);
  const totalWeight = BENCH_COHORTS.reduce((sum, c) => sum + c.weight, 0);
  const out = createWriteStream(path);
  let bytes = 0;
  let certifications = 0;
  let buffer = `${ROSTER_COLUMNS.join(',')}\n`;
  const flush = async (): Promise<void> => {
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  for (let i = 0; i < rows; i++) {
    const cells = rosterRow(prng, i, totalWeight);
    if (cells[ROSTER_COLUMNS.indexOf('certificate_number')] !== '') certifications++;
    buffer += `${cells.map(csvCell).join(',')}\n`;
    if (buffer.length >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { path, rows, bytes, certifications };
}
