// Operations: probes, metrics, OpenAPI, request ids, error shapes and the login rate limit.
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../../src/core/auth/api-key-crypto';
import { verifyPassword } from '../../src/core/auth/password-hasher';
import { dataSourceOptions } from '../../src/core/database/data-source-options';
import { RedisClient } from '../../src/core/queue/redis.provider';
import { runSeed } from '../../src/seed/run-seed';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';
import { baseDatabaseUrl, TEST_ADMIN, withDatabase } from '../setup/test-env';

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

  describe('npm run seed', () => {
    // Its own database: the seed's fixed codes (HUAWEI, HW-LHR-2026-01) must not meet other suites' data.
    const database = `${process.env.SDT_TEST_DATABASE ?? 'sdt_test_local'}_seed`;
    const url = withDatabase(baseDatabaseUrl(), database);
    const admin = new Client({ connectionString: baseDatabaseUrl() });
    let ds: DataSource;

    const TABLES = [
      'partners',
      'programs',
      'program_targets',
      'cohorts',
      'users',
      'partner_api_keys',
    ];
    /** Every row of every table the seed writes, hashed: equal fingerprints mean nothing changed. */
    async function fingerprint(): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      for (const table of TABLES) {
        const rows: { n: string; digest: string | null }[] = await ds.query(
          `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`,
        );
        out[table] = `${rows[0].n}:${rows[0].digest ?? ''}`;
      }
      return out;
    }

    beforeAll(async () => {
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
    });
    afterAll(async () => {
      if (ds?.isInitialized) await ds.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });

    it('migrates an empty database and loads partners, targets, cohorts, users and a demo key', async () => {
      const report = await runSeed(url, {
        adminEmail: 'Seed.Admin@Example.com',
        adminPassword: 'seed-admin-password',
      });
      expect(report.migrationsApplied).toContain('InitialSchema1764200000000');
      expect(report.created.partners).toEqual(['HUAWEI', 'ZTE', 'GOOGLE', 'IGNITE']);
      expect(report.created.programs).toEqual(
        expect.arrayContaining(['HW-SEED-2026', 'ZTE-DIGI-2026', 'GOOGLE-AI-GOV', 'IGNITE-AAI']),
      );
      expect(report.created.cohorts.length).toBeGreaterThanOrEqual(8);

      ds = new DataSource({ ...dataSourceOptions(url), extra: { max: 2 } });
      await ds.initialize();
      const partners: { code: string; kind: string }[] = await ds.query(
        'SELECT code, kind FROM partners ORDER BY code',
      );
      expect(partners).toEqual([
        { code: 'GOOGLE', kind: 'industry' },
        { code: 'HUAWEI', kind: 'industry' },
        { code: 'IGNITE', kind: 'government' },
        { code: 'ZTE', kind: 'industry' },
      ]);
      const programs: { code: string; target: number; partner: string }[] = await ds.query(
        `SELECT p.code, p.target_trainees AS target, pa.code AS partner
         FROM programs p JOIN partners pa ON pa.id = p.partner_id ORDER BY p.code`,
      );
      expect(programs).toEqual(
        expect.arrayContaining([
          { code: 'HW-SEED-2026', target: 300000, partner: 'HUAWEI' },
          { code: 'ZTE-DIGI-2026', target: 100000, partner: 'ZTE' },
        ]),
      );
      const tracks: { key: string; target: number }[] = await ds.query(
        `SELECT t.key, t.target FROM program_targets t JOIN programs p ON p.id = t.program_id
         WHERE p.code = 'HW-SEED-2026' AND t.dimension = 'track' ORDER BY t.key`,
      );
      expect(tracks).toEqual([
        { key: 'Advanced', target: 60000 },
        { key: 'Basic', target: 240000 },
      ]);
      const provinces: { province: string }[] = await ds.query(
        'SELECT DISTINCT province FROM cohorts ORDER BY province',
      );
      expect(provinces.map((r) => r.province)).toEqual(
        expect.arrayContaining(['PB', 'SD', 'KP', 'BA', 'ICT', 'GB']),
      );
      const lahore: { city: string; province: string }[] = await ds.query(
        `SELECT city, province FROM cohorts WHERE code = 'HW-LHR-2026-01'`,
      );
      expect(lahore).toEqual([{ city: 'Lahore', province: 'PB' }]);

      // One account per role; the admin is the one from ADMIN_EMAIL, its password not echoed.
      const users: { email: string; role: string; hash: string }[] = await ds.query(
        'SELECT email, role, password_hash AS hash FROM users ORDER BY role',
      );
      expect(users.map((u) => u.role)).toEqual(['admin', 'coordinator', 'ministry']);
      expect(users[0].email).toBe('seed.admin@example.com');
      expect(await verifyPassword('seed-admin-password', users[0].hash)).toBe(true);
      const coordinator = report.users.find((u) => u.role === 'coordinator');
      expect(coordinator?.password).toEqual(expect.any(String));
      expect(await verifyPassword(coordinator?.password ?? '', users[1].hash)).toBe(true);
      expect(report.users.find((u) => u.role === 'admin')?.password).toBeNull();

      // The demo key is printed once and stored only as a hash, for HUAWEI.
      expect(report.demoApiKey.key).toMatch(/^sdt_demo/);
      const keys: { partner: string; hash: string }[] = await ds.query(
        `SELECT pa.code AS partner, k.key_hash AS hash
         FROM partner_api_keys k JOIN partners pa ON pa.id = k.partner_id`,
      );
      expect(keys).toEqual([{ partner: 'HUAWEI', hash: hashApiKey(report.demoApiKey.key ?? '') }]);
    });

    it('changes nothing when run again, and does not mint a second demo key', async () => {
      const before = await fingerprint();
      const again = await runSeed(ds, {
        adminEmail: 'seed.admin@example.com',
        adminPassword: 'seed-admin-password',
      });
      expect(await fingerprint()).toEqual(before);
      expect(again.migrationsApplied).toEqual([]);
      expect(again.created).toEqual({ partners: [], programs: [], cohorts: [] });
      expect(again.users.every((u) => !u.created)).toBe(true);
      expect(again.demoApiKey.key).toBeNull();
      expect(again.counts).toEqual(
        Object.fromEntries(Object.entries(before).map(([t, v]) => [t, Number(v.split(':')[0])])),
      );
    });

    it('mints a new demo key only once the old one is revoked', async () => {
      await ds.query('UPDATE partner_api_keys SET revoked_at = now()');
      const third = await runSeed(ds);
      expect(third.demoApiKey.key).toMatch(/^sdt_demo/);
      const live: unknown[] = await ds.query(
        'SELECT 1 FROM partner_api_keys WHERE revoked_at IS NULL',
      );
      expect(live).toHaveLength(1);
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
