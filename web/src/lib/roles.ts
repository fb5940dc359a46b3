// What the user forms share: the roles in words, and the partners a role holds (a coordinator
// any set, none meaning every partner; a partner user exactly one; the other roles none).
import type { UserRole } from '../api/types';

export const ROLE_LABELS: Record<UserRole, string> = {
  coordinator: 'Coordinator',
  ministry: 'Ministry',
  partner: 'Partner user',
  admin: 'Administrator',
};

export function holdsPartners(role: UserRole): boolean {
  return role === 'coordinator' || role === 'partner';
}

/** The partner codes after a click on `code`: a partner user's choice replaces its one partner. */
export function toggleCode(role: UserRole, codes: string[], code: string): string[] {
  if (role === 'partner') return [code];
  return codes.includes(code) ? codes.filter((c) => c !== code) : [...codes, code];
}

/**
 * A coordinator covers "All partners" or "Only these": the choice is said, never inferred from
 * an empty set of ticks (where a forgotten tick would grant every partner).
 */
export function scopeProblems(role: UserRole, all: boolean, codes: string[]) {
  return role === 'coordinator' && !all && codes.length === 0
    ? [{ field: 'partnerCodes', message: 'Tick at least one partner, or choose All partners.' }]
    : [];
}

/** The codes to send: none for "All partners". */
export function scopeCodes(role: UserRole, all: boolean, codes: string[]): string[] {
  return role === 'coordinator' && all ? [] : codes;
}

/** "HUAWEI, ZTE", or what no partner means for the role. */
export function describePartners(role: UserRole, codes: string[]): string {
  if (codes.length > 0) return codes.join(', ');
  return role === 'coordinator' ? 'All partners' : '–';
}
