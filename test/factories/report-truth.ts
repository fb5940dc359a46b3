// What every report must show for a generated data set, computed from the generated rows
// alone (no database, no code from src/): the oracle the report tests compare against.
// Definitions follow API.md > Reports and the README's notes on rows spanning programs:
// counts are distinct trainees within a partner, summed over partners.
import type { Dataset, GenCohort, GenProgram, GenTrainee, RosterRow, Status } from './report-data';
import { PROVINCE_CODES, shiftDay } from './report-data';

export interface FinalEnrollment {
  cnic: string;
  partnerCode: string;
  programCode: string;
  cohortCode: string;
  status: Status;
  enrolledOn: string;
  completedOn: string | null;
}

export interface FinalCertificate {
  cnic: string;
  partnerCode: string;
  programCode: string;
  number: string;
  issuedOn: string;
  revoked: boolean;
}

export interface FinalState {
  data: Dataset;
  trainees: Map<string, GenTrainee>;
  enrollments: FinalEnrollment[];
  certificates: FinalCertificate[];
}

/** The rosters applied in order, as the import applies them, then the revocations. */
export function finalState(data: Dataset): FinalState {
  const enrollments = new Map<string, FinalEnrollment>();
  const certificates = new Map<string, FinalCertificate>();
  const apply = (row: RosterRow) => {
    enrollments.set(`${row.cnic}|${row.programCode}`, {
      cnic: row.cnic,
      partnerCode: row.partnerCode,
      programCode: row.programCode,
      cohortCode: row.cohortCode,
      status: row.status,
      enrolledOn: row.enrolledOn,
      completedOn: row.completedOn,
    });
    if (row.certification) {
      const key = `${row.partnerCode}|${row.certification.number}`;
      if (!certificates.has(key)) {
        certificates.set(key, {
          cnic: row.cnic,
          partnerCode: row.partnerCode,
          programCode: row.programCode,
          number: row.certification.number,
          issuedOn: row.certification.issuedOn,
          revoked: false,
        });
      }
    }
  };
  for (const phase of data.phases) phase.forEach(apply);
  for (const r of data.revoke) {
    const c = certificates.get(`${r.partnerCode}|${r.certificateNumber}`);
    if (c) c.revoked = true;
  }
  return {
    data,
    trainees: new Map(data.trainees.map((t) => [t.cnic, t])),
    enrollments: [...enrollments.values()],
    certificates: [...certificates.values()],
  };
}

export interface TruthQuery {
  groupBy: 'program' | 'partner' | 'province' | 'gender' | 'track' | 'cohort' | 'month';
  partner?: string;
  program?: string;
  province?: string;
  /** The caller's partners (null = every partner of the data set). */
  scope: string[] | null;
  today: string;
  lastImportAt?: Map<string, string | null>;
}

export interface TruthRow {
  key: string;
  label: string;
  target: number | null;
  enrolled: number;
  active: number;
  completed: number;
  dropped: number;
  certified: number;
  female: number;
  completionPct: number | null;
  enrollmentPct: number | null;
  expectedCompletedByNow: number | null;
  pace: string | null;
  projectedAtEnd: number | null;
  lastImportAt?: string | null;
}

const PROVINCE_NAMES: Record<string, string> = {
  PB: 'Punjab',
  SD: 'Sindh',
  KP: 'Khyber Pakhtunkhwa',
  BA: 'Balochistan',
  ICT: 'Islamabad Capital Territory',
  GB: 'Gilgit-Baltistan',
  AJK: 'Azad Jammu and Kashmir',
  unknown: 'Unknown',
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const days = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function expected(target: number, p: GenProgram, today: string): number {
  const total = days(p.startsOn, p.endsOn);
  const elapsed = days(p.startsOn, today);
  const fraction = total <= 0 ? (elapsed >= 0 ? 1 : 0) : Math.min(1, Math.max(0, elapsed / total));
  // Integers first so that halves are exact: round(target × elapsed / total).
  return total <= 0
    ? Math.round(target * fraction)
    : Math.round((target * Math.min(Math.max(elapsed, 0), total)) / total);
}

const pct = (part: number, whole: number | null) =>
  whole === null ? null : Math.round((part * 1000) / whole) / 10;

function sub(p: GenProgram, dimension: string, key: string): number | null {
  return p.targets.find((t) => t.dimension === dimension && t.key === key)?.target ?? null;
}

function targetOf(p: GenProgram, q: TruthQuery, key: string): number | null {
  const province = q.province ?? null;
  switch (q.groupBy) {
    case 'program':
    case 'partner':
      return province === null ? p.targetTrainees : sub(p, 'province', province);
    case 'province':
      return sub(p, 'province', key);
    case 'gender':
    case 'track':
      return province === null ? sub(p, q.groupBy, key) : null;
    default:
      return null;
  }
}

/** Distinct (partner, trainee) pairs: distinct within a partner, summed over partners. */
function distinct(es: FinalEnrollment[]): number {
  return new Set(es.map((e) => `${e.partnerCode}|${e.cnic}`)).size;
}

export function truthTargets(s: FinalState, q: TruthQuery): TruthRow[] {
  const { data } = s;
  const programByCode = new Map(data.programs.map((p) => [p.code, p]));
  const cohortByCode = new Map(data.cohorts.map((c) => [c.code, c]));
  const provinceOf = (cnic: string) => s.trainees.get(cnic)?.province ?? 'unknown';
  const partnerOk = (code: string) =>
    (q.scope === null || q.scope.includes(code)) && (!q.partner || q.partner === code);
  const programs = data.programs.filter(
    (p) => partnerOk(p.partnerCode) && (!q.program || q.program === p.code),
  );
  const inScope = new Set(programs.map((p) => p.code));
  const es = s.enrollments.filter(
    (e) => inScope.has(e.programCode) && (!q.province || provinceOf(e.cnic) === q.province),
  );
  const certified = (e: FinalEnrollment) =>
    s.certificates.some((c) => c.cnic === e.cnic && c.programCode === e.programCode && !c.revoked);
  const female = (e: FinalEnrollment) => s.trainees.get(e.cnic)?.gender === 'female';
  const counts = (rowEs: FinalEnrollment[]) => ({
    enrolled: distinct(rowEs),
    active: distinct(rowEs.filter((e) => e.status === 'enrolled' || e.status === 'active')),
    completed: distinct(rowEs.filter((e) => e.status === 'completed')),
    dropped: distinct(rowEs.filter((e) => e.status === 'dropped')),
    certified: distinct(rowEs.filter(certified)),
    female: distinct(rowEs.filter(female)),
  });

  if (q.groupBy === 'month') {
    const monthOf = (d: string) => d.slice(0, 7);
    const keys = new Set<string>();
    for (const e of es) {
      keys.add(monthOf(e.enrolledOn));
      if (e.status === 'completed' && e.completedOn) keys.add(monthOf(e.completedOn));
    }
    const certEvents = s.certificates.flatMap((c) => {
      const e = es.find((x) => x.cnic === c.cnic && x.programCode === c.programCode);
      return !c.revoked && e ? [{ e, month: monthOf(c.issuedOn) }] : [];
    });
    certEvents.forEach((x) => keys.add(x.month));
    return [...keys].sort().map((key) => {
      const enrolledIn = es.filter((e) => monthOf(e.enrolledOn) === key);
      const [year, month] = key.split('-');
      return {
        key,
        label: `${MONTH_NAMES[Number(month) - 1]} ${year}`,
        target: null,
        enrolled: distinct(enrolledIn),
        active: distinct(
          enrolledIn.filter((e) => e.status === 'enrolled' || e.status === 'active'),
        ),
        completed: distinct(
          es.filter((e) => e.status === 'completed' && e.completedOn?.slice(0, 7) === key),
        ),
        dropped: distinct(enrolledIn.filter((e) => e.status === 'dropped')),
        certified: distinct(certEvents.filter((x) => x.month === key).map((x) => x.e)),
        female: distinct(enrolledIn.filter(female)),
        completionPct: null,
        enrollmentPct: null,
        expectedCompletedByNow: null,
        pace: null,
        projectedAtEnd: null,
      };
    });
  }

  // Each row: its key, label, the enrollments it counts and the programs it spans.
  let rows: { key: string; label: string; es: FinalEnrollment[]; programs: GenProgram[] }[];
  const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : 1);
  switch (q.groupBy) {
    case 'program':
      rows = [...programs].sort(byCode).map((p) => ({
        key: p.code,
        label: p.name,
        es: es.filter((e) => e.programCode === p.code),
        programs: [p],
      }));
      break;
    case 'partner':
      rows = data.partners
        .filter((pa) => programs.some((p) => p.partnerCode === pa.code))
        .sort(byCode)
        .map((pa) => ({
          key: pa.code,
          label: pa.name,
          es: es.filter((e) => e.partnerCode === pa.code),
          programs: programs.filter((p) => p.partnerCode === pa.code),
        }));
      break;
    case 'province': {
      const keys = q.province
        ? [q.province]
        : [
            ...PROVINCE_CODES,
            ...(es.some((e) => provinceOf(e.cnic) === 'unknown') ? ['unknown'] : []),
          ];
      rows = keys.map((k) => ({
        key: k,
        label: PROVINCE_NAMES[k],
        es: es.filter((e) => provinceOf(e.cnic) === k),
        programs,
      }));
      break;
    }
    case 'gender':
      rows = ['female', 'male', 'transgender'].map((g) => ({
        key: g,
        label: g.charAt(0).toUpperCase() + g.slice(1),
        es: es.filter((e) => s.trainees.get(e.cnic)?.gender === g),
        programs,
      }));
      break;
    case 'track': {
      const trackOf = (e: FinalEnrollment) => (cohortByCode.get(e.cohortCode) as GenCohort).track;
      const keys = new Set<string>(es.map(trackOf));
      programs.forEach((p) => p.tracks.forEach((t) => keys.add(t)));
      programs.forEach((p) =>
        p.targets.filter((t) => t.dimension === 'track').forEach((t) => keys.add(t.key)),
      );
      rows = [...keys].sort().map((k) => ({
        key: k,
        label: k,
        es: es.filter((e) => trackOf(e) === k),
        programs,
      }));
      break;
    }
    case 'cohort':
      rows = data.cohorts
        .filter((c) => inScope.has(c.programCode))
        .sort(byCode)
        .map((c) => ({
          key: c.code,
          label: c.name,
          es: es.filter((e) => e.cohortCode === c.code),
          programs: [programByCode.get(c.programCode) as GenProgram],
        }));
      break;
  }

  const started = (p: GenProgram) => q.today >= p.startsOn;
  const recentFrom = shiftDay(q.today, -29);
  return rows.map((row) => {
    const c = counts(row.es);
    const targeted = row.programs
      .map((p) => ({ p, t: targetOf(p, q, row.key) }))
      .filter((x): x is { p: GenProgram; t: number } => x.t !== null);
    const target = targeted.length > 0 ? targeted.reduce((n, x) => n + x.t, 0) : null;
    const exp =
      targeted.length > 0 ? targeted.reduce((n, x) => n + expected(x.t, x.p, q.today), 0) : null;
    let pace: string | null = null;
    if (exp !== null) {
      if (!targeted.some((x) => started(x.p))) pace = 'not_started';
      else if (c.completed * 100 >= exp * 105) pace = 'ahead';
      else if (c.completed * 100 >= exp * 95) pace = 'on_track';
      else pace = 'behind';
    } else if (row.programs.length > 0 && !row.programs.some(started)) {
      pace = 'not_started';
    }
    let numerator = c.completed * 30;
    for (const p of row.programs) {
      const recent = row.es.filter(
        (e) =>
          e.programCode === p.code &&
          e.status === 'completed' &&
          e.completedOn !== null &&
          e.completedOn >= recentFrom &&
          e.completedOn <= q.today,
      ).length;
      numerator += recent * Math.max(0, days(q.today, p.endsOn));
    }
    const out: TruthRow = {
      key: row.key,
      label: row.label,
      target,
      ...c,
      completionPct: pct(c.completed, target),
      enrollmentPct: pct(c.enrolled, target),
      expectedCompletedByNow: exp,
      pace,
      projectedAtEnd: Math.round(numerator / 30),
    };
    if (q.groupBy === 'partner') out.lastImportAt = q.lastImportAt?.get(row.key) ?? null;
    return out;
  });
}

export interface TruthNational {
  unique: { enrolled: number; completed: number; certified: number; female: number };
  sumOverPartners: { enrolled: number; completed: number; certified: number; female: number };
  sharedTrainees: number;
}

export function truthNational(s: FinalState, scope: string[] | null): TruthNational {
  const es = s.enrollments.filter((e) => scope === null || scope.includes(e.partnerCode));
  const certified = (e: FinalEnrollment) =>
    s.certificates.some((c) => c.cnic === e.cnic && c.programCode === e.programCode && !c.revoked);
  const female = (e: FinalEnrollment) => s.trainees.get(e.cnic)?.gender === 'female';
  const uniq = (list: FinalEnrollment[]) => new Set(list.map((e) => e.cnic)).size;
  const completed = es.filter((e) => e.status === 'completed');
  const partnersOf = new Map<string, Set<string>>();
  for (const e of es) {
    const set = partnersOf.get(e.cnic) ?? new Set<string>();
    set.add(e.partnerCode);
    partnersOf.set(e.cnic, set);
  }
  return {
    unique: {
      enrolled: uniq(es),
      completed: uniq(completed),
      certified: uniq(es.filter(certified)),
      female: uniq(es.filter(female)),
    },
    sumOverPartners: {
      enrolled: distinct(es),
      completed: distinct(completed),
      certified: distinct(es.filter(certified)),
      female: distinct(es.filter(female)),
    },
    sharedTrainees: [...partnersOf.values()].filter((set) => set.size > 1).length,
  };
}

export function truthTimeseries(
  s: FinalState,
  programCode: string,
  metric: 'enrolled' | 'completed' | 'certified',
  today: string,
): { program: string; metric: string; points: { date: string; value: number; target: number }[] } {
  const p = s.data.programs.find((x) => x.code === programCode) as GenProgram;
  const es = s.enrollments.filter((e) => e.programCode === programCode);
  const firstCert = new Map<string, string>();
  for (const c of s.certificates) {
    if (c.programCode !== programCode || c.revoked) continue;
    if (!es.some((e) => e.cnic === c.cnic)) continue;
    const seen = firstCert.get(c.cnic);
    if (!seen || c.issuedOn < seen) firstCert.set(c.cnic, c.issuedOn);
  }
  const last = today < p.endsOn ? today : p.endsOn;
  const points: { date: string; value: number; target: number }[] = [];
  for (let date = p.startsOn; date <= last; date = shiftDay(date, 1)) {
    let value: number;
    if (metric === 'enrolled') value = es.filter((e) => e.enrolledOn <= date).length;
    else if (metric === 'completed')
      value = es.filter(
        (e) => e.status === 'completed' && e.completedOn !== null && e.completedOn <= date,
      ).length;
    else value = [...firstCert.values()].filter((d) => d <= date).length;
    points.push({ date, value, target: expected(p.targetTrainees, p, date) });
  }
  return { program: programCode, metric, points };
}
