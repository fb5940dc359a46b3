// The JSON body parser of every route except roster uploads (which stream through their own
// handler). Bodies are parsed before Nest's guards run, so this is where an unauthenticated
// caller could make the process work: the limits below keep that work small.
// - A caller presenting no credentials (no Authorization, no X-API-Key) may send at most
//   UNAUTHENTICATED_JSON_LIMIT bytes: the only public route with a body is login. A larger body
//   is refused with 413 from its declared length, before a byte of it is parsed.
// - Everyone else at most JSON_BODY_LIMIT (1 MiB); roster JSON has its own route and limit.
// - Nesting deeper than MAX_JSON_DEPTH is refused with 400 by a linear scan of the raw bytes
//   before JSON.parse, so neither the parser nor the validators recurse into a hostile shape.
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';

export const JSON_BODY_LIMIT = 1024 * 1024;
export const UNAUTHENTICATED_JSON_LIMIT = 16 * 1024;
/** Our deepest real body is a program with sub-targets (depth 3); 32 leaves room for growth. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether UTF-8 JSON text nests arrays/objects deeper than `maxDepth`. One pass, no recursion;
 * brackets inside strings do not count. (In UTF-8 the bytes of `"`, `\`, `[`, `{` never occur
 * inside a multi-byte character, so scanning bytes is exact.) Malformed text is left to the parser.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

interface BodyError extends Error {
  status: number;
  type: string;
}

function bodyError(status: number, type: string, message: string): BodyError {
  return Object.assign(new Error(message), { status, type });
}

function checkBody(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  // RFC 8259: JSON between systems is UTF-8. The depth scan reads UTF-8 bytes.
  if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') {
    throw bodyError(415, 'charset.unsupported', 'JSON bodies must be UTF-8');
  }
  if (jsonNestsDeeperThan(buf, MAX_JSON_DEPTH)) {
    throw bodyError(400, 'entity.too.deep', `nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

function hasCredentials(req: IncomingMessage): boolean {
  return req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
}

/** `isExempt` names the routes that read their body themselves (roster uploads). */
export function jsonBodyParser(isExempt: (req: IncomingMessage) => boolean) {
  const type = (req: IncomingMessage) =>
    /^application\/(.+\+)?json/i.test(String(req.headers['content-type'] ?? '')) && !isExempt(req);
  const withCredentials = express.json({ limit: JSON_BODY_LIMIT, type, verify: checkBody });
  const anonymous = express.json({ limit: UNAUTHENTICATED_JSON_LIMIT, type, verify: checkBody });
  return (req: Request, res: Response, next: NextFunction): void =>
    (hasCredentials(req) ? withCredentials : anonymous)(req, res, next);
}
