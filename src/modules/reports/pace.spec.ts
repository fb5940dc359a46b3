import { FixedClock } from '../../core/clock/clock';
import {
  daysLeft,
  elapsedFraction,
  expectedByNow,
  hasStarted,
  paceOf,
  percentOf,
  projectedAtEnd,
} from './pace';

// 2026-01-01 → 2026-04-11 is exactly 100 days: today − startsOn is the elapsed percentage.
const P = { startsOn: '2026-01-01', endsOn: '2026-04-11' };

function paceOn(today: string, target: number, completed: number) {
  const expected = expectedByNow(target, P, today);
  return { expected, pace: paceOf(completed, expected, hasStarted(P, today)) };
}

describe('pace maths (API.md > Reports), with pinned dates', () => {
  const clock = new FixedClock('2026-02-20');

  it('before startsOn: fraction 0, nothing expected, not_started whatever was completed', () => {
    expect(elapsedFraction(P, '2025-12-31')).toEqual([0, 100]);
    expect(paceOn('2025-12-31', 400, 0)).toEqual({ expected: 0, pace: 'not_started' });
    expect(paceOn('2025-12-31', 400, 50)).toEqual({ expected: 0, pace: 'not_started' });
  });

  it('on the start day: started, fraction 0, so any count is at least 1.05 × 0 (ahead)', () => {
    expect(hasStarted(P, '2026-01-01')).toBe(true);
    expect(elapsedFraction(P, '2026-01-01')).toEqual([0, 100]);
    expect(paceOn('2026-01-01', 400, 0)).toEqual({ expected: 0, pace: 'ahead' });
  });

  it('mid-way: expected = round(target × fraction)', () => {
    expect(elapsedFraction(P, clock.today())).toEqual([50, 100]);
    expect(expectedByNow(400, P, clock.today())).toBe(200);
    // 1001 × 33 / 100 = 330.33 → 330; 1001 × 50 / 100 = 500.5 → 501 (half rounds up).
    expect(expectedByNow(1001, P, '2026-02-03')).toBe(330);
    expect(expectedByNow(1001, P, '2026-02-20')).toBe(501);
  });

  it.each([
    [210, 'ahead'], // exactly 1.05 × 200
    [209, 'on_track'],
    [190, 'on_track'], // exactly 0.95 × 200
    [189, 'behind'],
    [0, 'behind'],
  ])('mid-way with 200 expected, %i completed is %s', (completed, pace) => {
    expect(paceOn(clock.today(), 400, completed)).toEqual({ expected: 200, pace });
  });

  it('compares exactly at the boundaries where floating point would not (1.05 × 20, 0.95 × 60)', () => {
    // 1.05 * 20 === 21.000000000000004 and 0.95 * 60 === 56.99999999999999 in floating point.
    expect(paceOf(21, 20, true)).toBe('ahead');
    expect(paceOf(57, 60, true)).toBe('on_track');
    expect(paceOf(56, 60, true)).toBe('behind');
  });

  it('after endsOn: the fraction stays 1 and the whole target is expected', () => {
    expect(elapsedFraction(P, '2026-04-11')).toEqual([100, 100]);
    expect(elapsedFraction(P, '2027-01-01')).toEqual([100, 100]);
    expect(paceOn('2027-01-01', 400, 380)).toEqual({ expected: 400, pace: 'on_track' });
    expect(daysLeft(P, '2027-01-01')).toBe(0);
  });

  it('a one-day program (startsOn = endsOn) is all expected from its day on', () => {
    const oneDay = { startsOn: '2026-03-01', endsOn: '2026-03-01' };
    expect(expectedByNow(10, oneDay, '2026-02-28')).toBe(0);
    expect(expectedByNow(10, oneDay, '2026-03-01')).toBe(10);
  });

  it('projectedAtEnd adds the last 30 days’ completion rate over the days left', () => {
    const left = daysLeft(P, clock.today());
    expect(left).toBe(50);
    expect(projectedAtEnd(100, [{ recentCompletions: 30, daysLeft: left }])).toBe(150);
    expect(projectedAtEnd(100, [{ recentCompletions: 7, daysLeft: left }])).toBe(112); // 111.67
    expect(projectedAtEnd(100, [{ recentCompletions: 3, daysLeft: 5 }])).toBe(101); // 100.5 → 101
  });

  it('projectedAtEnd without recent completions, or after the end, is what was completed', () => {
    expect(projectedAtEnd(100, [{ recentCompletions: 0, daysLeft: 50 }])).toBe(100);
    expect(projectedAtEnd(100, [{ recentCompletions: 30, daysLeft: 0 }])).toBe(100);
    expect(projectedAtEnd(100, [])).toBe(100);
  });

  it('projectedAtEnd over several programs uses each program’s own days left', () => {
    expect(
      projectedAtEnd(10, [
        { recentCompletions: 30, daysLeft: 10 },
        { recentCompletions: 15, daysLeft: 40 },
      ]),
    ).toBe(40);
  });

  it('percentages keep one decimal, rounding half up, and are null without a target', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(1, 16)).toBe(6.3); // 6.25 → 6.3
    expect(percentOf(5, 4)).toBe(125);
    expect(percentOf(5, null)).toBeNull();
  });
});
