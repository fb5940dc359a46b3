// The words a person reads for the API's codes: Punjab, not PB; Female, not female.
import { PROVINCES } from './provinces';

const WORDS: Record<string, Record<string, string>> = {
  gender: { female: 'Female', male: 'Male', transgender: 'Transgender' },
  category: {
    youth: 'Youth',
    government_official: 'Government official',
    professional: 'Professional',
    other: 'Other',
  },
  mode: { onsite: 'On site', online: 'Online', hybrid: 'Hybrid' },
  enrollment: {
    enrolled: 'Enrolled',
    active: 'Active',
    completed: 'Completed',
    dropped: 'Dropped',
  },
  program: { draft: 'Draft', active: 'Active', closed: 'Closed' },
  kind: { industry: 'Industry', government: 'Government', academic: 'Academic', donor: 'Donor' },
  dimension: { province: 'Province', gender: 'Gender', track: 'Track' },
  province: Object.fromEntries(PROVINCES.map((p) => [p.code, p.name])),
};

export type LabelKind = keyof typeof WORDS;

/** The label of `code` in `kind`; an unknown code as it is, nothing as an en dash. */
export function label(kind: LabelKind, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '–';
  return WORDS[kind]?.[code] ?? code;
}

/** A sub-target's key in words: a province or gender by its label, a track as named. */
export function targetKeyLabel(dimension: string, key: string): string {
  return dimension === 'province' || dimension === 'gender' ? label(dimension, key) : key;
}
