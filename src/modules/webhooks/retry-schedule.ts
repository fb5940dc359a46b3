// When a failed webhook delivery is tried again: exponential backoff from the configured base,
// at most an hour apart, and never once the event is older than 24 hours.

export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** Delay before attempt `attempt + 1`, after `attempt` failures (attempt ≥ 1). */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), MAX_RETRY_DELAY_MS);
}

/** The next attempt's time, or null when the 24 h window would be over by then. */
export function nextAttemptAt(
  eventCreatedAt: Date,
  failedAt: Date,
  attempt: number,
  baseMs: number,
): Date | null {
  const next = failedAt.getTime() + retryDelayMs(attempt, baseMs);
  return next - eventCreatedAt.getTime() > RETRY_WINDOW_MS ? null : new Date(next);
}
