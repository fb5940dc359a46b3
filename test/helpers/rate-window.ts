// The login and verify limits count in fixed windows aligned to the Unix epoch (a window of W
// seconds resets whenever the clock passes a multiple of W), not from the first attempt. A test
// that fills a count and then expects 429 fails if a reset falls in between, so an app that sets
// its own window is started only when enough of the current window is left.

/** Enough for any one describe block of the rate-limit tests; under the 60 s hook timeout. */
const NEEDED_SECONDS = 45;

/** Waits, if need be, until NEEDED_SECONDS are left in every window `env` sets. */
export async function clearOfRateWindowEdge(
  env: Record<string, string | undefined> = {},
): Promise<void> {
  const windows = ['LOGIN_RATE_WINDOW_SECONDS', 'VERIFY_RATE_WINDOW_SECONDS']
    .map((name) => Number(env[name]))
    .filter((w) => Number.isFinite(w) && w > NEEDED_SECONDS);
  for (const w of windows) {
    const left = w - (Math.floor(Date.now() / 1000) % w);
    if (left < NEEDED_SECONDS) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
  }
}
