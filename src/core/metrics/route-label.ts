// The route a request matched, as its template (`/api/v1/programs/:id`), never the raw URL:
// raw URLs carry ids (unbounded metric cardinality) and could carry personal data.
import type { Request } from 'express';

export const UNMATCHED_ROUTE = 'unmatched';

export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  return UNMATCHED_ROUTE;
}
