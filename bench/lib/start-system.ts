// Starts the api and N workers on one database and waits until the api answers and every worker
// has registered with the imports queue, so the first upload never waits for a start-up.
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUES } from '../../src/core/queue/queue-names';
import { redisUrl } from './bench-databases';
import { httpOk } from './import-client';
import { freePort, startService, waitFor, type Service } from './system-under-test';

export interface RunningSystem {
  api: Service;
  workers: Service[];
  httpBase: string;
  port: number;
  /** Import id → the worker that logged `import.started` for it (needs LOG_LEVEL info or finer). */
  startedBy: Map<string, string>;
  /** The workers' warn/error/fatal log messages → how often each was logged. */
  workerWarnings: Map<string, number>;
}

export async function startSystem(opts: {
  /** The environment of both processes; REDIS_PREFIX must be set (the queue is looked up there). */
  env: (port: number) => NodeJS.ProcessEnv;
  workers: number;
  workerArgs: string[];
  /** Overrides for the workers only (e.g. LOG_LEVEL). */
  workerEnv?: NodeJS.ProcessEnv;
  /** The caller's cleanup list: each process is added as it starts, so Ctrl-C stops it. */
  services: Service[];
}): Promise<RunningSystem> {
  const port = await freePort();
  const env = opts.env(port);
  const startedBy = new Map<string, string>();
  const workerWarnings = new Map<string, number>();
  const workers: Service[] = [];
  for (let i = 1; i <= opts.workers; i++) {
    const name = opts.workers === 1 ? 'worker' : `worker ${i}`;
    // Each worker serves health and metrics on its own port (the default, 3001, fits only one).
    const workerPort = String(await freePort());
    const worker = startService(
      name,
      'main.worker.js',
      { ...env, WORKER_HTTP_PORT: workerPort, ...opts.workerEnv },
      opts.workerArgs,
      (line) => {
        if (/"level":"(warn|error|fatal)"/.test(line)) {
          // Messages without their ids, so the same retry of two imports counts as one message
          // (attempt numbers stay: how close an import came to running out of attempts).
          const msg = (/"msg":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line)
            .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
            .slice(0, 160);
          workerWarnings.set(msg, (workerWarnings.get(msg) ?? 0) + 1);
        }
        if (!line.includes('import.started')) return;
        const id = /"importId":"([^"]+)"/.exec(line)?.[1];
        if (id && !startedBy.has(id)) startedBy.set(id, name);
      },
    );
    opts.services.push(worker);
    workers.push(worker);
  }
  const api = startService('api', 'main.api.js', env);
  opts.services.push(api);
  const httpBase = `http://127.0.0.1:${port}`;
  await waitFor('the api', () => httpOk(`${httpBase}/health/ready`), 60_000, api);
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUES.imports, {
    connection: redis,
    prefix: `${env.REDIS_PREFIX ?? 'sdt'}:bull`,
  });
  try {
    for (const worker of workers) {
      await waitFor(
        `${opts.workers} workers`,
        async () => (await queue.getWorkersCount()) >= opts.workers,
        60_000,
        worker,
      );
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
  return { api, workers, httpBase, port, startedBy, workerWarnings };
}
