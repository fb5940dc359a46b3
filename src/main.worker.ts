// Consumers only: an application context with no HTTP server. Run M of these.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerAppModule } from './app/worker-app.module';
import { loadConfigOrExit, prepareDatabase } from './core/bootstrap';
import { installJsonLogger } from './core/logging/pino-nest-logger';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(installJsonLogger(config.logLevel));
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log('consumers started');
}

void main();
