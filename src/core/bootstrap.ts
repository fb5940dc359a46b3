// Start-up shared by the entry points, loaded only after the configuration is validated (see
// core/process/run-process): make sure the database exists, apply migrations under a lock,
// then build the Nest application.
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiAppModule } from '../app/api-app.module';
import { WorkerAppModule } from '../app/worker-app.module';
import { UsersService } from '../modules/users/users.service';
import type { AppConfig } from './config/app-config';
import { ensureDatabaseExists } from './database/ensure-database';
import { runMigrations } from './database/migrate';
import { configureHttpApp } from './http/configure-http-app';
import { installJsonLogger } from './logging/pino-nest-logger';

export async function prepareDatabase(config: AppConfig): Promise<void> {
  const created = await ensureDatabaseExists(config.databaseUrl);
  if (created) new Logger('Database').log(`created database ${created}`);
  if (!config.migrationsRun) return;
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length > 0) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
}

export async function startApi(config: AppConfig, withWorkers: boolean): Promise<INestApplication> {
  await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(
    ApiAppModule.register({ withWorkers }),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(installJsonLogger(config.logLevel));
  configureHttpApp(app, config);
  app.enableShutdownHooks();
  await app.get(UsersService).ensureBootstrapAdmin();
  await app.listen(config.port);
  new Logger('Api').log(
    `listening on :${config.port}${withWorkers ? ' with workers in process' : ''}`,
  );
  return app;
}

export async function startWorker(config: AppConfig): Promise<void> {
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(installJsonLogger(config.logLevel));
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log('consumers started');
}
