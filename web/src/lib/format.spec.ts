import {
  formatBytes,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatPct,
  formatTime,
  share,
} from './format';

describe('console formatting', () => {
  it('groups thousands and shows a dash for a missing figure', () => {
    expect(formatCount(300000)).toBe('300,000');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567.6)).toBe('1,234,568');
    expect(formatCount(null)).toBe('–');
  });

  it('writes percentages to one decimal', () => {
    expect(formatPct(49)).toBe('49.0 %');
    expect(formatPct(33.25)).toBe('33.3 %');
    expect(formatPct(null)).toBe('–');
    expect(share(1, 3)).toBe(33.3);
    expect(share(5, 0)).toBeNull();
  });

  it('writes dates as 29 Nov 2026, from a date or a timestamp', () => {
    expect(formatDate('2026-11-29')).toBe('29 Nov 2026');
    expect(formatDate('2026-01-05T23:59:00.000Z')).toBe('5 Jan 2026');
    expect(formatDate(null)).toBe('–');
    expect(formatDateTime('2026-11-29T14:02:00.000Z', 'UTC')).toBe('29 Nov 2026, 14:02');
    expect(formatTime('2026-11-29T14:02:00.000Z', 'Asia/Karachi')).toBe('19:02');
  });

  it('writes sizes and durations the way people read them', () => {
    expect(formatBytes(41_800_000)).toBe('41.8 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatDuration(13.2)).toBe('13 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
