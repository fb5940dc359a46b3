// One JSON line per HTTP request: request id, method, route template, path, status and
// duration. Deliberately not logged: bodies, query strings (`?cnic=` is a filter) and
// headers (Authorization, X-API-Key). The request id is taken from a sane incoming
// `X-Request-Id` or generated, and echoed in the response header.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import {
  CLIENT_CLOSED_STATUS,
  onResponseEnd,
  routeTemplate,
  UNMATCHED_ROUTE,
} from '../metrics/route-label';
import { scrubPersonalData } from './logger';
import { requestContext } from './request-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** Probes answered as expected are routine: logged at debug, not info. */
const PROBES = /^\/health\//;
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RequestWithId = Request & { id?: string };

export function requestId(req: Request): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestLoggingMiddleware(logger: Logger) {
  const log = logger.child({ context: 'Http' });
  return (req: RequestWithId, res: Response, next: NextFunction): void => {
    const id = requestId(req);
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    onResponseEnd(res, (status) => {
      const route = routeTemplate(req);
      const line = {
        reqId: id,
        method: req.method,
        route,
        // The matched template says it all; an unmatched path is client text, so scrub it.
        ...(route === UNMATCHED_ROUTE
          ? { path: scrubPersonalData(req.originalUrl.split('?')[0]).slice(0, 200) }
          : {}),
        status,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      };
      if (status === CLIENT_CLOSED_STATUS) log.warn(line, 'client closed the request');
      else if (status >= 500) log.error(line, 'request failed');
      else if (status < 400 && PROBES.test(route)) log.debug(line, 'request completed');
      else log.info(line, 'request completed');
    });
    requestContext.run({ reqId: id }, next);
  };
}
