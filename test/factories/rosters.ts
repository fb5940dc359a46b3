import { randomInt } from 'node:crypto';

// Builds roster CSVs: valid CNICs whose last digit matches the gender, deterministic per seed.

export const ROSTER_HEADER =
  'cnic,full_name,gender,cohort_code,date_of_birth,province,district,email,phone,category,external_id,status,progress_pct,enrolled_on,completed_on,certification,certificate_number,certified_on';

/** A fresh random 13-digit CNIC; female → even last digit, male → odd (no mismatch warning). */
export function newCnic(gender: 'female' | 'male' = 'female'): string {
  const middle = String(randomInt(0, 100_000_000_000)).padStart(11, '0');
  const last = randomInt(0, 5) * 2 + (gender === 'female' ? 0 : 1);
  return `3${middle}${last}`;
}

export interface RosterRowInput {
  cnic: string;
  fullName: string;
  gender: string;
  cohortCode: string;
  [column: string]: string;
}

export function rosterCsv(rows: Record<string, string | undefined>[], columns?: string[]): string {
  const cols = columns ?? ROSTER_HEADER.split(',');
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [cols.join(','), ...rows.map((r) => cols.map((c) => quote(r[c] ?? '')).join(','))].join('\n') +
    '\n'
  );
}
