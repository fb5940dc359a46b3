// Serves the built web console (web/dist) at `/`: its files as they are, and index.html for
// any other GET that asks for a page, so deep links such as /programs/HW-SEED-2026 load the
// app. Paths that belong to the api (/api/..., /health/..., /metrics) are never touched, so
// a 404 there stays a problem-details 404 from Nest.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';

/** web/dist beside src/ and dist/ (this file runs from src/core/http or dist/core/http). */
export const WEB_DIST = join(__dirname, '..', '..', '..', 'web', 'dist');

const API_PREFIXES = ['/api', '/health', '/metrics'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** Browsers send `Accept: text/html,…` when they open a page; fetch, curl and probes do not. */
export function wantsPage(req: Pick<Request, 'headers'>): boolean {
  return /\btext\/html\b/i.test(String(req.headers.accept ?? ''));
}

export function webConsoleMiddleware(dir = WEB_DIST): express.RequestHandler[] {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return [];
  const assets = express.static(dir, {
    index: false,
    fallthrough: true,
    // Hashed file names under /assets never change; index.html must always be re-read.
    setHeaders: (res, file) => {
      if (file.startsWith(join(dir, 'assets'))) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  });
  const onlyPages = (handler: express.RequestHandler) =>
    function (req: Request, res: Response, next: NextFunction) {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
      return handler(req, res, next);
    };
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    // Only a browser asking for a page gets the app; a missing asset, or a script or probe
    // that does not ask for HTML, keeps the plain problem-details 404.
    if (req.path.startsWith('/assets/') || !wantsPage(req)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [onlyPages(assets), onlyPages(fallback)];
}
