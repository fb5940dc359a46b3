// What `npm run seed` loads: the drive's real partners and headline targets, sample cohorts
// across provinces, and one demo account per role. Plain data, no code.

export interface SeedPartner {
  code: string;
  name: string;
  kind: 'industry' | 'government' | 'academic' | 'donor';
}

export interface SeedProgram {
  code: string;
  name: string;
  partnerCode: string;
  targetTrainees: number;
  targets: { dimension: 'province' | 'gender' | 'track'; key: string; target: number }[];
  tracks: string[];
  startsOn: string;
  endsOn: string;
  status: 'draft' | 'active' | 'closed';
}

export interface SeedCohort {
  code: string;
  programCode: string;
  name: string;
  track: string;
  trainingCentre: string;
  city: string;
  province: 'PB' | 'SD' | 'KP' | 'BA' | 'ICT' | 'GB' | 'AJK';
  mode: 'onsite' | 'online' | 'hybrid';
  startsOn: string;
  endsOn: string;
  capacity: number;
}

export interface SeedUser {
  role: 'admin' | 'coordinator' | 'ministry';
  email: string;
  password: string;
}

export const SEED_PARTNERS: SeedPartner[] = [
  { code: 'HUAWEI', name: 'Huawei Technologies Pakistan', kind: 'industry' },
  { code: 'ZTE', name: 'ZTE Pakistan', kind: 'industry' },
  { code: 'GOOGLE', name: 'Google Pakistan', kind: 'industry' },
  {
    code: 'IGNITE',
    name: 'Ignite National Technology Fund (ADB-backed)',
    kind: 'government',
  },
];

export const SEED_PROGRAMS: SeedProgram[] = [
  {
    code: 'HW-SEED-2026',
    name: 'Huawei ICT Skills Drive 2026–27',
    partnerCode: 'HUAWEI',
    targetTrainees: 300_000,
    targets: [
      { dimension: 'track', key: 'Basic', target: 240_000 },
      { dimension: 'track', key: 'Advanced', target: 60_000 },
      { dimension: 'gender', key: 'female', target: 90_000 },
    ],
    tracks: ['Basic', 'Advanced'],
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    status: 'active',
  },
  {
    code: 'ZTE-DIGI-2026',
    name: 'ZTE Digital Skills Programme 2026–27',
    partnerCode: 'ZTE',
    targetTrainees: 100_000,
    targets: [],
    tracks: ['Digital Skills'],
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    status: 'active',
  },
  {
    code: 'GOOGLE-AI-GOV',
    name: 'Google AI Skills for Government Officials',
    partnerCode: 'GOOGLE',
    targetTrainees: 5_000,
    targets: [],
    tracks: ['AI Essentials'],
    startsOn: '2026-02-01',
    endsOn: '2027-01-31',
    status: 'active',
  },
  {
    code: 'IGNITE-AAI',
    name: 'Ignite Applied AI Programme',
    partnerCode: 'IGNITE',
    targetTrainees: 10_000,
    targets: [],
    tracks: ['Applied AI'],
    startsOn: '2026-01-01',
    endsOn: '2027-06-30',
    status: 'active',
  },
];

export const SEED_COHORTS: SeedCohort[] = [
  {
    code: 'HW-LHR-2026-01',
    programCode: 'HW-SEED-2026',
    name: 'Huawei Basic, Lahore, batch 1',
    track: 'Basic',
    trainingCentre: 'UET Lahore',
    city: 'Lahore',
    province: 'PB',
    mode: 'onsite',
    startsOn: '2026-02-02',
    endsOn: '2026-05-29',
    capacity: 500,
  },
  {
    code: 'HW-KHI-2026-01',
    programCode: 'HW-SEED-2026',
    name: 'Huawei Basic, Karachi, batch 1',
    track: 'Basic',
    trainingCentre: 'NED University of Engineering and Technology',
    city: 'Karachi',
    province: 'SD',
    mode: 'onsite',
    startsOn: '2026-02-09',
    endsOn: '2026-06-05',
    capacity: 500,
  },
  {
    code: 'HW-PEW-2026-01',
    programCode: 'HW-SEED-2026',
    name: 'Huawei Advanced, Peshawar, batch 1',
    track: 'Advanced',
    trainingCentre: 'UET Peshawar',
    city: 'Peshawar',
    province: 'KP',
    mode: 'hybrid',
    startsOn: '2026-03-02',
    endsOn: '2026-08-28',
    capacity: 200,
  },
  {
    code: 'HW-QTA-2026-01',
    programCode: 'HW-SEED-2026',
    name: 'Huawei Basic, Quetta, batch 1',
    track: 'Basic',
    trainingCentre: 'BUITEMS Quetta',
    city: 'Quetta',
    province: 'BA',
    mode: 'onsite',
    startsOn: '2026-03-09',
    endsOn: '2026-07-03',
    capacity: 300,
  },
  {
    code: 'ZTE-ISB-2026-01',
    programCode: 'ZTE-DIGI-2026',
    name: 'ZTE Digital Skills, Islamabad, batch 1',
    track: 'Digital Skills',
    trainingCentre: 'NUST H-12',
    city: 'Islamabad',
    province: 'ICT',
    mode: 'onsite',
    startsOn: '2026-02-16',
    endsOn: '2026-05-15',
    capacity: 400,
  },
  {
    code: 'ZTE-GLT-2026-01',
    programCode: 'ZTE-DIGI-2026',
    name: 'ZTE Digital Skills, Gilgit, batch 1',
    track: 'Digital Skills',
    trainingCentre: 'Karakoram International University',
    city: 'Gilgit',
    province: 'GB',
    mode: 'hybrid',
    startsOn: '2026-04-06',
    endsOn: '2026-07-31',
    capacity: 150,
  },
  {
    code: 'GOOGLE-ISB-2026-01',
    programCode: 'GOOGLE-AI-GOV',
    name: 'Google AI Essentials for federal officials, batch 1',
    track: 'AI Essentials',
    trainingCentre: 'Online',
    city: 'Islamabad',
    province: 'ICT',
    mode: 'online',
    startsOn: '2026-02-16',
    endsOn: '2026-04-10',
    capacity: 250,
  },
  {
    code: 'IGNITE-KHI-2026-01',
    programCode: 'IGNITE-AAI',
    name: 'Ignite Applied AI, Karachi, batch 1',
    track: 'Applied AI',
    trainingCentre: 'National Incubation Center Karachi',
    city: 'Karachi',
    province: 'SD',
    mode: 'onsite',
    startsOn: '2026-03-02',
    endsOn: '2026-08-28',
    capacity: 120,
  },
];

/** Demo accounts; the admin is replaced by ADMIN_EMAIL/ADMIN_PASSWORD when those are set. */
export const DEMO_USERS: SeedUser[] = [
  { role: 'admin', email: 'admin@demo.example.com', password: 'demo-admin-password' },
  {
    role: 'coordinator',
    email: 'coordinator@demo.example.com',
    password: 'demo-coordinator-password',
  },
  { role: 'ministry', email: 'ministry@demo.example.com', password: 'demo-ministry-password' },
];

/** The partner that gets a demo API key, and the key prefix that marks a key as the demo one. */
export const DEMO_KEY_PARTNER = 'HUAWEI';
export const DEMO_KEY_PREFIX = 'sdt_demo';
