import { age, filterWords, neededPerWeek, pctOfTarget, rosterAge, shortfall } from './dashboard';

describe('dashboard helpers', () => {
  it('says how far behind a row is, and what each week must bring', () => {
    expect(shortfall({ completed: 1732, expectedCompletedByNow: 138272 })).toBe(136540);
    expect(shortfall({ completed: 10, expectedCompletedByNow: null })).toBeNull();
    // 70 completions left, 14 days (two weeks) to the end day included.
    expect(neededPerWeek({ completed: 30, target: 100 }, '2026-12-16', '2026-12-03')).toBe(35);
    expect(neededPerWeek({ completed: 100, target: 100 }, '2026-12-16', '2026-12-03')).toBe(0);
    expect(neededPerWeek({ completed: 1, target: 100 }, '2026-12-01', '2026-12-03')).toBeNull();
    expect(neededPerWeek({ completed: 1, target: null }, '2027-01-01', '2026-12-03')).toBeNull();
  });

  it('says how old figures and rosters are in words', () => {
    const now = new Date('2026-12-03T00:46:00Z');
    expect(age('2026-12-03T00:33:00Z', now)).toBe('13 minutes ago');
    expect(age('2026-12-02T22:40:00Z', now)).toBe('2 hours ago');
    expect(age('2026-11-28T00:00:00Z', now)).toBe('5 days ago');
    expect(rosterAge(null)).toBe('never');
    expect(rosterAge(0)).toBe('today');
    expect(rosterAge(16)).toBe('16 days ago');
  });

  it('puts sub-targets on one scale and the filters in words', () => {
    expect(pctOfTarget(1200, 90000)).toBe(1.3);
    expect(pctOfTarget(5, null)).toBeNull();
    expect(filterWords({ province: 'SD' })).toBe('all partners · all programs · province SD');
  });
});
