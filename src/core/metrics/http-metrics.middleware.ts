// Counts every request (guard refusals, 404s, and aborted uploads as 499) once it ends.
import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service';
import { onResponseEnd, routeTemplate } from './route-label';

export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    onResponseEnd(res, (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(req.method, routeTemplate(req), status, seconds);
    });
    next();
  };
}
