// Turns precomputed cells into report rows: which rows a groupBy has, each row's target
// (program target or sub-target), pace, expectedCompletedByNow and projectedAtEnd. Pure (no
// Nest, no DB): "today" comes in as a date, so every figure is reproducible in a test.
import { GENDERS, PROVINCE_CODES, PROVINCES } from '../../core/rules';
import {
  daysLeft,
  expectedByNow,
  hasStarted,
  type Pace,
  paceOf,
  percentOf,
  projectedAtEnd,
} from './pace';

export const GROUP_BYS = [
  'program',
  'partner',
  'province',
  'gender',
  'track',
  'cohort',
  'month',
] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const UNKNOWN_PROVINCE = 'unknown';

export interface Counts {
  enrolled: number;
  active: number;
  completed: number;
  dropped: number;
  certified: number;
  female: number;
}

export const ZERO: Counts = {
  enrolled: 0,
  active: 0,
  completed: 0,
  dropped: 0,
  certified: 0,
  female: 0,
};

export interface ScopeProgram {
  id: string;
  code: string;
  name: string;
  partnerId: string;
  targetTrainees: number;
  startsOn: string;
  endsOn: string;
  tracks: string[];
  targets: { dimension: string; key: string; target: number }[];
}

export interface ScopePartner {
  id: string;
  code: string;
  name: string;
  lastImportAt: string | null;
}

export interface ScopeCohort {
  id: string;
  code: string;
  name: string;
  programId: string;
}

/** Counts already attributed to a row key (see ReportsService for the mapping). */
export interface KeyedCounts extends Counts {
  rowKey: string;
}

/** Completions of one program in the last 30 days, attributed to a row key. */
export interface KeyedRecent {
  programId: string;
  rowKey: string;
  completed: number;
}

export interface TargetRow extends Counts {
  key: string;
  label: string;
  target: number | null;
  completionPct: number | null;
  enrollmentPct: number | null;
  expectedCompletedByNow: number | null;
  pace: Pace | null;
  projectedAtEnd: number | null;
  lastImportAt?: string | null;
}

export interface RowsInput {
  groupBy: GroupBy;
  /** The trainee-province filter, if any (a code or 'unknown'). */
  province: string | null;
  today: string;
  programs: ScopeProgram[];
  partners: ScopePartner[];
  cohorts: ScopeCohort[];
  counts: KeyedCounts[];
  recent: KeyedRecent[];
}

const MONTHS = [
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

function subTarget(p: ScopeProgram, dimension: string, key: string): number | null {
  return p.targets.find((t) => t.dimension === dimension && t.key === key)?.target ?? null;
}

/**
 * One program's target for a row: the program target for program and partner rows (the
 * province sub-target under a province filter), the sub-target for a province, gender or track
 * row (none for gender or track under a province filter: there are no cross sub-targets),
 * none for cohort and month rows.
 */
export function programTargetFor(
  p: ScopeProgram,
  groupBy: GroupBy,
  rowKey: string,
  province: string | null,
): number | null {
  switch (groupBy) {
    case 'program':
    case 'partner':
      return province === null ? p.targetTrainees : subTarget(p, 'province', province);
    case 'province':
      return subTarget(p, 'province', rowKey);
    case 'gender':
    case 'track':
      return province === null ? subTarget(p, groupBy, rowKey) : null;
    default:
      return null;
  }
}

interface RowSpec {
  key: string;
  rowKey: string;
  label: string;
  programs: ScopeProgram[];
  lastImportAt?: string | null;
}

function sumCounts(into: Counts, c: Counts): void {
  into.enrolled += c.enrolled;
  into.active += c.active;
  into.completed += c.completed;
  into.dropped += c.dropped;
  into.certified += c.certified;
  into.female += c.female;
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function monthLabel(key: string): string {
  const [year, month] = key.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

function rowSpecs(input: RowsInput, counted: Map<string, Counts>): RowSpec[] {
  const { groupBy, programs } = input;
  const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : 1);
  switch (groupBy) {
    case 'program':
      return [...programs]
        .sort(byCode)
        .map((p) => ({ key: p.code, rowKey: p.id, label: p.name, programs: [p] }));
    case 'partner':
      return input.partners
        .map((partner) => ({
          partner,
          own: programs.filter((p) => p.partnerId === partner.id),
        }))
        .filter((x) => x.own.length > 0)
        .sort((a, b) => byCode(a.partner, b.partner))
        .map(({ partner, own }) => ({
          key: partner.code,
          rowKey: partner.id,
          label: partner.name,
          programs: own,
          lastImportAt: partner.lastImportAt,
        }));
    case 'province': {
      const keys: string[] =
        input.province !== null
          ? [input.province]
          : [...PROVINCE_CODES, ...(counted.has(UNKNOWN_PROVINCE) ? [UNKNOWN_PROVINCE] : [])];
      return keys.map((k) => ({
        key: k,
        rowKey: k,
        label: k === UNKNOWN_PROVINCE ? 'Unknown' : PROVINCES[k as keyof typeof PROVINCES],
        programs,
      }));
    }
    case 'gender':
      return GENDERS.map((g) => ({ key: g, rowKey: g, label: titleCase(g), programs }));
    case 'track': {
      const keys = new Set<string>(counted.keys());
      for (const p of programs) {
        for (const t of p.tracks) keys.add(t);
        for (const t of p.targets) if (t.dimension === 'track') keys.add(t.key);
      }
      return [...keys]
        .sort((a, b) => (a < b ? -1 : 1))
        .map((k) => ({ key: k, rowKey: k, label: k, programs }));
    }
    case 'cohort': {
      const byId = new Map(programs.map((p) => [p.id, p]));
      return [...input.cohorts].sort(byCode).map((c) => ({
        key: c.code,
        rowKey: c.id,
        label: c.name,
        programs: byId.has(c.programId) ? [byId.get(c.programId) as ScopeProgram] : [],
      }));
    }
    case 'month':
      return [...counted.keys()]
        .sort()
        .map((k) => ({ key: k, rowKey: k, label: monthLabel(k), programs: [] }));
  }
}

export function buildTargetRows(input: RowsInput): TargetRow[] {
  const counted = new Map<string, Counts>();
  for (const c of input.counts) {
    const into = counted.get(c.rowKey) ?? { ...ZERO };
    sumCounts(into, c);
    counted.set(c.rowKey, into);
  }
  const recent = new Map<string, number>();
  for (const r of input.recent) {
    const id = `${r.programId}\u0000${r.rowKey}`;
    recent.set(id, (recent.get(id) ?? 0) + r.completed);
  }
  const withPace = input.groupBy !== 'month';

  return rowSpecs(input, counted).map((spec) => {
    const counts = counted.get(spec.rowKey) ?? ZERO;
    let target: number | null = null;
    let expected: number | null = null;
    let targetedStarted = false;
    for (const p of spec.programs) {
      const t = programTargetFor(p, input.groupBy, spec.rowKey, input.province);
      if (t === null) continue;
      target = (target ?? 0) + t;
      expected = (expected ?? 0) + expectedByNow(t, p, input.today);
      targetedStarted ||= hasStarted(p, input.today);
    }
    let pace: Pace | null = null;
    if (withPace) {
      if (expected !== null) pace = paceOf(counts.completed, expected, targetedStarted);
      else if (spec.programs.length > 0 && !spec.programs.some((p) => hasStarted(p, input.today)))
        pace = 'not_started';
    }
    const projected = withPace
      ? projectedAtEnd(
          counts.completed,
          spec.programs.map((p) => ({
            recentCompletions: recent.get(`${p.id}\u0000${spec.rowKey}`) ?? 0,
            daysLeft: daysLeft(p, input.today),
          })),
        )
      : null;
    const row: TargetRow = {
      key: spec.key,
      label: spec.label,
      target,
      enrolled: counts.enrolled,
      active: counts.active,
      completed: counts.completed,
      dropped: counts.dropped,
      certified: counts.certified,
      female: counts.female,
      completionPct: percentOf(counts.completed, target),
      enrollmentPct: percentOf(counts.enrolled, target),
      expectedCompletedByNow: expected,
      pace,
      projectedAtEnd: projected,
    };
    if (input.groupBy === 'partner') row.lastImportAt = spec.lastImportAt ?? null;
    return row;
  });
}
