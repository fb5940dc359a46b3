// Start-up shared by the three entry points: validate env (one clear line and exit 1 on bad
// config), apply migrations under a lock, then build the Nest application.
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiAppModule } from '../app/api-app.module';
import { UsersService } from '../modules/users/users.service';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { runMigrations } from './database/migrate';
import { configureHttpApp, createHttpAdapter } from './http/configure-http-app';
import { installJsonLogger } from './logging/pino-nest-logger';

export function loadConfigOrExit(): AppConfig {
  try {
    const config = loadConfig();
    installJsonLogger(config.logLevel);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export async function prepareDatabase(config: AppConfig): Promise<void> {
  if (!config.migrationsRun) return;
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
}

export async function startApi(withWorkers: boolean): Promise<INestApplication> {
  const config = loadConfigOrExit();
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(
    ApiAppModule.register({ withWorkers }),
    createHttpAdapter(),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(installJsonLogger(config.logLevel));
  configureHttpApp(app, config);
  app.enableShutdownHooks();
  await app.get(UsersService).ensureBootstrapAdmin();
  await app.listen(config.port);
  // A client that dribbles headers or a body cannot hold a socket for Node's 300 s default.
  const server = app.getHttpServer() as Server;
  server.headersTimeout = config.http.headersTimeoutSeconds * 1000;
  server.requestTimeout = config.http.requestTimeoutSeconds * 1000;
  new Logger('Api').log(
    `listening on :${config.port}${withWorkers ? ' with workers in process' : ''}`,
  );
  return app;
}
