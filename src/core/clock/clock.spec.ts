import { addDays, dayOf, daysBetween, FixedClock, SystemClock } from './clock';

describe('the clock', () => {
  it('judges the UTC day, as API.md counts pace and writes timestamps', () => {
    expect(dayOf(new Date('2026-11-27T23:59:59Z'))).toBe('2026-11-27');
    expect(dayOf(new Date('2026-11-28T00:00:00Z'))).toBe('2026-11-28');
    // Whatever the offset an instant is written with.
    expect(dayOf(new Date('2026-11-28T02:00:00+05:00'))).toBe('2026-11-27');
  });

  it('answers the system day, or a pinned one', () => {
    const before = dayOf(new Date());
    const today = new SystemClock().today();
    expect([before, dayOf(new Date())]).toContain(today);
    expect(new FixedClock('2026-02-20').today()).toBe('2026-02-20');
  });

  it('counts whole days between calendar days, across month and year ends', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -29)).toBe('2026-01-31');
  });
});
