import { cohortWarnings, overCapacity } from './cohorts';

const cohort = { code: 'C1', capacity: 200, enrolledCount: 212, startsOn: '2027-01-10' };

describe('cohortWarnings', () => {
  it('says over capacity and enrolling before the start', () => {
    expect(cohortWarnings(cohort, '2026-12-01')).toEqual([
      'C1 is over capacity: 212 enrolled in 200 seats.',
      'C1 starts on 10 Jan 2027: this enrollment is dated before it.',
    ]);
  });
  it('takes today when no date is given, and is quiet when all is well', () => {
    expect(cohortWarnings({ ...cohort, enrolledCount: 10 }, null, '2027-02-01')).toEqual([]);
    expect(cohortWarnings({ ...cohort, enrolledCount: 200 }, null, '2027-02-01')).toEqual([
      'C1 is full: 200 enrolled in 200 seats.',
    ]);
    expect(cohortWarnings({ ...cohort, capacity: null, startsOn: null }, null)).toEqual([]);
  });
  it('words the header mark', () => {
    expect(overCapacity(cohort)).toBe('over capacity by 12');
    expect(overCapacity({ ...cohort, enrolledCount: 200 })).toBeNull();
  });
});
