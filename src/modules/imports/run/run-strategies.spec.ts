// The two run strategies against a fake session: which statements each batch makes and in
// which order, what the counters become, what a cancel, a failure or a rejected row does, and
// that the next batch is built while the current one merges.
import type { ProblemRow } from '../imports.repository';
import type { BatchCounters, MergeBatch, RunSession } from '../merge/merge-session';
import type { GrowthAnalyzer } from '../merge/growth-analyzer';
import { ConcurrentMergeError, type MergeResult } from '../merge/roster-merge.repository';
import { problem, toStaged, type Batch } from '../roster';

const COHORT = { cohortId: 'c-1', programId: 'p-1' };
import { copyData, type StagedRow } from '../merge/staged-columns';
import { AtomicRun, BatchedRun, type RunDeps } from './run-strategies';

/** Records what a strategy asks of its session; merges can be held to see the overlap. */
class FakeSession implements RunSession {
  readonly calls: string[] = [];
  readonly recorded: { problems: ProblemRow[]; counters: BatchCounters }[] = [];
  readonly progress: number[] = [];
  cancelRequested = false;
  /** Merge results by call, in order; a row counts as created when none is given. */
  results: Partial<MergeResult>[] = [];
  /** Thrown by the merge of this call (0-based). */
  failMerge: { call: number; error: Error } | null = null;
  /** Thrown by every merge. */
  failMerges: Error | null = null;
  /** While set, every merge waits for release(). */
  private held: (() => void)[] | null = null;
  private merges = 0;

  hold(): void {
    this.held = [];
  }

  /** Lets the merges waiting go on (later ones are held again). */
  release(): void {
    const waiting = this.held ?? [];
    if (this.held) this.held = [];
    waiting.forEach((go) => go());
  }

  begin(): Promise<void> {
    this.calls.push('begin');
    return Promise.resolve();
  }

  commit(): Promise<void> {
    this.calls.push('commit');
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    this.calls.push('rollback');
    return Promise.resolve();
  }

  async mergeBatch(batch: MergeBatch, simulate: boolean): Promise<MergeResult> {
    const n = this.merges++;
    this.calls.push(
      `merge ${batch.rows.map((r) => r.line).join(',')}${simulate ? ' simulated' : ''}`,
    );
    const held = this.held;
    if (held) await new Promise<void>((go) => held.push(go));
    this.calls.push(`merged ${n}`);
    if (this.failMerge?.call === n) throw this.failMerge.error;
    if (this.failMerges) throw this.failMerges;
    return {
      created: batch.rows.length,
      updated: 0,
      unchanged: 0,
      rejections: [],
      downgradeLines: [],
      identityConflicts: [],
      programIds: ['p-1'],
      ...this.results[n],
    };
  }

  recordBatch(_importId: string, problems: ProblemRow[], counters: BatchCounters): Promise<void> {
    this.calls.push('record');
    this.recorded.push({ problems, counters: { ...counters } });
    return Promise.resolve();
  }

  isCancelRequested(): Promise<boolean> {
    this.calls.push('cancel?');
    return Promise.resolve(this.cancelRequested);
  }

  showProgress(_importId: string, processedRows: number): Promise<void> {
    this.calls.push('progress');
    this.progress.push(processedRows);
    return Promise.resolve();
  }

  failWithoutApplying(): Promise<void> {
    this.calls.push('fail');
    return Promise.resolve();
  }
}

function staged(line: number): StagedRow {
  const row = { cnic: String(3520210000000 + line), fullName: 'A', gender: 'female' as const };
  return toStaged({ ...row, cohortCode: 'HW-01' }, line, COHORT, 'partner-1');
}

/** A batch of valid rows on these lines, plus `rejected` lines rejected by validation. */
function batch(lines: number[], endRecord: number, rejected: number[] = []): Batch {
  const rows = lines.map(staged);
  return {
    rows,
    copyData: copyData(rows),
    problems: rejected.map((line) => problem(line, 'gender', 'invalid_gender', 'bad gender')),
    counters: { records: lines.length + rejected.length, rejected: rejected.length, endRecord },
  };
}

function deps(
  session: FakeSession,
  patch: { dryRun?: boolean; counters?: Partial<BatchCounters> } = {},
) {
  const counts = { created: [] as number[], rejected: [] as number[] };
  const d: RunDeps = {
    session,
    run: {
      id: 'imp-1',
      partnerId: 'partner-1',
      dryRun: patch.dryRun ?? false,
      today: '2026-11-27',
    },
    counters: {
      processedRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      warnings: 0,
      committedRecords: 0,
      ...patch.counters,
    },
    metrics: {
      countImportRows: (outcome, rows) => {
        if (outcome === 'created') counts.created.push(rows);
        if (outcome === 'rejected') counts.rejected.push(rows);
      },
    },
    log: { debug: () => undefined },
  };
  return { deps: d, counts };
}

function analyzer(): { open: () => Promise<GrowthAnalyzer>; created: number[]; ends: number } {
  const created: number[] = [];
  const stats = {
    open: () => Promise.resolve(fake as unknown as GrowthAnalyzer),
    created,
    ends: 0,
  };
  const fake = {
    afterCommit: (n: number) => (created.push(n), Promise.resolve(false)),
    atEnd: () => (stats.ends++, Promise.resolve(false)),
  };
  return stats;
}

/** Lets every pending promise callback run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('BatchedRun', () => {
  it('commits each batch with its problems and the counters, and ends after the last', async () => {
    const session = new FakeSession();
    const { deps: d, counts } = deps(session, {
      counters: { processedRows: 10, created: 10, committedRecords: 10 },
    });
    const stats = analyzer();
    const run = await BatchedRun.open(d, stats.open);
    expect(await run.next(batch([12, 13], 13, [14]))).toBe('more');
    await run.end(batch([15], 14));
    expect(await run.conclude()).toBe('completed');
    expect(session.calls.join(' | ')).toBe(
      'cancel? | begin | merge 12,13 | merged 0 | record | commit | begin | merge 15 | merged 1 | record | commit',
    );
    expect(stats.ends).toBe(1); // the statistics are offered the run's end, after its last commit
    expect(session.recorded.map((r) => r.counters)).toEqual([
      {
        processedRows: 13,
        created: 12,
        updated: 0,
        unchanged: 0,
        rejected: 1,
        warnings: 0,
        committedRecords: 13,
      },
      {
        processedRows: 14,
        created: 13,
        updated: 0,
        unchanged: 0,
        rejected: 1,
        warnings: 0,
        committedRecords: 14,
      },
    ]);
    expect(session.recorded[0].problems.map((p) => p.line)).toEqual([14]);
    expect(counts).toEqual({ created: [2, 1], rejected: [1, 0] });
    expect(stats.created).toEqual([2, 1]);
    expect([...run.programs]).toEqual(['p-1']);
  });

  it('builds the next batch while the current one merges, one merge at a time', async () => {
    const session = new FakeSession();
    const run = await BatchedRun.open(deps(session).deps, analyzer().open);
    session.hold();
    // Returns while batch 1 is still merging: the caller goes on reading the file.
    expect(await run.next(batch([2], 1))).toBe('more');
    expect(session.calls.join(' | ')).toBe('cancel? | begin | merge 2');
    let second = false;
    const next = run.next(batch([3], 2)).then(() => (second = true));
    await flush();
    expect(second).toBe(false); // waits for batch 1 before asking about a cancel
    expect(session.calls.join(' | ')).toBe('cancel? | begin | merge 2');
    session.release();
    await next;
    expect(session.calls.join(' | ')).toBe(
      'cancel? | begin | merge 2 | merged 0 | record | commit | cancel? | begin | merge 3',
    );
    session.release();
    await run.end(null);
    expect(session.calls.slice(-3)).toEqual(['merged 1', 'record', 'commit']);
  });

  it('stops before a full batch once the import is cancelled, after the merge in flight', async () => {
    const session = new FakeSession();
    const run = await BatchedRun.open(deps(session).deps, analyzer().open);
    await run.next(batch([2], 1));
    session.cancelRequested = true;
    expect(await run.next(batch([3], 2))).toBe('cancelled');
    expect(session.calls.join(' | ')).toBe(
      'cancel? | begin | merge 2 | merged 0 | record | commit | cancel?',
    );
    expect([...run.programs]).toEqual(['p-1']);
  });

  it('rolls a failed batch back and reports its error at the next step', async () => {
    const session = new FakeSession();
    session.failMerge = { call: 0, error: new Error('deadlock') };
    const run = await BatchedRun.open(deps(session).deps, analyzer().open);
    await run.next(batch([2], 1));
    await expect(run.next(batch([3], 2))).rejects.toThrow('deadlock');
    expect(session.calls.join(' | ')).toBe('cancel? | begin | merge 2 | merged 0 | rollback');
    await run.abort();
    expect(session.calls).toHaveLength(5);
  });

  it('merges a batch that lost a race with another import again at once, counting it once', async () => {
    const session = new FakeSession();
    session.failMerge = { call: 0, error: new ConcurrentMergeError() };
    const { deps: d } = deps(session);
    const run = await BatchedRun.open(d, analyzer().open);
    await run.end(batch([2, 3], 2));
    expect(session.calls.join(' | ')).toBe(
      'begin | merge 2,3 | merged 0 | rollback | begin | merge 2,3 | merged 1 | record | commit',
    );
    expect(session.recorded).toHaveLength(1);
    expect(session.recorded[0].counters).toMatchObject({ created: 2, processedRows: 2 });
  });

  it('gives a batch that keeps losing the race to the job after five merges', async () => {
    const session = new FakeSession();
    session.failMerges = new ConcurrentMergeError();
    const run = await BatchedRun.open(deps(session).deps, analyzer().open);
    await expect(run.end(batch([2], 1))).rejects.toThrow(ConcurrentMergeError);
    expect(session.calls.filter((c) => c === 'rollback')).toHaveLength(5);
    expect(session.recorded).toHaveLength(0);
  });

  it('simulates a dry run: problems and counts only, no statistics, metrics or programs', async () => {
    const session = new FakeSession();
    const { deps: d, counts } = deps(session, { dryRun: true });
    const stats = analyzer();
    const run = await BatchedRun.open(d, stats.open);
    await run.end(batch([2], 1));
    expect(session.calls.join(' | ')).toBe(
      'begin | merge 2 simulated | merged 0 | record | commit',
    );
    expect(session.recorded[0].counters).toMatchObject({ created: 1, committedRecords: 1 });
    expect(stats.created).toEqual([]);
    expect(counts).toEqual({ created: [], rejected: [] });
    expect(run.programs.size).toBe(0);
  });

  it('adds the rejections, downgrades and identity conflicts only the database finds', async () => {
    const session = new FakeSession();
    session.results = [
      {
        created: 0,
        unchanged: 1,
        rejections: [{ line: 2, code: 'certificate_conflict', column: 'certificate_number' }],
        downgradeLines: [3],
        identityConflicts: [{ line: 4, columns: ['full_name'] }],
      },
    ];
    const run = await BatchedRun.open(deps(session).deps, analyzer().open);
    const b = batch([2, 3, 4], 3);
    b.problems.push(problem(2, 'gender', 'gender_cnic_mismatch', 'check the CNIC'));
    await run.end(b);
    expect(session.recorded[0].problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'certificate_conflict'],
      [3, 'status_downgrade'],
      [4, 'identity_conflict'],
    ]);
    expect(session.recorded[0].counters).toMatchObject({ rejected: 1, warnings: 2, unchanged: 1 });
  });
});

describe('AtomicRun', () => {
  it('merges every batch in one transaction, shows progress, and commits at the end', async () => {
    const session = new FakeSession();
    const { deps: d, counts } = deps(session);
    const stats = analyzer();
    const run = await AtomicRun.open(d, stats.open);
    await run.next(batch([2, 3], 2));
    await run.end(batch([4], 3));
    expect(await run.conclude()).toBe('completed');
    expect(session.calls.join(' | ')).toBe(
      'begin | merge 2,3 | merged 0 | progress | merge 4 | merged 1 | progress | record | commit',
    );
    expect(session.progress).toEqual([2, 3]);
    expect(session.recorded[0].counters).toMatchObject({
      processedRows: 3,
      created: 3,
      committedRecords: 0,
    });
    expect(counts.created).toEqual([]); // metrics count committed batches only, as before
    expect([...run.programs]).toEqual(['p-1']);
    // The one commit's rows go to the statistics, then the end: a large file is analysed.
    expect(stats.created).toEqual([3]);
    expect(stats.ends).toBe(1);
  });

  it('applies nothing when a row is rejected: problems and counts stored, the import failed', async () => {
    const session = new FakeSession();
    const run = await AtomicRun.open(deps(session).deps, analyzer().open);
    await run.next(batch([2], 2, [3]));
    await run.end(null);
    expect(await run.conclude()).toBe('failed');
    expect(session.calls.join(' | ')).toBe(
      'begin | merge 2 | merged 0 | progress | rollback | begin | record | fail | commit',
    );
    expect(session.recorded[0].problems.map((p) => p.line)).toEqual([3]);
    expect(session.recorded[0].counters).toMatchObject({ rejected: 1, committedRecords: 0 });
  });

  it('rolls everything back after an error, once the merge in flight has ended', async () => {
    const session = new FakeSession();
    session.failMerge = { call: 1, error: new Error('lost connection') };
    const run = await AtomicRun.open(deps(session).deps, analyzer().open);
    await run.next(batch([2], 1));
    await run.next(batch([3], 2));
    await run.abort();
    expect(session.calls.join(' | ')).toBe(
      'begin | merge 2 | merged 0 | progress | merge 3 | merged 1 | rollback',
    );
  });
});
