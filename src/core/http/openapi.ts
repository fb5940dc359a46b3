// OpenAPI 3 document generated from the controllers and DTOs: UI at /api/docs, JSON at
// /api/docs-json. Each operation's `security` is derived from the same @Public/@Roles
// metadata the global guard enforces, so the document cannot drift from the real rules.
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '../auth/actor';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/decorators';

export const DOCS_PATH = 'api/docs';
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

type Security = Record<string, string[]>[];
type Handler = (...args: unknown[]) => unknown;

function metadata<T>(key: string, handler: Handler, controller: object): T | undefined {
  return (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as
    T | undefined;
}

/** `Controller_method` (the default operationId) → who may call it, from the auth metadata. */
function securityByOperation(app: INestApplication): Map<string, Security> {
  const out = new Map<string, Security>();
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
          out.set(`${controller.name}_${name}`, []);
          continue;
        }
        const roles = metadata<Role[]>(ROLES_KEY, fn, controller) ?? [];
        const security: Security = [];
        if (roles.some((r) => r !== 'partner')) security.push({ [BEARER_SCHEME]: [] });
        if (roles.includes('partner')) security.push({ [API_KEY_SCHEME]: [] });
        // No roles at all: the guard refuses everyone; leave the document's default.
        if (security.length > 0) out.set(`${controller.name}_${name}`, security);
      }
    }
  }
  return out;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Skills Drive Tracker API')
    .setDescription(
      'Partners upload trainee rosters; coordinators manage programs, cohorts, trainees, enrollments and certifications; the ministry reads target-vs-actual reports. Errors are RFC 9457 problem details (application/problem+json).',
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
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const security = securityByOperation(app);
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('operationId' in operation)) {
        continue;
      }
      const op = operation as { operationId?: string; security?: Security };
      const required = op.operationId ? security.get(op.operationId) : undefined;
      // The guard's metadata is the truth; it replaces any hand-written @ApiSecurity.
      if (required) op.security = required;
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
