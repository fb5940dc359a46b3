// Boots the real api module (with its BullMQ consumers) against the run's own Postgres
// database and Redis prefix. Nothing is mocked.
import { clearOfRateWindowEdge } from './rate-window';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ApiAppModule } from '../../src/app/api-app.module';
import { loadConfig } from '../../src/core/config/app-config';
import { configureHttpApp, createHttpAdapter } from '../../src/core/http/configure-http-app';
import { UsersService } from '../../src/modules/users/users.service';
import passport from 'passport';
import { ApiKeyStrategy } from '../../src/core/auth/api-key.strategy';
import { JwtStrategy } from '../../src/core/auth/jwt.strategy';
import { AuthService } from '../../src/modules/auth/auth.service';
import { LocalStrategy } from '../../src/modules/auth/local.strategy';
import { TEST_ADMIN } from '../setup/test-env';
import { buildOpenApiDocument } from '../../src/core/http/openapi';
import { ContractChecker, contractMiddleware, type OpenApiDocument } from './contract';

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  adminToken: string;
  close: () => Promise<void>;
}

// Passport strategies register in one process-wide registry, so the newest app's win. When a
// test closes a second app (built with other env), the strategies of the app still open are
// registered again, so it keeps authenticating against its own live database connections.
const openApps: INestApplication[] = [];

function reRegisterStrategies(app: INestApplication): void {
  passport.use('jwt', app.get(JwtStrategy));
  passport.use('api-key', app.get(ApiKeyStrategy));
  passport.use('local', app.get(LocalStrategy));
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    withWorkers?: boolean;
    /** Get the admin token from AuthService instead of POST /login (for an app without Redis). */
    adminTokenWithoutHttp?: boolean;
  } = {},
): Promise<TestApp> {
  await clearOfRateWindowEdge(options.env);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [ApiAppModule.register({ withWorkers: options.withWorkers ?? true })],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>(createHttpAdapter(), {
      bodyParser: false,
      logger: process.env.TEST_LOGS === '1' ? ['error', 'warn', 'log'] : false,
    });
    // Before everything else, so that every answer is checked against the app's OpenAPI
    // document (the one /api/docs-json serves), refusals by the body parser included.
    let checker: ContractChecker | undefined;
    app.use(
      contractMiddleware(
        () =>
          (checker ??= new ContractChecker(
            buildOpenApiDocument(app) as unknown as OpenApiDocument,
          )),
      ),
    );
    configureHttpApp(app, loadConfig());
    await app.init();
    await app.get(UsersService).ensureBootstrapAdmin();
    openApps.push(app);
    const http = () => request(app.getHttpServer());
    return {
      app,
      http,
      adminToken: await adminToken(app, http, options.adminTokenWithoutHttp ?? false),
      close: async () => {
        openApps.splice(openApps.indexOf(app), 1);
        await app.close();
        const previous = openApps[openApps.length - 1];
        if (previous) reRegisterStrategies(previous);
      },
    };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function adminToken(
  app: INestApplication,
  http: () => TestAgent,
  withoutHttp: boolean,
): Promise<string> {
  if (withoutHttp) {
    const auth = app.get(AuthService);
    const actor = await auth.checkCredentials(TEST_ADMIN.email, TEST_ADMIN.password);
    if (!actor) throw new Error('admin credentials refused');
    return (await auth.login(actor)).accessToken;
  }
  const login = await http().post('/api/v1/auth/login').send(TEST_ADMIN);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return (login.body as { accessToken: string }).accessToken;
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
