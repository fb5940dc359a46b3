import { GrowthAnalyzer, MIN_GROWTH, type StatisticsSession } from './growth-analyzer';

function fakeSession(estimate: number): StatisticsSession & { analyses: number } {
  const session = {
    analyses: 0,
    estimatedEnrollments: () => Promise.resolve(estimate),
    analyze: () => {
      session.analyses++;
      return Promise.resolve();
    },
  };
  return session;
}

async function run(estimate: number, batches: number, perBatch: number): Promise<number[]> {
  const session = fakeSession(estimate);
  const analyzer = await GrowthAnalyzer.open(session);
  const at: number[] = [];
  for (let i = 1; i <= batches; i++) {
    if (await analyzer.afterCommit(perBatch)) at.push(i * perBatch);
  }
  expect(session.analyses).toBe(at.length);
  return at;
}

describe('GrowthAnalyzer', () => {
  it('analyses a first import into empty tables each time it doubles them', async () => {
    // Never analysed (-1): 300,000 rows in batches of 10,000.
    expect(await run(-1, 30, 10_000)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it('never analyses for an import that is small beside a mature table', async () => {
    expect(await run(2_000_000, 30, 10_000)).toEqual([]);
  });

  it('does not analyse for fewer new rows than MIN_GROWTH, nor for unchanged re-imports', async () => {
    expect(await run(0, 1, MIN_GROWTH - 1)).toEqual([]);
    expect(await run(300_000, 30, 0)).toEqual([]);
  });

  it('analyses at the end a run whose new rows are a tenth of what was known, not less', async () => {
    // A second partner's 66,666 rows into 100,000: never doubled, but a tenth at the end.
    const second = fakeSession(100_000);
    const analyzer = await GrowthAnalyzer.open(second);
    for (let i = 0; i < 7; i++) await analyzer.afterCommit(i < 6 ? 10_000 : 6_666);
    expect(second.analyses).toBe(0);
    expect(await analyzer.atEnd()).toBe(true);
    expect(second.analyses).toBe(1);
    // 9 % of a large table, or fewer rows than MIN_GROWTH: autovacuum's business.
    const small = await GrowthAnalyzer.open(fakeSession(1_000_000));
    await small.afterCommit(90_000);
    expect(await small.atEnd()).toBe(false);
    const tiny = await GrowthAnalyzer.open(fakeSession(0));
    await tiny.afterCommit(MIN_GROWTH - 1);
    expect(await tiny.atEnd()).toBe(false);
  });
});
