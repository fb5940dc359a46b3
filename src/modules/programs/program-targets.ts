// Pure rules for a program's sub-targets and tracks (no Nest, no DB), shared by create and
// update so both doors accept exactly the same targets. Keys are normalised the way rosters
// normalise trainee fields (province names become codes, 'F' becomes 'female'), and a track key
// takes the program's own spelling of the track.
import type { FieldError } from '../../core/http/domain-error';
import { normalizeGender, normalizeProvince, type TargetDimension } from '../../core/rules';

export interface ProgramTarget {
  dimension: TargetDimension;
  key: string;
  target: number;
}

export interface TargetInput {
  dimension: string;
  key: string;
  target: number;
}

export type TargetsResult =
  { ok: true; targets: ProgramTarget[] } | { ok: false; errors: FieldError[] };

/** The program's spelling of `track`, matched case-insensitively; null when it is not listed. */
export function matchTrack(tracks: readonly string[], track: string): string | null {
  const wanted = track.trim().toLowerCase();
  return tracks.find((t) => t.toLowerCase() === wanted) ?? null;
}

/**
 * Normalises every key, then checks what only the whole program can tell: a track key must be
 * one of the program's tracks, a (dimension, key) pair appears once, and the sub-targets of one
 * dimension add up to at most the program's target.
 */
export function checkTargets(
  inputs: readonly TargetInput[],
  program: { targetTrainees: number; tracks: readonly string[] },
): TargetsResult {
  const errors: FieldError[] = [];
  const targets: ProgramTarget[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const field = `targets.${i}.key`;
    let key: string | null = null;
    const dimension = input.dimension as TargetDimension;
    if (dimension === 'gender') {
      const r = normalizeGender(input.key);
      if (r.ok) key = r.value;
      else errors.push({ field, message: `gender target key: ${r.message}` });
    } else if (dimension === 'province') {
      const r = normalizeProvince(input.key);
      if (r.ok) key = r.value;
      else errors.push({ field, message: `province target key: ${r.message}` });
    } else {
      key = matchTrack(program.tracks, input.key);
      if (key === null) {
        errors.push({
          field,
          message:
            program.tracks.length > 0
              ? `track target key must be one of the program's tracks: ${program.tracks.join(', ')}`
              : 'track target key must be one of the program tracks, and the program lists none',
        });
      }
    }
    if (key === null) return;
    const id = `${dimension}\u0000${key}`;
    if (seen.has(id)) {
      errors.push({ field, message: `${dimension} target ${key} is given twice` });
      return;
    }
    seen.add(id);
    targets.push({ dimension, key, target: input.target });
  });
  if (errors.length > 0) return { ok: false, errors };

  const sums = new Map<TargetDimension, number>();
  for (const t of targets) sums.set(t.dimension, (sums.get(t.dimension) ?? 0) + t.target);
  for (const [dimension, sum] of sums) {
    if (sum > program.targetTrainees) {
      errors.push({
        field: 'targets',
        message: `the ${dimension} sub-targets add up to ${sum}, more than targetTrainees (${program.targetTrainees})`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, targets };
}
