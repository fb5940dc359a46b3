// The batch builder alone: entries in, staged rows, problems and counts out. "today" is fixed.
import { STAGED_COLUMNS, copyLine, type KeySource } from '../merge/staged-columns';
import { BatchBuilder, toStaged, type RosterFile } from './batch-builder';
import type { RosterEntry } from './roster-entry';
import { problem } from './roster-problems';
import type { RawRosterRow } from './roster-row';

const TODAY = '2026-11-27';
const COHORT = { cohortId: 'c-1', programId: 'p-1' };

function file(patch: Partial<RosterFile> = {}): RosterFile {
  return {
    partnerId: 'partner-1',
    cohorts: new Map([['HW-01', COHORT]]),
    today: TODAY,
    resumeAfter: 0,
    headerWarnings: [],
    ...patch,
  };
}

function row(line: number, patch: RawRosterRow = {}): RosterEntry & { kind: 'row' } {
  const raw = { cnic: '35202-1234567-2', full_name: 'Ayesha Khan', gender: 'female' };
  return { kind: 'row', line, raw: { ...raw, cohort_code: 'HW-01', ...patch }, problems: [] };
}

/** Keys that count up, so two sources give the same keys in the same order. */
function countingKeys(): KeySource {
  let n = 0;
  return {
    writeId: (out, at) => at + out.write(`id-${++n}`, at, 'latin1'),
    verificationCode: () => `code-${++n}`,
  };
}

/** A distinct valid female CNIC per n. */
function cnic(n: number): string {
  return `35202-${String(1_000_000 + n)}-2`;
}

describe('BatchBuilder', () => {
  it('stages a valid row with its cohort, program and partner', () => {
    const builder = new BatchBuilder(file(), countingKeys());
    builder.add(row(2, { status: 'completed', certificate_number: 'C-1', certification: 'HW' }));
    const batch = builder.take();
    expect(batch.problems).toEqual([]);
    expect(batch.counters).toEqual({ records: 1, rejected: 0, endRecord: 1 });
    expect(batch.rows).toEqual([
      expect.objectContaining({
        line: 2,
        cnic: '3520212345672',
        fullName: 'Ayesha Khan',
        cohortId: 'c-1',
        programId: 'p-1',
        partnerId: 'partner-1',
        status: 'completed',
        certNumber: 'C-1',
      }),
    ]);
    // What the merge copies into Postgres: exactly the staged rows, encoded once when taken,
    // with the keys of the records the row may create (a certificate's among them).
    const keys = countingKeys();
    expect(batch.copyData.toString('utf8')).toBe(batch.rows.map((r) => copyLine(r, keys)).join(''));
    expect(batch.copyData.toString('utf8')).toMatch(/\tid-4\tcode-5\n$/);
  });

  it('rejects a bad record, an invalid JSON row, an unknown cohort and a failing row', () => {
    const builder = new BatchBuilder(file());
    const invalid = [problem(3, '', 'bad_row', 'not an object')];
    builder.add({ kind: 'bad', line: 2, detail: 'unterminated quote' });
    builder.add({ kind: 'invalid', line: 3, problems: invalid });
    builder.add(row(4, { cnic: cnic(1), cohort_code: 'NOPE-01' }));
    builder.add(row(5, { cnic: cnic(2), gender: 'Q' }));
    const batch = builder.take();
    expect(batch.rows).toEqual([]);
    expect(batch.copyData.length).toBe(0);
    expect(batch.counters).toEqual({ records: 4, rejected: 4, endRecord: 4 });
    expect(batch.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'bad_row'],
      [3, 'bad_row'],
      [4, 'unknown_cohort'],
      [5, 'invalid_gender'],
    ]);
  });

  it('rejects a CNIC already shown by an earlier row of the file, across batches', () => {
    const builder = new BatchBuilder(file());
    builder.add(row(2));
    expect(builder.take().rows).toHaveLength(1);
    builder.add(row(3, { cnic: '3520212345672' }));
    const second = builder.take();
    expect(second.rows).toEqual([]);
    expect(second.problems).toEqual([
      expect.objectContaining({ line: 3, code: 'duplicate_in_file' }),
    ]);
  });

  it('keeps a valid row with its warnings, and the file-level warnings of any row', () => {
    const builder = new BatchBuilder(file());
    const unknownField = problem(2, 'nickname', 'unknown_column', 'not a roster field');
    builder.add({ ...row(2, { gender: 'male' }), problems: [unknownField] });
    const batch = builder.take();
    expect(batch.rows).toHaveLength(1);
    expect(batch.problems.map((p) => p.code)).toEqual(['unknown_column', 'gender_cnic_mismatch']);
  });

  it('judges dates by the day it is given', () => {
    // Ten years old on 2026-11-28: too young the day before.
    const tenTomorrow = row(2, { date_of_birth: '2016-11-28' });
    const before = new BatchBuilder(file());
    before.add(tenTomorrow);
    expect(before.take().problems).toEqual([
      expect.objectContaining({ column: 'date_of_birth', code: 'invalid_date' }),
    ]);
    const onTheDay = new BatchBuilder(file({ today: '2026-11-28' }));
    onTheDay.add(tenTomorrow);
    expect(onTheDay.take().rows).toHaveLength(1);
  });

  it('reports the header warnings with the first batch of a run from the start only', () => {
    const warning = problem(1, 'nickname', 'unknown_column', 'ignored');
    const fresh = new BatchBuilder(file({ headerWarnings: [warning] }));
    expect(fresh.pending).toBe(true);
    expect(fresh.take().problems).toEqual([warning]);
    expect(fresh.take().problems).toEqual([]);
    const resumed = new BatchBuilder(file({ headerWarnings: [warning], resumeAfter: 1 }));
    expect(resumed.pending).toBe(false);
  });

  it('replays committed records only to remember their CNICs, and counts the file', () => {
    const builder = new BatchBuilder(file({ resumeAfter: 2 }));
    builder.add(row(2));
    builder.add({ kind: 'bad', line: 3, detail: 'unterminated quote' });
    expect(builder.size).toBe(0);
    expect(builder.pending).toBe(false);
    builder.add(row(4, { cnic: '3520212345672' }));
    builder.add(row(5, { cnic: cnic(3) }));
    expect(builder.records).toBe(4);
    const batch = builder.take();
    expect(batch.counters).toEqual({ records: 2, rejected: 1, endRecord: 4 });
    expect(batch.problems).toEqual([
      expect.objectContaining({
        line: 4,
        code: 'duplicate_in_file',
        message: expect.stringContaining('line 2'),
      }),
    ]);
    expect(batch.rows.map((r) => r.line)).toEqual([5]);
  });

  it('sizes the batch being built and starts the next one empty', () => {
    const builder = new BatchBuilder(file());
    for (let i = 0; i < 3; i++) builder.add(row(2 + i, { cnic: cnic(10 + i) }));
    expect(builder.size).toBe(3);
    expect(builder.take().counters.endRecord).toBe(3);
    expect(builder.size).toBe(0);
    builder.add(row(5, { cnic: cnic(20) }));
    expect(builder.take().counters).toEqual({ records: 1, rejected: 0, endRecord: 4 });
  });
});

describe('toStaged', () => {
  it('gives every staged column a value, absent optional cells undefined (NULL in COPY)', () => {
    const row = { cnic: '3520212345672', fullName: 'A', gender: 'female' as const };
    const staged = toStaged({ ...row, cohortCode: 'HW-01' }, 9, COHORT, 'partner-1');
    expect(Object.keys(staged)).toEqual(STAGED_COLUMNS.map((c) => c.field));
    const given = { line: 9, ...row, cohortId: 'c-1', programId: 'p-1', partnerId: 'partner-1' };
    for (const [field, value] of Object.entries(staged)) {
      expect([field, value]).toEqual([field, given[field as keyof typeof given]]);
    }
  });
});
