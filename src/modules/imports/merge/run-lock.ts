// The advisory lock of a running import: its merge session holds it for the whole run (session
// level, so a dead worker frees it), and a write from outside the run checks it is free.

/** The lock's key for the import id in the given SQL text parameter. */
export function runLockKey(param: string): string {
  return `hashtextextended(${param}, 727)`;
}
