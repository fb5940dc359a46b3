// Every answer the api gives in the e2e suite is checked against its own OpenAPI document:
// the operation exists, the status is documented for it, the content type is one it
// documents, a JSON body matches the documented schema and the documented headers are there
// (`Location` on 202, `Retry-After` on 429). A disagreement is recorded here and fails the
// test that was running (test/setup/contract.ts), so the document cannot drift from the code.
//
// Two doors feed it: an Express middleware that test apps put in front of everything
// (createTestApp), which sees every answer of an in-process app whatever client asked
// (supertest, fetch on a listening socket), and `checkFetchResponse` for the suites that talk
// to the built api in a child process (that one serves the committed openapi/openapi.json,
// which openapi.e2e-spec checks is what the build produces).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean; schema?: Json }>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/** One answer as the client saw it. `body` is undefined when it was not kept (not JSON). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | undefined>;
  body: string | undefined;
  /** Whether the answer had any body bytes at all. */
  hadBody: boolean;
}

/** Headers that mean something to a client: when sent, the document must say so. */
const CONTRACT_HEADERS = ['location', 'retry-after'];
/** Paths the OpenAPI document covers; the console's files and /metrics are not JSON API. */
const COVERED = /^\/(api\/v1|health)(\/|$)/;
const JSON_TYPE = /^application\/(.+\+)?json$/;
const REF_PREFIX = '#/components/';
const DOC_ID = 'openapi';

/** OpenAPI 3.0 schema → JSON Schema Ajv reads: refs into the shared document, `nullable`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) {
      out.$ref = `${DOC_ID}${v}`;
    } else if (k === 'example' || k === 'examples') {
      continue;
    } else {
      out[k] = toJsonSchema(v);
    }
  }
  // A field the document does not name is drift too: objects are closed unless they say not.
  if (out.properties !== undefined && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (out.nullable === true) {
    delete out.nullable;
    // Ajv's own `nullable` needs a `type` beside it; this form covers refs and enums too.
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  /** Literal paths before templated ones, so `/imports/template.csv` is not `/imports/{id}`. */
  private readonly routes: { template: string; pattern: RegExp }[];

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(
      { $id: DOC_ID, components: toJsonSchema(doc.components ?? {}) } as Json,
      DOC_ID,
    );
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        params: (template.match(/\{/g) ?? []).length,
        pattern: new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map(escapeRegExp)
            .join('[^/]+')}$`,
        ),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** What is wrong with this answer (empty when it is as documented). */
  check(ex: Exchange): string[] {
    if (!COVERED.test(ex.path)) return [];
    const route = this.routes.find((r) => r.pattern.test(ex.path));
    const op = route ? this.doc.paths[route.template][ex.method.toLowerCase()] : undefined;
    if (!route || !op) {
      // No such operation: the only right answer is a problem-details 404.
      if (ex.status === 404) return this.checkBody(ex, '#/components/schemas/ProblemDetails');
      return [`no operation ${ex.method} ${ex.path} in the document, yet it answered ${ex.status}`];
    }
    const where = `${ex.method.toLowerCase()} ${route.template}`;
    const code = String(ex.status);
    const response = op.responses[code] ?? op.responses[`${code[0]}XX`] ?? op.responses.default;
    if (!response) {
      const documented = Object.keys(op.responses).join(', ');
      return [`${where} answered ${code}, which is not documented (documented: ${documented})`];
    }
    const problems: string[] = [];
    for (const name of CONTRACT_HEADERS) {
      const documented = Object.keys(response.headers ?? {}).some((h) => h.toLowerCase() === name);
      if (ex.headers[name] !== undefined && !documented) {
        problems.push(`${where} ${code} sent header ${name}, which is not documented`);
      }
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = ex.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`${where} ${code} lacks its header ${name}`);
        continue;
      }
      const type = header.schema?.type;
      const parsed = type === 'integer' || type === 'number' ? Number(value) : value;
      const key = `header ${where} ${code} ${name}`;
      const valid = this.validator(key, () => toJsonSchema(header.schema ?? {}) as Json);
      if (!valid(parsed)) {
        problems.push(
          `${where} ${code} header ${name}=${value}: ${this.ajv.errorsText(valid.errors)}`,
        );
      }
    }
    const contentType = (ex.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (ex.hadBody && ex.method !== 'HEAD') {
        problems.push(`${where} ${code} has a body (${contentType}) but documents none`);
      }
      return problems;
    }
    const media = content[contentType];
    if (!media) {
      const documented = Object.keys(content).join(', ');
      problems.push(
        `${where} ${code} answered ${contentType || 'no content type'}, documented: ${documented}`,
      );
      return problems;
    }
    if (media.schema && JSON_TYPE.test(contentType) && ex.method !== 'HEAD') {
      const key = `body ${where} ${code} ${contentType}`;
      problems.push(...this.checkBody(ex, key, media.schema));
    }
    return problems;
  }

  private checkBody(ex: Exchange, key: string, schema?: Json): string[] {
    const where = `${ex.method} ${ex.path} ${ex.status}`;
    if (ex.body === undefined) return [`${where}: JSON body was not captured`];
    let parsed: unknown;
    try {
      parsed = JSON.parse(ex.body);
    } catch {
      return [`${where}: body is not JSON: ${ex.body.slice(0, 200)}`];
    }
    const valid = this.validator(key, () =>
      schema ? (toJsonSchema(schema) as Json) : { $ref: `${DOC_ID}${key}` },
    );
    if (valid(parsed)) return [];
    const errors = (valid.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return [`${where}: body does not match the document: ${errors.join('; ')}`];
  }

  private validator(key: string, schema: () => Json): ValidateFunction {
    let valid = this.validators.get(key);
    if (!valid) {
      valid = this.ajv.compile(schema());
      this.validators.set(key, valid);
    }
    return valid;
  }
}

// ── Where disagreements go: one list per test process, emptied by each test's afterEach. ──

const STORE = Symbol.for('sdt.contractViolations');
type Store = { [STORE]?: string[] };

function store(): string[] {
  const g = globalThis as Store;
  return (g[STORE] ??= []);
}

export function recordViolations(found: string[]): void {
  store().push(...found);
}

export function takeViolations(): string[] {
  return store().splice(0);
}

// ── Door 1: an in-process app. ──

/** Largest JSON body kept for checking (exports stream far more, as CSV or XLSX). */
const MAX_KEPT = 32 * 1024 * 1024;

type WriteArgs = [chunk?: unknown, ...rest: unknown[]];

function headerMap(res: Response): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(res.getHeaders())) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * Put first in the app: checks each answer as it is finished, before the client has it, so a
 * disagreement is recorded before the test that asked goes on.
 */
export function contractMiddleware(checker: () => ContractChecker) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let hadBody = false;
    const keep = (args: WriteArgs) => {
      const [chunk, encoding] = args;
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buf =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array);
      if (buf.length > 0) hadBody = true;
      const type = String(res.getHeader('content-type') ?? '');
      if (JSON_TYPE.test(type.split(';')[0].trim()) && size + buf.length <= MAX_KEPT) {
        chunks.push(buf);
        size += buf.length;
      }
    };
    const write = res.write.bind(res) as (...a: WriteArgs) => boolean;
    const end = res.end.bind(res) as (...a: WriteArgs) => Response;
    res.write = ((...args: WriteArgs) => {
      keep(args);
      return write(...args);
    }) as Response['write'];
    res.end = ((...args: WriteArgs) => {
      keep(args);
      const path = req.originalUrl.split('?')[0];
      try {
        recordViolations(
          checker().check({
            method: req.method,
            path,
            status: res.statusCode,
            headers: headerMap(res),
            body:
              chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : hadBody ? undefined : '',
            hadBody,
          }),
        );
      } catch (err) {
        recordViolations([`${req.method} ${path}: the contract check failed: ${String(err)}`]);
      }
      return end(...args);
    }) as Response['end'];
    next();
  };
}

// ── Door 2: the built api in a child process, through fetch. ──

let committed: ContractChecker | undefined;

function committedChecker(): ContractChecker {
  const file = join(__dirname, '..', '..', 'openapi', 'openapi.json');
  return (committed ??= new ContractChecker(
    JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument,
  ));
}

/** Checks one answer of the built api, however it was received. */
export function checkBuiltAnswer(answer: {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}): void {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(answer.headers)) headers[name.toLowerCase()] = value;
  const type = (headers['content-type'] ?? '').split(';')[0].trim();
  recordViolations(
    committedChecker().check({
      method: answer.method.toUpperCase(),
      path: new URL(answer.url).pathname,
      status: answer.status,
      headers,
      body: JSON_TYPE.test(type) ? answer.body.toString('utf8') : undefined,
      hadBody: answer.body.length > 0,
    }),
  );
}

/** `fetch`, with the answer checked against the document (the caller still reads the body). */
export async function contractFetch(url: string, init?: RequestInit): Promise<globalThis.Response> {
  const res = await fetch(url, init);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = Buffer.from(await res.clone().arrayBuffer());
  checkBuiltAnswer({ method: init?.method ?? 'GET', url, status: res.status, headers, body });
  return res;
}
