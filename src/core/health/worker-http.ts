// The worker-only process has no Nest HTTP server, yet orchestrators and Prometheus need to see
// it: a bare node:http server on WORKER_HTTP_PORT answers /health/live, /health/ready and
// /metrics exactly as the api does (same services, same bodies), and nothing else (404).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { problem } from '../http/problem-details.filter';
import { HealthService, type ReadinessChecks } from './health.service';

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function answer(
  app: INestApplicationContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    json(res, 405, problem(405, 'Method not allowed', path), 'application/problem+json');
    return;
  }
  if (path === '/health/live') {
    json(res, 200, { status: 'ok' });
    return;
  }
  if (path === '/health/ready') {
    const health = app.get(HealthService, { strict: false });
    if (health.shuttingDown) {
      json(res, 503, problem(503, 'Not ready: shutting down', path), 'application/problem+json');
      return;
    }
    const checks = await health.readiness();
    const down = (Object.keys(checks) as (keyof ReadinessChecks)[]).filter(
      (name) => checks[name] === 'down',
    );
    if (down.length === 0) json(res, 200, { status: 'ok', checks });
    else
      json(
        res,
        503,
        { ...problem(503, `Not ready: ${down.join(' and ')} down`, path), checks },
        'application/problem+json',
      );
    return;
  }
  if (path === '/metrics') {
    const metrics = app.get(MetricsService, { strict: false });
    const body = await metrics.render();
    res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(body);
    return;
  }
  json(res, 404, problem(404, 'Not found', path), 'application/problem+json');
}

/** Listens on `port` (0: a free one); resolves once listening, rejects on EADDRINUSE etc. */
export function startWorkerHttp(app: INestApplicationContext, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    answer(app, req, res).catch(() => {
      if (!res.headersSent) {
        json(res, 500, problem(500, 'Internal error', '/'), 'application/problem+json');
      } else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}
