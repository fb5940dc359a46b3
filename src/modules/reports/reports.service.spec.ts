// The service with an injected clock: the same stored figures read on different pinned days
// give the pace, expectations and projections of those days.
import type { Actor } from '../../core/auth/actor';
import type { AppConfig } from '../../core/config/app-config';
import { FixedClock } from '../../core/clock/clock';
import type { ScopeProgram } from './report-rows';
import type { Cell, RecentCell, ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

const ministry: Actor = {
  kind: 'user',
  id: 'u1',
  email: 'm@example.pk',
  role: 'ministry',
  partnerIds: [],
};

// 100 days, target 400, 40 female sub-target.
const program: ScopeProgram = {
  id: 'p1',
  code: 'HW-1',
  name: 'Huawei ICT',
  partnerId: 'pa1',
  targetTrainees: 400,
  startsOn: '2026-01-01',
  endsOn: '2026-04-11',
  tracks: ['AI'],
  targets: [{ dimension: 'gender', key: 'female', target: 40 }],
};

const cell = (key: string, completed: number): Cell => ({
  scopeId: 'p1',
  key,
  province: 'PB',
  enrolled: 300,
  active: 100,
  completed,
  dropped: 10,
  certified: 50,
  female: key === 'female' ? 120 : 0,
});

function service(today: string, completed: number, recent: RecentCell[] = []) {
  const windows: [string, string][] = [];
  const repo = {
    findPartnerIdByCode: async () => null,
    findProgramByCode: async () => null,
    scopePrograms: async () => [program],
    scopePartners: async () => [],
    cohortsOf: async () => [],
    programCells: async (_ids: string[], dimension: string) =>
      dimension === 'total' ? [cell('', completed)] : [cell('female', completed)],
    partnerCells: async (_ids: string[] | null, dimension: string) =>
      dimension === 'total' ? [{ ...cell('', completed), scopeId: 'pa1' }] : [cell('female', 20)],
    recentCompletions: async (_ids: string[], _d: string, from: string, to: string) => {
      windows.push([from, to]);
      return recent;
    },
    lastRecomputedAt: async () => new Date('2026-02-20T10:00:00Z'),
  } as unknown as ReportsRepository;
  const config = { reportCacheMs: 0 } as AppConfig;
  return { svc: new ReportsService(repo, new FixedClock(today), config), windows };
}

describe('ReportsService with a pinned clock', () => {
  it('before the start: not_started, nothing expected, projection = completed', async () => {
    const { svc } = service('2025-12-15', 0);
    const { rows } = await svc.targets(ministry, { groupBy: 'program' });
    expect(rows[0]).toMatchObject({
      key: 'HW-1',
      target: 400,
      expectedCompletedByNow: 0,
      pace: 'not_started',
      projectedAtEnd: 0,
      completionPct: 0,
      enrollmentPct: 75,
    });
  });

  it('mid-way: expected 200, so 190 completed is on_track and 189 behind', async () => {
    const onTrack = await service('2026-02-20', 190).svc.targets(ministry, {});
    expect(onTrack.rows[0]).toMatchObject({ expectedCompletedByNow: 200, pace: 'on_track' });
    const behind = await service('2026-02-20', 189).svc.targets(ministry, {});
    expect(behind.rows[0]).toMatchObject({ expectedCompletedByNow: 200, pace: 'behind' });
    expect(onTrack.asOf).toBe('2026-02-20T10:00:00.000Z');
  });

  it('projects from the completions of the 30 days ending today', async () => {
    const { svc, windows } = service('2026-02-20', 190, [
      { programId: 'p1', key: '', province: 'PB', completed: 45 },
    ]);
    const { rows } = await svc.targets(ministry, { groupBy: 'program' });
    // 190 + 45 / 30 × 50 days left = 265
    expect(rows[0].projectedAtEnd).toBe(265);
    expect(windows).toEqual([['2026-01-22', '2026-02-20']]);
  });

  it('after the end: the whole target is expected and nothing more is projected', async () => {
    const { svc } = service('2026-06-01', 420, [
      { programId: 'p1', key: '', province: 'PB', completed: 30 },
    ]);
    const { rows } = await svc.targets(ministry, {});
    expect(rows[0]).toMatchObject({
      expectedCompletedByNow: 400,
      pace: 'ahead',
      projectedAtEnd: 420,
    });
  });

  it('a sub-target row (gender) uses the sub-target and its own expectation', async () => {
    const { svc } = service('2026-02-20', 20);
    const { rows } = await svc.targets(ministry, { groupBy: 'gender' });
    expect(rows.map((r) => [r.key, r.target, r.expectedCompletedByNow, r.pace])).toEqual([
      ['female', 40, 20, 'on_track'],
      ['male', null, null, null],
      ['transgender', null, null, null],
    ]);
  });

  it('timeseries: one point per day from the start to today, with the linear target line', async () => {
    const { svc } = service('2026-01-03', 0);
    const repo = (svc as unknown as { reports: ReportsRepository }).reports;
    Object.assign(repo, {
      findProgramByCode: async () => ({ id: 'p1', partnerId: 'pa1' }),
      daily: async () => [
        { day: '2025-12-30', enrolled: 5, completed: 0, certified: 0 },
        { day: '2026-01-02', enrolled: 9, completed: 1, certified: 0 },
      ],
    });
    const series = await svc.timeseries(ministry, { program: 'HW-1', metric: 'enrolled' });
    expect(series).toEqual({
      program: 'HW-1',
      metric: 'enrolled',
      points: [
        { date: '2026-01-01', value: 5, target: 0 },
        { date: '2026-01-02', value: 9, target: 4 },
        { date: '2026-01-03', value: 9, target: 8 },
      ],
    });
  });
});
