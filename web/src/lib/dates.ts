// One way to write a date, read the same by everyone: `10 Jan 2027`. Forms accept that form
// (any case, the month's short or full name) and the ISO `2027-01-10`; never `01/10/2027`,
// which a Pakistani and an American read as different days.
import { formatDate } from './format';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** `jan`, `january` (and `sept`) → 1-based month, else 0. */
function monthOf(name: string): number {
  const n = name.toLowerCase();
  if (n === 'sept') return 9;
  return MONTHS.findIndex((m) => m === n || m.slice(0, 3) === n) + 1;
}

/** The rule, as a form shows it before the user errs. */
export const DATE_HELP = 'Day, month, year: 10 Jan 2027.';

export type ParsedDate = { ok: true; iso: string | null } | { ok: false; message: string };

function valid(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `10 Jan 2027`, `10 january 2027`, `10-Jan-2027` or `2027-01-10` → `2027-01-10`; empty → null. */
export function parseDate(text: string): ParsedDate {
  const t = text.trim();
  if (t === '') return { ok: true, iso: null };
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const words = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})$/.exec(t);
  let result: string | null = null;
  if (iso) result = valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  else if (words && monthOf(words[2]!) > 0)
    result = valid(Number(words[3]), monthOf(words[2]!), Number(words[1]));
  return result
    ? { ok: true, iso: result }
    : { ok: false, message: `Write the date as day, month, year: 10 Jan 2027.` };
}

/** A stored date as a form shows it: `2027-01-10` → `10 Jan 2027`; nothing → ''. */
export function dateText(iso: string | null | undefined): string {
  return iso ? formatDate(iso) : '';
}

/** The date to send: ISO when it parses (null when empty), else the text for the API to refuse. */
export function dateBody(text: string): string | null {
  const parsed = parseDate(text);
  return parsed.ok ? parsed.iso : text.trim();
}

/**
 * Today as the api counts it (its core/clock): the UTC calendar day, wherever the reader is.
 * Pace, "needed per week" and file names use it.
 */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
