// Everything an HTTP app needs beyond its modules, shared by main and the e2e tests so that
// tests exercise exactly what production serves.
import type { Server } from 'node:http';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { createRootLogger } from '../logging/logger';
import { requestLoggingMiddleware } from '../logging/request-logging.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsService } from '../metrics/metrics.service';
import { setupOpenApi } from './openapi';
import { jsonBodyParser } from './json-body';
import { problem, sendProblem } from './problem-details.filter';
import { securityHeadersFor, securityHeadersMiddleware } from './security-headers';
import { installClientErrorProblems } from './client-errors';
import { createValidationPipe } from './validation';
import { webConsoleMiddleware } from './web-console';

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/** body-parser errors happen before Nest's router, so they get problem details here. */
function bodyParserErrors(err: BodyParserError, req: Request, res: Response, next: NextFunction) {
  if (!err || typeof err.status !== 'number') return next(err);
  const instance = req.originalUrl.split('?')[0];
  if (err.type === 'entity.parse.failed') {
    return sendProblem(res, problem(400, 'The request body is not valid JSON', instance));
  }
  if (err.type === 'entity.too.deep') {
    return sendProblem(res, problem(400, 'The request body is nested too deeply', instance));
  }
  if (err.type === 'entity.too.large') {
    return sendProblem(res, problem(413, 'The request body is too large', instance));
  }
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return sendProblem(res, problem(415, 'Unsupported body encoding', instance));
  }
  return sendProblem(res, problem(err.status, 'The request body could not be read', instance));
}

/** Roster uploads read their own body (CSV, multipart or JSON rows, with their own limit). */
const IMPORTS_PATH = /^\/api\/v1\/imports(?:[/?]|$)/;

/**
 * The Express instance the Nest app runs on. Routing is case-sensitive, so `/API/V1/IMPORTS` is
 * no route at all instead of the imports route reached past the body parser's exemption. Express
 * reads the setting once, when its router is made (Nest's adapter makes it at construction), so
 * it has to be set on the instance handed to the adapter.
 */
export function createHttpAdapter(): ExpressAdapter {
  const instance = express();
  instance.set('case sensitive routing', true);
  return new ExpressAdapter(instance);
}

export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  // Only a configured proxy's X-Forwarded-For is believed (see TRUST_PROXY in the README).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Requests Node's parser refuses (a 70 KB header, a huge URL) never reach Express.
  installClientErrorProblems(app.getHttpServer() as Server, securityHeadersFor(config.nodeEnv));
  // First, so that every request (even one refused by the body parser) is logged and counted.
  app.use(requestLoggingMiddleware(createRootLogger(config.logLevel)));
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  // Before anything that can answer, so every answer (a refused body too) carries them.
  app.use(securityHeadersMiddleware(config.nodeEnv));
  // Roster uploads stream through their own route handler; everything else is small JSON.
  app.use(jsonBodyParser((req) => IMPORTS_PATH.test(req.url ?? '')));
  app.use(bodyParserErrors);
  // The web console's files and its deep links; api paths pass straight through.
  for (const handler of webConsoleMiddleware()) app.use(handler);
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
}
