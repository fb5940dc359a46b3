// Pure helpers behind the dashboard: which partner is furthest behind, what it takes to land on
// target, how old the figures are, and the print header's words. Unit-tested without a browser.
import { formatDate, formatTime } from './format';

const DAY_MS = 86_400_000;

/** Expected by today − completed (null without an expectation); negative when ahead. */
export function shortfall(row: {
  completed: number;
  expectedCompletedByNow: number | null;
}): number | null {
  return row.expectedCompletedByNow === null ? null : row.expectedCompletedByNow - row.completed;
}

/**
 * Completions needed each week from today to reach the target by `endsOn` (the end day
 * included); 0 once reached; null without a target or after the end.
 */
export function neededPerWeek(
  row: { completed: number; target: number | null },
  endsOn: string | null | undefined,
  today: string,
): number | null {
  if (row.target === null || !endsOn) return null;
  const left = row.target - row.completed;
  if (left <= 0) return 0;
  const days = (Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS + 1;
  if (days <= 0) return null;
  return Math.ceil(left / Math.max(1, days / 7));
}

/** `13 minutes ago`, `2 hours ago`, `3 days ago`; `just now` under a minute. */
export function age(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** "as of 3 Dec 2026 00:33, 13 minutes ago" (local time). */
export function freshness(iso: string, now: Date, timeZone?: string): string {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(d);
  return `as of ${formatDate(day)} ${formatTime(iso, timeZone)}, ${age(iso, now)}`;
}

/** A roster's age in words: "today", "1 day", "16 days". */
export function rosterAge(days: number | null): string {
  if (days === null) return 'never';
  if (days === 0) return 'today';
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** completed / target × 100 to one decimal (null without a target): bars on a common scale. */
export function pctOfTarget(completedOrEnrolled: number, target: number | null): number | null {
  return target === null || target <= 0
    ? null
    : Math.round((completedOrEnrolled / target) * 1000) / 10;
}

/** Every filter in words, for the print header and the workbook's file name. */
export function filterWords(filters: { partner?: string; program?: string; province?: string }) {
  const parts = [
    filters.partner ? `partner ${filters.partner}` : 'all partners',
    filters.program ? `program ${filters.program}` : 'all programs',
    filters.province ? `province ${filters.province}` : 'all provinces',
  ];
  return parts.join(' · ');
}
