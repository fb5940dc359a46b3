// Start-up shared by the entry points, loaded only after the configuration is validated (see
// core/process/run-process): make sure the database exists, apply migrations under a lock,
// then build the Nest application and install the graceful shutdown.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../core/config/app-config';
import { ensureDatabaseExists } from '../core/database/ensure-database';
import { runMigrations } from '../core/database/migrate';
import { ensureRedisReachable } from '../core/queue/ensure-redis';
import { configureHttpApp, createHttpAdapter } from '../core/http/configure-http-app';
import { installJsonLogger } from '../core/logging/pino-nest-logger';
import { installGracefulShutdown } from '../core/process/graceful-shutdown';
import { StartupError } from '../core/process/run-process';
import { startWorkerHttp } from '../core/health/worker-http';
import { UsersService } from '../modules/users/users.service';
import { ApiAppModule } from './api-app.module';
import { WorkerAppModule } from './worker-app.module';

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function prepareServices(config: AppConfig): Promise<void> {
  await ensureRedisReachable(config.redisUrl);
  const created = await ensureDatabaseExists(config.databaseUrl);
  if (created) new Logger('Database').log(`created database ${created}`);
  if (!config.migrationsRun) return;
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
}

export interface StartOptions {
  /** Runs after the app has closed on SIGTERM (local services of `npm start`). */
  afterClose?: () => Promise<void>;
}

export async function startApi(
  config: AppConfig,
  withWorkers: boolean,
  options: StartOptions = {},
): Promise<{ app: INestApplication; port: number }> {
  await prepareServices(config);
  const app = await NestFactory.create<NestExpressApplication>(
    ApiAppModule.register({ withWorkers }),
    createHttpAdapter(),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(installJsonLogger(config.logLevel));
  configureHttpApp(app, config);
  await app.get(UsersService).ensureBootstrapAdmin();
  await app.listen(config.port);
  const http = app.getHttpServer() as Server;
  // A client that dribbles headers or a body cannot hold a socket for Node's 300 s default.
  http.headersTimeout = config.http.headersTimeoutSeconds * 1000;
  http.requestTimeout = config.http.requestTimeoutSeconds * 1000;
  installGracefulShutdown(app, {
    graceMs: config.shutdownGraceMs,
    drainMs: config.shutdownDrainSeconds * 1000,
    http,
    ...options,
  });
  const port = (http.address() as AddressInfo).port;
  const roles = withWorkers ? ['api', 'worker'] : ['api'];
  new Logger('Api').log({
    event: 'started',
    version: appVersion(),
    roles,
    port,
    nodeEnv: config.nodeEnv,
    node: process.version,
    msg: `listening on :${port}${withWorkers ? ' with workers in process' : ''}`,
  });
  return { app, port };
}

export async function startWorker(config: AppConfig): Promise<void> {
  await prepareServices(config);
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(installJsonLogger(config.logLevel));
  // /health/* and /metrics of the worker, for compose's healthcheck and Prometheus; listening
  // before the consumers start, so a taken port stops the process before it takes any job.
  const http = await startWorkerHttp(app, config.workerHttpPort).catch((err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(`WORKER_HTTP_PORT ${config.workerHttpPort}: ${reason}`);
  });
  await app.init();
  installGracefulShutdown(app, { graceMs: config.shutdownGraceMs, http });
  const port = (http.address() as AddressInfo).port;
  new Logger('Worker').log({
    event: 'started',
    version: appVersion(),
    roles: ['worker'],
    port,
    nodeEnv: config.nodeEnv,
    node: process.version,
    msg: 'consumers started',
  });
}
