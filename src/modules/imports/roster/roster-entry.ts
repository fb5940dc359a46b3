// One record of a stored roster as the file gives it, before the row rules judge it: a row's
// cells by column, a record the reader could not split into cells, or a JSON row that is not
// a row at all. Produced by RosterSource, consumed by BatchBuilder.
import type { Problem } from './roster-problems';
import type { RawRosterRow } from './roster-row';

export type RosterEntry =
  /** `problems`: the file's own warnings on this record (unknown JSON fields). */
  | { kind: 'row'; line: number; raw: RawRosterRow; problems: Problem[] }
  | { kind: 'bad'; line: number; detail: string }
  | { kind: 'invalid'; line: number; problems: Problem[] };
