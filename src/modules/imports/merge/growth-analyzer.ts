// Keeps the planner's statistics in step with an import that grows the tables a lot. Statistics
// come from ANALYZE, which autovacuum runs only a minute or more after a table has changed, so a
// large import into young tables (a new deployment, a partner's first roster) planned every
// later batch on the statistics of nearly empty tables: measured on bench:import's database, the
// stage build took 250 ms per 10,000-row batch on those statistics and 180 ms once analysed.
// Analysing each time the import has doubled what the statistics knew costs a few ANALYZEs on a
// first import and none on a mature database, where an import is small beside the tables.
//
// At the end of a run, a tenth is enough (autovacuum's own threshold, without its minute's
// wait): the figures' recompute follows at once, and a new partner's first roster otherwise
// leaves that partner's program looking empty to the planner. Measured on bench:import with
// 100,000 stored rows: the program recompute after a second partner's 66,666 rows joined its
// enrollments to its certificates as a nested loop and ran past 60 s; analysed, under 1 s.

/** What the analyzer needs of the merge session. */
export interface StatisticsSession {
  /** The planner's row estimate of enrollments (negative or zero when never analysed). */
  estimatedEnrollments(): Promise<number>;
  /** ANALYZE of the tables a roster grows; outside any transaction. */
  analyze(): Promise<void>;
}

/** Below this many new rows an ANALYZE is not worth its cost, whatever the tables hold. */
export const MIN_GROWTH = 10_000;

/** At a run's end: analyse once the rows not yet analysed are this share of what was known. */
export const END_SHARE = 0.1;

export class GrowthAnalyzer {
  private pending = 0;

  private constructor(
    private readonly session: StatisticsSession,
    private known: number,
  ) {}

  static async open(session: StatisticsSession): Promise<GrowthAnalyzer> {
    return new GrowthAnalyzer(session, Math.max(0, await session.estimatedEnrollments()));
  }

  /** After a committed batch that created `created` rows: analyse once they double the known. */
  async afterCommit(created: number): Promise<boolean> {
    this.pending += created;
    return this.analyzeFrom(Math.max(MIN_GROWTH, this.known));
  }

  /** After the run's last commit: analyse once its rows not yet analysed are a tenth of the known. */
  atEnd(): Promise<boolean> {
    return this.analyzeFrom(Math.max(MIN_GROWTH, this.known * END_SHARE));
  }

  private async analyzeFrom(threshold: number): Promise<boolean> {
    if (this.pending < threshold) return false;
    await this.session.analyze();
    this.known += this.pending;
    this.pending = 0;
    return true;
  }
}
