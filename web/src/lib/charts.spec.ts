import type { TargetRow } from '../api/types';
import { monthlySample, timeseriesOption, unknownLast } from './charts';

const row = (key: string): TargetRow => ({
  key,
  label: key,
  target: null,
  enrolled: 1,
  active: 1,
  completed: 0,
  dropped: 0,
  certified: 0,
  female: 0,
  completionPct: null,
  enrollmentPct: null,
  expectedCompletedByNow: null,
  pace: null,
  projectedAtEnd: null,
});

describe('chart data', () => {
  it('puts the unknown province last', () => {
    expect(unknownLast([row('unknown'), row('PB'), row('SD')]).map((r) => r.key)).toEqual([
      'PB',
      'SD',
      'unknown',
    ]);
  });

  it('samples a daily series to the first of each month and the last day', () => {
    const points = [
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
      '2026-02-02',
      '2026-03-01',
      '2026-03-05',
    ].map((date) => ({ date }));
    expect(monthlySample(points).map((p) => p.date)).toEqual([
      '2026-01-30',
      '2026-02-01',
      '2026-03-01',
      '2026-03-05',
    ]);
  });

  it('draws the projection from today to the end date', () => {
    const option = timeseriesOption(
      {
        program: 'HW',
        metric: 'completed',
        points: [
          { date: '2026-01-01', value: 0, target: 0 },
          { date: '2026-06-01', value: 500, target: 600 },
        ],
      },
      { endsOn: '2026-12-31', projectedAtEnd: 1200 },
    ) as { series: { name: string; data: unknown[] }[] };
    const projection = option.series.find((s) => s.name === 'projection to end');
    expect(projection?.data).toEqual([
      ['2026-06-01', 500],
      ['2026-12-31', 1200],
    ]);
    const target = option.series.find((s) => s.name === 'target line');
    expect(target?.data).toEqual([
      ['2026-01-01', 0],
      ['2026-06-01', 600],
    ]);
  });
});
