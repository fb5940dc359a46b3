// What SIGTERM (or SIGINT) does, in order, each step logged:
//   1. readiness answers 503 (load balancers stop sending new requests), for
//      SHUTDOWN_DRAIN_SECONDS while the server still accepts, so they take it out first;
//   2. the HTTP server stops accepting; requests in flight finish;
//   3. the BullMQ consumers stop taking jobs; a job in progress finishes;
//   4. Nest closes the rest: the database pool, then the Redis connections (each logged);
//   5. local services started for a laptop (`npm start` without DATABASE_URL) stop, last.
// A second signal (a terminal's Ctrl-C reaches both npm and node, and npm passes it on) only
// says the shutdown is under way.
// If steps 2-3 outlast SHUTDOWN_GRACE_MS the process exits anyway: an import's open batch is
// then rolled back by Postgres and its job, no longer locked, is resumed by another worker,
// exactly as after a crash (see README > durability).
import type { Server } from 'node:http';
import { type INestApplicationContext, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { DataSource } from 'typeorm';
import { HealthService } from '../health/health.service';
import { RedisClient } from '../queue/redis.provider';
import { startupComplete } from './run-process';

export interface ShutdownOptions {
  graceMs: number;
  /** How long readiness answers 503 before the HTTP server stops accepting. */
  drainMs?: number;
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

function optional<T>(
  app: INestApplicationContext,
  token: abstract new (...args: never[]) => T,
): T | null {
  try {
    return app.get(token, { strict: false });
  } catch {
    return null;
  }
}

/** quit() answers before the socket is gone: wait (briefly) for the client's end. */
async function connectionEnded(redis: RedisClient): Promise<boolean> {
  const client = redis.client;
  if (client.status === 'end') return true;
  await Promise.race([
    new Promise((r) => client.once('end', r)),
    new Promise((r) => setTimeout(r, 1000)),
  ]);
  // Read again after the wait (TypeScript keeps the narrowing from before it).
  return (client.status as string) === 'end';
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive connections with no request in flight would hold close() open until their
    // keep-alive timeout: close each one as soon as its last request has been answered.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export function installGracefulShutdown(app: INestApplicationContext, options: ShutdownOptions) {
  const logger = new Logger('Shutdown');
  let started = false;

  const exit = (code: number) => setImmediate(() => process.exit(code));

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) {
      logger.log(`${signal} received again: shutdown already under way`);
      return;
    }
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
      const health = optional(app, HealthService);
      if (health) {
        health.markShuttingDown();
        if (options.http) logger.log('readiness now answers 503');
      }
      const drainMs = options.drainMs ?? 0;
      if (options.http && drainMs > 0) {
        await new Promise((r) => setTimeout(r, drainMs));
        logger.log(`drained for ${drainMs} ms: closing the http server`);
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
      const database = optional(app, DataSource);
      const redis = optional(app, RedisClient);
      await app.close();
      if (database && !database.isInitialized) logger.log('database connections closed');
      if (redis && (await connectionEnded(redis))) logger.log('redis connections closed');
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
    process.on(signal, (s: NodeJS.Signals) => void shutdown(s));
  }
  startupComplete();
}
