import { dateBody, dateText, parseDate, todayUtc } from './dates';

describe('parseDate', () => {
  it('takes day, month, year in words, any case, and ISO', () => {
    expect(parseDate('10 Jan 2027')).toEqual({ ok: true, iso: '2027-01-10' });
    expect(parseDate('1 september 2026')).toEqual({ ok: true, iso: '2026-09-01' });
    expect(parseDate('1 Sept 2026')).toEqual({ ok: true, iso: '2026-09-01' });
    expect(parseDate('29-FEB-2028')).toEqual({ ok: true, iso: '2028-02-29' });
    expect(parseDate(' 2027-01-10 ')).toEqual({ ok: true, iso: '2027-01-10' });
    expect(parseDate('')).toEqual({ ok: true, iso: null });
  });
  it('refuses what two readers read differently, and days that do not exist', () => {
    for (const bad of [
      '01/10/2027',
      '10/01/2027',
      '29 Feb 2027',
      '10 Jnu 2027',
      '2027-13-01',
      'soon',
    ])
      expect(parseDate(bad).ok).toBe(false);
  });
  it('round-trips with how dates are shown', () => {
    expect(dateText('2027-01-10')).toBe('10 Jan 2027');
    expect(dateText(null)).toBe('');
    expect(dateBody(dateText('2027-01-10'))).toBe('2027-01-10');
    expect(dateBody('01/10/2027')).toBe('01/10/2027');
  });
});

describe('todayUtc', () => {
  it('is the UTC day, as the api counts it', () => {
    expect(todayUtc(new Date('2026-11-27T23:59:59Z'))).toBe('2026-11-27');
    expect(todayUtc(new Date('2026-11-28T00:00:00Z'))).toBe('2026-11-28');
  });
});
