// Pace maths exactly as API.md > Reports states them. Pure: every function takes "today" as a
// UTC date string, so tests pin dates. Integer arithmetic wherever a threshold is compared
// (1.05 × 20 is 21.000000000000004 in floating point; 105 × 20 is 2100).
import { daysBetween } from '../../core/clock/clock';

export type Pace = 'ahead' | 'on_track' | 'behind' | 'not_started';

export interface ProgramWindow {
  startsOn: string;
  endsOn: string;
}

/** (today − startsOn) / (endsOn − startsOn) clamped to 0–1, as [numerator, denominator]. */
export function elapsedFraction(w: ProgramWindow, today: string): [number, number] {
  const total = daysBetween(w.startsOn, w.endsOn);
  const elapsed = daysBetween(w.startsOn, today);
  if (total <= 0) return elapsed >= 0 ? [1, 1] : [0, 1];
  return [Math.min(Math.max(elapsed, 0), total), total];
}

/** round(target × fraction): completions the program should have by today. */
export function expectedByNow(target: number, w: ProgramWindow, today: string): number {
  const [num, den] = elapsedFraction(w, today);
  return Math.round((target * num) / den);
}

export function hasStarted(w: ProgramWindow, today: string): boolean {
  return today >= w.startsOn;
}

/**
 * not_started before startsOn; else ahead when completed ≥ 1.05 × expected, on_track when
 * ≥ 0.95 × expected, else behind.
 */
export function paceOf(completed: number, expected: number, started: boolean): Pace {
  if (!started) return 'not_started';
  if (completed * 100 >= expected * 105) return 'ahead';
  if (completed * 100 >= expected * 95) return 'on_track';
  return 'behind';
}

/** Whole days from today to endsOn, never negative. */
export function daysLeft(w: ProgramWindow, today: string): number {
  return Math.max(0, daysBetween(today, w.endsOn));
}

/** The 30-day window of projectedAtEnd: completions with completedOn in (today − 30, today]. */
export const RECENT_DAYS = 30;

/**
 * projectedAtEnd = completed + Σ over programs (completions in the last 30 days ÷ 30 × days
 * left), rounded to an integer. One term per program because each has its own end date.
 */
export function projectedAtEnd(
  completed: number,
  terms: readonly { recentCompletions: number; daysLeft: number }[],
): number {
  let numerator = completed * RECENT_DAYS;
  for (const t of terms) numerator += t.recentCompletions * t.daysLeft;
  return Math.round(numerator / RECENT_DAYS);
}

/** part / whole × 100 with one decimal; null without a target. */
export function percentOf(part: number, whole: number | null): number | null {
  if (whole === null || whole <= 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}
