// The search box takes a CNIC written either way (35202-1234567-1 or 3520212345671); the API
// filters on the 13 digits.
/** The rule, as forms show it before the user errs. */
export const CNIC_HELP = '13 digits, written 35202-1234567-1 or 3520212345671.';

export function normalizeCnicQuery(input: string): string | null {
  const trimmed = input.trim();
  if (/^\d{5}-\d{7}-\d$/.test(trimmed)) return trimmed.replace(/-/g, '');
  if (/^\d{13}$/.test(trimmed)) return trimmed;
  return null;
}

/** 3520212345671 → 35202-1234567-1, the way it is printed on the card. */
export function formatCnic(digits: string | null | undefined): string {
  if (!digits) return '–';
  return /^\d{13}$/.test(digits)
    ? `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`
    : digits;
}

/**
 * What the trainee search sends as `?q=`: a CNIC's digits without its dashes (the API matches
 * the first digits of the 13), anything else (a name in any script) as typed, trimmed.
 */
export function searchTerm(input: string): string {
  const t = input.trim().replace(/\s+/g, ' ');
  return /^[\d-]+$/.test(t) ? t.replace(/-/g, '') : t;
}

/** 3520212345671 → 35202-•••••••-1: enough to tell two people apart, not to copy the card. */
export function maskCnic(digits: string | null | undefined): string {
  if (!digits || !/^\d{13}$/.test(digits)) return '–';
  return `${digits.slice(0, 5)}-•••••••-${digits.slice(12)}`;
}
