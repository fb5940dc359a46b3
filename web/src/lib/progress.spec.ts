import { isFinished, progressFigures } from './progress';

describe('import progress line', () => {
  it('computes percent, rows per second and time left from two samples', () => {
    const f = progressFigures(
      180_000,
      300_000,
      { at: 0, processedRows: 90_000 },
      { at: 10_000, processedRows: 180_000 },
      false,
    );
    expect(f.pct).toBe(60);
    expect(f.rowsPerSecond).toBe(9_000);
    expect(f.secondsLeft).toBeCloseTo(13.33, 1);
  });

  it('says nothing about speed before two samples, and 100 % once completed', () => {
    expect(progressFigures(0, 1000, null, null, false)).toEqual({
      pct: 0,
      rowsPerSecond: null,
      secondsLeft: null,
    });
    expect(progressFigures(998, 1000, null, null, true).pct).toBe(100);
    expect(progressFigures(5, null, null, null, false).pct).toBe(0);
  });

  it('knows which statuses are final', () => {
    expect(['completed', 'failed', 'cancelled'].every(isFinished)).toBe(true);
    expect(isFinished('processing')).toBe(false);
  });
});
