// What SIGTERM (or SIGINT) does, in order, each step logged:
//   1. readiness answers 503 (load balancers stop sending new requests);
//   2. the HTTP server stops accepting; requests in flight finish;
//   3. the BullMQ consumers stop taking jobs; a job in progress finishes;
//   4. Nest closes the rest (database pool, Redis);
//   5. local services started for a laptop (`npm start` without DATABASE_URL) stop.
// If steps 2-3 outlast SHUTDOWN_GRACE_MS the process exits anyway: an import's open batch is
// then rolled back by Postgres and its job, no longer locked, is resumed by another worker,
// exactly as after a crash (see README > durability).
import type { Server } from 'node:http';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { HealthService } from '../health/health.service';
import { startupComplete } from './run-process';

export interface ShutdownOptions {
  graceMs: number;
  http?: Server;
  /** Run last, after Nest has closed (stops local services). */
  afterClose?: () => Promise<void>;
}

function consumers(app: INestApplicationContext): WorkerHost[] {
  let discovery: DiscoveryService;
  try {
    discovery = app.get(DiscoveryService, { strict: false });
  } catch {
    return [];
  }
  return discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
}

export function installGracefulShutdown(app: INestApplicationContext, options: ShutdownOptions) {
  const logger = new Logger('Shutdown');
  let started = false;

  const exit = (code: number) => setImmediate(() => process.exit(code));

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) return;
    started = true;
    const t0 = Date.now();
    logger.log(`${signal} received: shutting down (grace ${options.graceMs} ms)`);
    const overdue = setTimeout(() => {
      logger.warn(
        `grace period over after ${options.graceMs} ms: exiting; an unfinished import batch is rolled back and resumed by another worker`,
      );
      exit(1);
    }, options.graceMs);
    try {
      try {
        app.get(HealthService, { strict: false }).markShuttingDown();
        if (options.http) logger.log('readiness now answers 503');
      } catch {
        // No health service in this process.
      }
      if (options.http) {
        await closeHttp(options.http);
        logger.log('http server closed: no new connections, requests in flight finished');
      }
      const workers = consumers(app);
      if (workers.length > 0) {
        await Promise.all(workers.map((w) => w.worker.close()));
        logger.log(`consumers stopped (${workers.length} queues): jobs in progress finished`);
      }
      await app.close();
      clearTimeout(overdue);
      await options.afterClose?.();
      logger.log(`stopped after ${Date.now() - t0} ms`);
      exit(0);
    } catch (err) {
      logger.error('shutdown failed', err instanceof Error ? err : new Error(String(err)));
      exit(1);
    }
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (s: NodeJS.Signals) => void shutdown(s));
  }
  startupComplete();
}
