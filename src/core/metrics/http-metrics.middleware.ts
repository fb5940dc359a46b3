// Counts every answered request (including guard refusals and 404s) once the response is sent.
import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';
import { routeTemplate } from './route-label';

export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(req.method, routeTemplate(req), res.statusCode, seconds);
    });
    next();
  };
}
