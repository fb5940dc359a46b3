// Turns a roster's entries, in file order, into batches ready for the merge: the staged rows,
// every problem found so far (header, file, row rules, duplicates within the file, unknown
// cohorts) and the batch's counts. Pure: no database, no clock (the day is given), no Nest.
//
// What it remembers across batches is the file's: which CNICs it has shown (a later row with
// the same CNIC is a duplicate) and how many records it has read. A resumed import replays the
// records already committed only to rebuild that memory.
import { normalizeCnic } from '../../../core/rules';
import { copyData, RANDOM_KEYS, type KeySource, type StagedRow } from '../merge/staged-columns';
import type { RosterEntry } from './roster-entry';
import { importerProblems, type Problem } from './roster-problems';
import { validateRow, type RawRosterRow, type RosterRow } from './roster-row';

export interface Cohort {
  cohortId: string;
  programId: string;
}

/** Counts of one batch. */
export interface BatchCounts {
  /** Data records read into this batch (valid or not). */
  records: number;
  /** Records rejected by validation (the merge may reject more). */
  rejected: number;
  /** Records of the file up to the end of this batch: where a resumed import starts. */
  endRecord: number;
}

/** One batch as read and validated, before it is merged. */
export interface Batch {
  rows: StagedRow[];
  /**
   * The rows as COPY text, encoded when the batch is taken (while the previous batch merges)
   * into a buffer outside the JavaScript heap, which the garbage collector never copies.
   */
  copyData: Buffer;
  problems: Problem[];
  counters: BatchCounts;
}

export interface RosterFile {
  partnerId: string;
  /** The partner's cohorts by code. */
  cohorts: ReadonlyMap<string, Cohort>;
  /** 'YYYY-MM-DD' against which the roster's dates are judged ("in the future", ages). */
  today: string;
  /** Records already committed by an earlier attempt: replayed, not batched again. */
  resumeAfter: number;
  /** Problems of the header, reported with the first batch of a run from the start. */
  headerWarnings: Problem[];
}

const EMPTY_COPY = Buffer.alloc(0);

function emptyBatch(problems: Problem[]): Batch {
  return {
    rows: [],
    copyData: EMPTY_COPY,
    problems: [...problems],
    counters: { records: 0, rejected: 0, endRecord: 0 },
  };
}

/** A valid row as the merge stages it. */
export function toStaged(
  row: RosterRow,
  line: number,
  cohort: Cohort,
  partnerId: string,
): StagedRow {
  return {
    line,
    cnic: row.cnic,
    fullName: row.fullName,
    gender: row.gender,
    dateOfBirth: row.dateOfBirth,
    province: row.province,
    district: row.district,
    email: row.email,
    phone: row.phone,
    category: row.category,
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    externalId: row.externalId,
    status: row.status,
    progressPct: row.progressPct,
    enrolledOn: row.enrolledOn,
    completedOn: row.completedOn,
    certName: row.certification?.name,
    certNumber: row.certification?.certificateNumber,
    certifiedOn: row.certification?.issuedOn,
    partnerId,
  };
}

export class BatchBuilder {
  // CNIC (13 digits, exact as a double) → first line: numbers keep 300k keys small.
  private readonly seen = new Map<number, number>();
  private read = 0;
  private batch: Batch;

  constructor(
    private readonly file: RosterFile,
    private readonly keys: KeySource = RANDOM_KEYS,
  ) {
    this.batch = emptyBatch(file.resumeAfter === 0 ? file.headerWarnings : []);
  }

  /** Records of the file read so far, resumed ones included. */
  get records(): number {
    return this.read;
  }

  /** Records in the batch being built. */
  get size(): number {
    return this.batch.counters.records;
  }

  /** Whether the batch being built has anything to merge or to report. */
  get pending(): boolean {
    return this.batch.counters.records > 0 || this.batch.problems.length > 0;
  }

  /** The next entry of the file. */
  add(entry: RosterEntry): void {
    this.read++;
    if (this.read <= this.file.resumeAfter) {
      // Already applied and counted: only rebuild which CNICs the file has shown.
      if (entry.kind === 'row') this.firstLineOf(cnicOf(entry.raw), entry.line);
      return;
    }
    this.addToBatch(entry, this.batch);
  }

  /** The batch built so far, ending at the last record read; the next one starts empty. */
  take(): Batch {
    const batch = this.batch;
    batch.counters.endRecord = this.read;
    batch.copyData = copyData(batch.rows, this.keys);
    this.batch = emptyBatch([]);
    return batch;
  }

  private addToBatch(entry: RosterEntry, batch: Batch): void {
    batch.counters.records++;
    if (entry.kind !== 'row') {
      batch.problems.push(
        ...(entry.kind === 'bad'
          ? [importerProblems.badRow(entry.line, entry.detail)]
          : entry.problems),
      );
      batch.counters.rejected++;
      return;
    }
    // File-level warnings (unknown JSON fields) stand whatever becomes of the row.
    for (const p of entry.problems) batch.problems.push(p);
    const result = validateRow(entry.raw, entry.line, { today: this.file.today });
    // A valid row's CNIC is normalised already; an invalid row's may still be a duplicate.
    const firstLine = this.firstLineOf(result.ok ? result.row.cnic : cnicOf(entry.raw), entry.line);
    const cohort = result.ok ? this.file.cohorts.get(result.row.cohortCode) : undefined;
    if (!result.ok || firstLine !== null || !cohort) {
      if (!result.ok) batch.problems.push(...result.problems);
      if (firstLine !== null) {
        batch.problems.push(importerProblems.duplicateInFile(entry.line, firstLine));
      }
      if (result.ok && !cohort) batch.problems.push(importerProblems.unknownCohort(entry.line));
      batch.counters.rejected++;
      return;
    }
    for (const w of result.warnings) batch.problems.push(w);
    batch.rows.push(toStaged(result.row, entry.line, cohort, this.file.partnerId));
  }

  /** The line that first showed this CNIC, or null (and this line is now the first). */
  private firstLineOf(cnic: string | null, line: number): number | null {
    if (cnic === null) return null;
    const key = Number(cnic);
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, line);
    return first ?? null;
  }
}

/** A record's CNIC normalised, or null when it has none or it is not one. */
function cnicOf(raw: RawRosterRow): string | null {
  if (raw.cnic === undefined) return null;
  const cnic = normalizeCnic(raw.cnic);
  return cnic.ok ? cnic.value : null;
}
