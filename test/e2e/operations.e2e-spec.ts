// Operations: probes, metrics, OpenAPI, request ids, error shapes and the login rate limit.
import Redis from 'ioredis';
import { RedisClient } from '../../src/core/queue/redis.provider';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';
import { TEST_ADMIN } from '../setup/test-env';

function expectNoStackTrace(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|QueryFailedError/);
}

describe('operations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
  });
  afterAll(() => t.close());

  describe('health', () => {
    it('answers liveness without credentials', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('answers readiness with Postgres and Redis both up', async () => {
      const res = await t.http().get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
    });
  });

  describe('metrics', () => {
    it('exposes Prometheus text with requests counted by route template, not raw URL', async () => {
      await t.http().get('/api/v1/partners').set(bearer(t.adminToken)).expect(200);
      const id = '00000000-0000-4000-8000-000000000000';
      await t.http().get(`/api/v1/partners/${id}`).set(bearer(t.adminToken)).expect(404);
      const res = await t.http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const text = res.text;
      expect(text).toMatch(
        /http_requests_total\{method="GET",route="\/api\/v1\/partners",status="200"\} \d+/,
      );
      expect(text).toMatch(
        /http_requests_total\{method="GET",route="\/api\/v1\/partners\/:[A-Za-z]+",status="404"\} 1/,
      );
      expect(text).toContain('http_request_duration_seconds_bucket{');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('import_rows_processed_total');
      expect(text).not.toContain(id);
    });

    it('labels an unknown path as unmatched instead of echoing it', async () => {
      await t.http().get('/no/such/3520212345671').expect(404);
      const text = (await t.http().get('/metrics').expect(200)).text;
      expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\}/);
      expect(text).not.toContain('3520212345671');
    });
  });

  describe('OpenAPI', () => {
    it('serves a valid OpenAPI 3 document listing the resources and both auth schemes', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      const doc = res.body as {
        openapi: string;
        info: { title: string };
        paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
        components: { securitySchemes: Record<string, Record<string, string>> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBeTruthy();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/partners', '/api/v1/auth/login']),
      );
      expect(doc.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(doc.components.securitySchemes.apiKey).toMatchObject({
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
      });
      // Security follows the real guard: login is public, listing partners takes either.
      expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
      expect(doc.paths['/api/v1/partners'].get.security).toEqual(
        expect.arrayContaining([{ bearer: [] }, { apiKey: [] }]),
      );
      expect(doc.paths['/api/v1/partners'].post.security).toEqual([{ bearer: [] }]);
    });

    it('serves the Swagger UI without credentials', async () => {
      const res = await t.http().get('/api/docs/').redirects(1).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/swagger/i);
    });
  });

  describe('request ids', () => {
    it('echoes a sane incoming X-Request-Id and generates one otherwise', async () => {
      const echoed = await t
        .http()
        .get('/health/live')
        .set('X-Request-Id', 'trace-abc.123')
        .expect(200);
      expect(echoed.headers['x-request-id']).toBe('trace-abc.123');
      const generated = await t
        .http()
        .get('/health/live')
        .set('X-Request-Id', 'bad id with spaces; and <html>')
        .expect(200);
      expect(generated.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });
  });

  describe('errors', () => {
    it('answers an unknown route with 404 problem details', async () => {
      const res = await t.http().get('/api/v1/no-such-thing').set(bearer(t.adminToken));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 404,
        title: 'Not Found',
        instance: '/api/v1/no-such-thing',
      });
      expect(res.body.type).toEqual(expect.any(String));
      expect(res.body.detail).toEqual(expect.any(String));
      expectNoStackTrace(res.body);
    });

    it('answers a malformed JSON body with 400 problem details that say so', async () => {
      const res = await t
        .http()
        .post('/api/v1/partners')
        .set(bearer(t.adminToken))
        .set('Content-Type', 'application/json')
        .send('{"code": "BROKEN", "name": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, instance: '/api/v1/partners' });
      expect(res.body.detail).toMatch(/JSON/);
      expectNoStackTrace(res.body);
    });

    it('never includes a stack trace, SQL or internal path in an error answer', async () => {
      const answers = await Promise.all([
        t.http().post('/api/v1/partners').set(bearer(t.adminToken)).send({ code: 'x!' }),
        t.http().get('/api/v1/partners/not-a-uuid-or-code').set(bearer(t.adminToken)),
        t.http().post('/api/v1/auth/login').send({ email: 'a@b.c' }),
        t.http().get('/api/v1/users').set('Authorization', 'Bearer not.a.jwt'),
      ]);
      for (const res of answers) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toEqual(
          expect.objectContaining({ type: expect.any(String), status: res.status }),
        );
        expectNoStackTrace(res.body);
      }
    });
  });

  describe('readiness when a dependency is down', () => {
    it('answers 503 problem details naming Redis when Redis is unreachable', async () => {
      const redis = t.app.get(RedisClient).client;
      redis.disconnect();
      try {
        const res = await t.http().get('/health/ready').expect(503);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({
          status: 503,
          title: 'Service Unavailable',
          instance: '/health/ready',
          checks: { database: 'up', redis: 'down' },
        });
        expect(res.body.detail).toMatch(/redis/i);
        expect(res.body.detail).not.toMatch(/database/i);
        // Liveness does not depend on Redis: the process itself is fine.
        await t.http().get('/health/live').expect(200);
      } finally {
        await redis.connect();
      }
      await t.http().get('/health/ready').expect(200);
    });
  });

  // Last: a second app in one process takes over passport's global strategies.
  describe('login rate limit', () => {
    let limited: TestApp;
    beforeAll(async () => {
      // An odd window keeps this app's counter apart from the logins other suites made.
      limited = await createTestApp({
        withWorkers: false,
        env: { LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '3593' },
      });
      // createTestApp's own admin login counted; start the window's count afresh.
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const keys = await redis.keys(`${process.env.REDIS_PREFIX}:rl:login:*`);
        if (keys.length > 0) await redis.del(...keys);
      } finally {
        await redis.quit();
      }
    });
    afterAll(() => limited.close());

    it('refuses the 4th login attempt in a window with 429 and Retry-After', async () => {
      const attempt = () =>
        limited
          .http()
          .post('/api/v1/auth/login')
          .send({ email: TEST_ADMIN.email, password: 'wrong-password-xyz' });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const fourth = await attempt();
      expect(fourth.status).toBe(429);
      expect(fourth.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
      expect(fourth.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      // Even the right password waits for the window: the limit is per caller, not per outcome.
      const right = await limited.http().post('/api/v1/auth/login').send(TEST_ADMIN);
      expect(right.status).toBe(429);
    });
  });
});
