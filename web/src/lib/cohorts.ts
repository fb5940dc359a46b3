// What a coordinator should know about a cohort before filling it: warnings, never refusals.
import { formatCount, formatDate } from './format';

interface CohortFacts {
  code: string;
  capacity: number | null;
  enrolledCount: number;
  startsOn: string | null;
}

/** Today as `YYYY-MM-DD` in the reader's calendar. */
export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Over capacity (or full, for one more), and an enrollment dated before the cohort starts. */
export function cohortWarnings(
  c: CohortFacts,
  enrolledOn: string | null,
  today = todayIso(),
): string[] {
  const out: string[] = [];
  if (c.capacity !== null && c.enrolledCount >= c.capacity) {
    out.push(
      `${c.code} is ${c.enrolledCount > c.capacity ? 'over capacity' : 'full'}: ` +
        `${formatCount(c.enrolledCount)} enrolled in ${formatCount(c.capacity)} seats.`,
    );
  }
  const on = enrolledOn ?? today;
  if (c.startsOn && on < c.startsOn) {
    out.push(`${c.code} starts on ${formatDate(c.startsOn)}: this enrollment is dated before it.`);
  }
  return out;
}

/** The header's warning: over capacity only (a full cohort is not a problem in itself). */
export function overCapacity(c: CohortFacts): string | null {
  return c.capacity !== null && c.enrolledCount > c.capacity
    ? `over capacity by ${formatCount(c.enrolledCount - c.capacity)}`
    : null;
}
