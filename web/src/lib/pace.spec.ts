import { expectedMarkPct, fillPct, paceLabel } from './pace';

describe('pace labels', () => {
  it('says pace in words and a shape, never colour alone', () => {
    expect(paceLabel('ahead')).toMatchObject({ text: 'ahead', shape: '▲' });
    expect(paceLabel('on_track')).toMatchObject({ text: 'on track', shape: '●' });
    expect(paceLabel('behind')).toMatchObject({ text: 'behind', shape: '▼' });
    expect(paceLabel('not_started')).toMatchObject({ text: 'not started', shape: '○' });
    expect(paceLabel(null)).toBeNull();
    expect(paceLabel('sideways')).toBeNull();
  });

  it('places the expected-by-today mark and the fill against the target', () => {
    expect(expectedMarkPct(150_000, 300_000)).toBe(50);
    expect(expectedMarkPct(400, 300)).toBe(100);
    expect(expectedMarkPct(10, null)).toBeNull();
    expect(fillPct(71_400, 100_000)).toBeCloseTo(71.4);
    expect(fillPct(120, 100)).toBe(100);
    expect(fillPct(5, null)).toBe(0);
  });
});
