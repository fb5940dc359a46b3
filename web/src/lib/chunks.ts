// A screen's code arrives on first visit (a chunk); after a redeploy the old chunk names are
// gone, and a server that cannot be reached sends nothing. Such a failure reloads the page
// once (a redeploy: the new index names the new chunks); a second failure soon after is shown.

const KEY = 'sdt.chunk-reload';
const WINDOW_MS = 30_000;

/** The browser's words for a dynamic import that failed (Chromium, Firefox, Safari). */
export function isChunkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    /dynamically imported module|module script failed|error loading dynamically imported/i.test(
      error.message,
    ) || error.name === 'ChunkLoadError'
  );
}

/** True when the page may reload now: no reload for a failed chunk in the last 30 s. */
export function mayReloadOnce(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  now = Date.now(),
): boolean {
  const last = Number(storage.getItem(KEY) ?? 0);
  if (now - last < WINDOW_MS) return false;
  storage.setItem(KEY, String(now));
  return true;
}
