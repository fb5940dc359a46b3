// "Today" for pace maths and the 30-day completion window, injectable so tests can pin dates.
// Every date in reports is a UTC calendar day (YYYY-MM-DD).

export interface Clock {
  /** Today's UTC date, YYYY-MM-DD. */
  today(): string;
}

export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  }
}

/** A clock that always answers the same day (tests). */
export class FixedClock implements Clock {
  constructor(private readonly day: string) {}

  today(): string {
    return this.day;
  }
}

const DAY_MS = 86_400_000;

/** Whole UTC days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `day` moved by `days` UTC days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
