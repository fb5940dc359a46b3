// Before Nest boots: Redis must answer, or the process stops with one line naming REDIS_URL's
// host (never its password). Without this check a wrong REDIS_URL left the api hanging in
// start-up, never listening. Once running, an outage is survived (see redis-errors.ts).
import Redis from 'ioredis';
import { StartupError } from '../process/run-process';
import { redisOptionsFromUrl } from './redis-options';

export async function ensureRedisReachable(url: string, timeoutMs = 5000): Promise<void> {
  const options = redisOptionsFromUrl(url);
  const client = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, WRONGPASS…) says more than ioredis's.
  let cause: unknown;
  client.on('error', (err: unknown) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (thrown) {
    const err = cause ?? thrown;
    const code = (err as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : 'error';
    throw new StartupError(
      `cannot reach Redis at ${options.host}:${options.port} (REDIS_URL): ${reason}`,
    );
  } finally {
    client.disconnect();
  }
}
