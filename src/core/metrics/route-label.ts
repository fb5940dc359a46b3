// The route a request matched, as its template (`/api/v1/programs/:id`), never the raw URL:
// raw URLs carry ids (unbounded metric cardinality) and could carry personal data.
import type { Request, Response } from 'express';

export const UNMATCHED_ROUTE = 'unmatched';
/** Status recorded when the client went away before the answer was sent (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  return UNMATCHED_ROUTE;
}

/**
 * Calls `done` once per request: when the answer is sent, or when the connection closes
 * first (an aborted upload), with the status to record.
 */
export function onResponseEnd(res: Response, done: (status: number) => void): void {
  let called = false;
  const end = () => {
    if (called) return;
    called = true;
    done(res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS);
  };
  res.once('finish', end);
  res.once('close', end);
}
