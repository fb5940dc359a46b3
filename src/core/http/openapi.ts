// OpenAPI 3 document generated from the controllers and DTOs: UI at /api/docs, JSON at
// /api/docs-json. Each operation's `security` is derived from the same @Public/@Roles
// metadata the global guard enforces, so the document cannot drift from the real rules.
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '../auth/actor';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/decorators';
import { PROBLEM_SCHEMA, problemResponse } from './api-docs';
import { REQUEST_EXAMPLES } from './openapi-examples';

export const DOCS_PATH = 'api/docs';
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

type Security = Record<string, string[]>[];
type Handler = (...args: unknown[]) => unknown;
type Json = Record<string, unknown>;

export const API_KEY_AUTHORIZATION_SCHEME = 'apiKeyAuthorization';
const ALL_ROLES: Role[] = ['admin', 'coordinator', 'ministry', 'partner'];

interface Access {
  security: Security;
  /** Some authenticated callers are refused (403). */
  roleLimited: boolean;
}

function metadata<T>(key: string, handler: Handler, controller: object): T | undefined {
  return (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as
    T | undefined;
}

/** `Controller_method` (the default operationId) → who may call it, from the auth metadata. */
function accessByOperation(app: INestApplication): Map<string, Access> {
  const out = new Map<string, Access>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const fn = handler as Handler;
        if (metadata<boolean>(PUBLIC_KEY, fn, controller)) {
          out.set(`${controller.name}_${name}`, { security: [], roleLimited: false });
          continue;
        }
        const roles = metadata<Role[]>(ROLES_KEY, fn, controller) ?? [];
        const security: Security = [];
        if (roles.some((r) => r !== 'partner')) security.push({ [BEARER_SCHEME]: [] });
        if (roles.includes('partner')) {
          // Both forms of the partner key: `X-API-Key: <key>` and `Authorization: ApiKey <key>`.
          security.push({ [API_KEY_SCHEME]: [] }, { [API_KEY_AUTHORIZATION_SCHEME]: [] });
        }
        // No roles at all: the guard refuses everyone; leave the document's default.
        if (security.length > 0) {
          const roleLimited = ALL_ROLES.some((r) => !roles.includes(r));
          out.set(`${controller.name}_${name}`, { security, roleLimited });
        }
      }
    }
  }
  return out;
}

const PROBLEM_SCHEMAS: Record<string, Json> = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', example: 'cnic' },
      message: { type: 'string', example: 'must be 13 digits' },
    },
  },
  [PROBLEM_SCHEMA]: {
    type: 'object',
    description: 'RFC 9457 problem details: every error of this API',
    required: ['type', 'title', 'status', 'detail', 'instance'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'The request has invalid fields' },
      instance: { type: 'string', example: '/api/v1/trainees' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
      existingId: {
        type: 'string',
        format: 'uuid',
        description: 'On a 409 for a CNIC that exists: the trainee, when the caller may see it',
      },
    },
    // RFC 9457: a problem type may add extension members.
    additionalProperties: true,
  },
};

interface Operation {
  operationId?: string;
  security?: Security;
  parameters?: { in: string }[];
  requestBody?: { content?: Record<string, Json> };
  responses: Record<string, Json>;
}

/** The errors any route can answer, from its own shape and access rules. */
function sharedProblems(op: Operation, access: Access | undefined): number[] {
  const statuses: number[] = [];
  const params = op.parameters ?? [];
  // A malformed path id is no such resource (404), not a bad request.
  if (op.requestBody || params.some((p) => p.in === 'query')) statuses.push(400);
  if (access && access.security.length > 0) statuses.push(401);
  if (access?.roleLimited) statuses.push(403);
  if (params.some((p) => p.in === 'path')) statuses.push(404);
  // The body parser refuses a body over its limit, or JSON not in UTF-8, before any route runs.
  if (op.requestBody) statuses.push(413, 415);
  return statuses;
}

/** A 429 always says when to come back; a 503 does when it is a rate limit that cannot be checked. */
function retryAfter(status: number): { headers?: Record<string, Json> } {
  if (status !== 429 && status !== 503) return {};
  return {
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        required: status === 429,
        schema: { type: 'integer', minimum: 0 },
      },
    },
  };
}

function completeOperation(op: Operation, access: Access | undefined): void {
  // The guard's metadata is the truth; it replaces any hand-written @ApiSecurity.
  if (access && access.security.length > 0) op.security = access.security;
  if (access && access.security.length === 0) op.security = [];
  for (const status of sharedProblems(op, access)) {
    op.responses[String(status)] ??= problemResponse(status);
  }
  // Every error, whoever declared it, is problem details.
  for (const [code, response] of Object.entries(op.responses)) {
    if (Number(code) >= 400) {
      const described = typeof response.description === 'string' ? response.description : '';
      op.responses[code] = {
        ...problemResponse(Number(code)),
        ...(described ? { description: described } : {}),
        ...retryAfter(Number(code)),
      };
    }
  }
  const example = op.operationId ? REQUEST_EXAMPLES[op.operationId] : undefined;
  const json = op.requestBody?.content?.['application/json'];
  if (example && json) json.example = example;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Skills Drive Tracker API')
    .setDescription(
      'Partners upload trainee rosters; coordinators manage programs, cohorts, trainees, enrollments and certifications; the ministry reads target-vs-actual reports. Errors are RFC 9457 problem details (application/problem+json). Lists answer {items, nextCursor}: pass nextCursor as ?cursor= for the next page.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'POST /api/v1/auth/login',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Partner API key' },
      API_KEY_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'Partner API key as `Authorization: ApiKey <key>`',
      },
      API_KEY_AUTHORIZATION_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...PROBLEM_SCHEMAS };
  const access = accessByOperation(app);
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) {
        continue;
      }
      const op = operation as Operation;
      completeOperation(op, op.operationId ? access.get(op.operationId) : undefined);
    }
  }
  return document;
}

/** Serves the UI and JSON; the document is built on first request, not at every boot. */
export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Skills Drive Tracker API',
  });
}
