// The import progress line: percent done, rows per second and time left, from the import's
// own counters (processedRows rises while it runs).
export interface ProgressSample {
  /** epoch ms */
  at: number;
  processedRows: number;
}

export interface ProgressFigures {
  pct: number;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
}

export function progressFigures(
  processedRows: number,
  totalRows: number | null,
  first: ProgressSample | null,
  latest: ProgressSample | null,
  finished: boolean,
): ProgressFigures {
  const pct = finished
    ? 100
    : totalRows && totalRows > 0
      ? Math.min(100, Math.floor((processedRows / totalRows) * 100))
      : 0;
  let rowsPerSecond: number | null = null;
  if (first && latest && latest.at > first.at && latest.processedRows > first.processedRows) {
    rowsPerSecond = ((latest.processedRows - first.processedRows) * 1000) / (latest.at - first.at);
  }
  const secondsLeft =
    !finished && rowsPerSecond && totalRows
      ? Math.max(0, (totalRows - processedRows) / rowsPerSecond)
      : finished
        ? 0
        : null;
  return { pct, rowsPerSecond, secondsLeft };
}

export const FINISHED = ['completed', 'failed', 'cancelled'];

export function isFinished(status: string): boolean {
  return FINISHED.includes(status);
}
