// What the trainee list's `?q=` means, as a pure function: a run of digits (dashes allowed, as
// people type a CNIC) is the start of a CNIC; anything else is part of a name, matched in any
// case and any script. Text is normalized as names are stored (trimmed, inner spaces one,
// NFC), so what a person types matches what a roster wrote. No Nest, no DB.
import { TEXT_LIMITS } from '../../core/rules';

export const SEARCH_MIN_LENGTH = 3;

export type TraineeSearch =
  | { kind: 'cnic'; prefix: string }
  | { kind: 'name'; text: string }
  | { kind: 'invalid'; message: string };

// Control characters (bidirectional overrides and isolates included) never occur in a stored
// name: a search holding one is a mistake, not a match.
const NOT_IN_A_NAME = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const CNIC_TYPING = /^[0-9][0-9-]*$/;

const codePoints = (s: string): number => Array.from(s).length;

export function parseTraineeSearch(raw: string): TraineeSearch {
  const text = raw.trim().replace(/\s+/g, ' ').normalize('NFC');
  if (NOT_IN_A_NAME.test(text)) {
    return { kind: 'invalid', message: 'q must be part of a name or the first digits of a CNIC' };
  }
  if (CNIC_TYPING.test(text)) {
    const prefix = text.replace(/-/g, '');
    if (prefix.length < SEARCH_MIN_LENGTH) {
      return { kind: 'invalid', message: `q must hold at least ${SEARCH_MIN_LENGTH} digits` };
    }
    if (prefix.length > 13) return { kind: 'invalid', message: 'a CNIC has 13 digits' };
    return { kind: 'cnic', prefix };
  }
  if (codePoints(text) < SEARCH_MIN_LENGTH) {
    return { kind: 'invalid', message: `q must be at least ${SEARCH_MIN_LENGTH} characters` };
  }
  if (codePoints(text) > TEXT_LIMITS.fullName) {
    return { kind: 'invalid', message: `q must be at most ${TEXT_LIMITS.fullName} characters` };
  }
  return { kind: 'name', text };
}

/** The CNICs starting with `prefix`, as a range both ends included (CNICs are 13 digits). */
export function cnicPrefixRange(prefix: string): [string, string] {
  return [prefix.padEnd(13, '0'), prefix.padEnd(13, '9')];
}

/** `text` anywhere in a value, for ILIKE: the pattern's own wildcards are taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
