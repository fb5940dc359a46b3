// The security headers of every answer (API.md, "Operations"), set with helmet before anything
// else can answer. The console keeps its token in sessionStorage, so what matters most is that no
// script the page did not load from this origin can run: `script-src 'self'` with no inline
// script (the built index.html only references files), and no framing (`frame-ancestors 'none'`).
// Styles may be inline: React and the chart library set them on elements, which is not script.
// The OpenAPI UI (/api/docs) gets the same policy except for images, which its bundled CSS and the
// validator badge load from data: and https: URLs. HSTS only in production, where TLS is in front.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { DOCS_PATH } from './openapi';

type Directives = Record<string, Iterable<string>>;

const CONSOLE_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

const DOCS_DIRECTIVES: Directives = {
  ...CONSOLE_DIRECTIVES,
  'img-src': ["'self'", 'data:', 'https:'],
};

function options(directives: Directives, production: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      // Over plain http (a laptop, a test) upgrading would break every request of the page.
      directives: production ? { ...directives, 'upgrade-insecure-requests': [] } : directives,
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: production
      ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true }
      : false,
    // helmet's defaults for the rest: nosniff, Cross-Origin-Opener-Policy and
    // Cross-Origin-Resource-Policy same-origin, X-Permitted-Cross-Domain-Policies none, ...
  };
}

const DOCS_PREFIX = `/${DOCS_PATH}`;

/** Whether the request is for the OpenAPI UI or its files (not /api/docs-json). */
export function isDocsPath(path: string): boolean {
  return path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`);
}

export function securityHeadersMiddleware(nodeEnv: string): RequestHandler {
  const production = nodeEnv === 'production';
  const everywhere = helmet(options(CONSOLE_DIRECTIVES, production));
  const docs = helmet(options(DOCS_DIRECTIVES, production));
  return function securityHeaders(req: Request, res: Response, next: NextFunction) {
    return (isDocsPath(req.path) ? docs : everywhere)(req, res, next);
  };
}

/**
 * The headers the policy sets, as a plain map, for answers written without Express (a request
 * Node's parser refused: see client-errors.ts).
 */
export function securityHeadersFor(nodeEnv: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => {
      headers[name] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  const req = { path: '/', method: 'GET', headers: {} };
  // helmet only calls setHeader/removeHeader on the response, synchronously.
  securityHeadersMiddleware(nodeEnv)(
    req as unknown as Request,
    res as unknown as Response,
    () => undefined,
  );
  return headers;
}
