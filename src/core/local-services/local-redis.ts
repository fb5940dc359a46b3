// A throwaway redis-server from PATH on a free port, for tests and `npm start` on a laptop.
// Redis is the one service npm cannot ship: without the binary, say in one line how to get it.
import { type ChildProcess, spawn } from 'node:child_process';
import { freeLocalPort, redisAnswers } from './probes';

export const REDIS_INSTALL_HINT =
  'no Redis answers and redis-server is not on PATH: install it (apt-get install redis-server, or brew install redis) or run one (docker run -p 6379:6379 redis:7)';

export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

export async function startLocalRedis(): Promise<LocalService> {
  const port = await freeLocalPort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    // Its own process group, like the embedded Postgres: Ctrl-C must not stop it under the app.
    { stdio: 'ignore', detached: true },
  );
  const url = `redis://127.0.0.1:${port}`;
  const failed = new Promise<never>((_, reject) => {
    child.once('error', () => reject(new Error(REDIS_INSTALL_HINT)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`)));
  });
  failed.catch(() => undefined);
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([redisAnswers(url, 300), failed]))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The child must not outlive us, however we end.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
