// Which day it is, for every rule and figure that needs one: the date rules of the API and the
// roster ("not in the future"), the defaults of an enrollment, a certificate's expiry, pace and
// the 30-day windows of reports, a report file's name. One rule: the calendar day in UTC, the day
// API.md counts pace in ("UTC days") and the day of every timestamp the API writes (ISO 8601
// UTC), so a partner's client computing today as the contract does agrees with every figure.
// Injected as CLOCK (ClockModule) so tests can pin the day; pure code takes the day as an
// argument instead.
//
// Dates are YYYY-MM-DD calendar days; the arithmetic on them (daysBetween, addDays) counts
// whole days, which UTC midnights give exactly.

export interface Clock {
  /** Today, the UTC calendar day, YYYY-MM-DD. */
  today(): string;
}

export const CLOCK = Symbol('CLOCK');

const DAY_MS = 86_400_000;

/** The calendar day (UTC) of the instant `at`, YYYY-MM-DD. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export class SystemClock implements Clock {
  today(): string {
    return dayOf(new Date());
  }
}

/** A clock that always answers the same day (tests). */
export class FixedClock implements Clock {
  constructor(private readonly day: string) {}

  today(): string {
    return this.day;
  }
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `day` moved by `days` days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
