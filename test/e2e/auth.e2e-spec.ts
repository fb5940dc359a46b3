import { createPartner, createUser } from '../factories/actors';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';
import { TEST_ADMIN } from '../setup/test-env';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('logs in with email and password and returns a JWT and the user', async () => {
    const res = await t.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 3600,
      user: { id: expect.any(String), email: TEST_ADMIN.email, role: 'admin' },
    });
  });

  it('answers a wrong password and an unknown email with the same 401 body', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: TEST_ADMIN.email, password: 'not-the-password' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.sdt.pk', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses a request without credentials with problem details', async () => {
    const res = await t.http().get('/api/v1/partners').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, instance: '/api/v1/partners' });
  });

  it('accepts a partner key in X-API-Key and in Authorization: ApiKey, and not once revoked', async () => {
    const p = await createPartner(t);
    await t.http().get('/api/v1/partners').set('X-API-Key', p.apiKey).expect(200);
    const res = await t
      .http()
      .get('/api/v1/partners')
      .set('Authorization', `ApiKey ${p.apiKey}`)
      .expect(200);
    expect(res.body.items.map((x: { code: string }) => x.code)).toEqual([p.code]);

    const keys = await t
      .http()
      .get(`/api/v1/partners/${p.code}/api-keys`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(keys.body.items).toHaveLength(1);
    expect(keys.body.items[0].lastUsedAt).not.toBeNull();
    expect(keys.body.items[0]).not.toHaveProperty('key');
    await t
      .http()
      .delete(`/api/v1/api-keys/${keys.body.items[0].id}`)
      .set(bearer(t.adminToken))
      .expect(204);
    await t.http().get('/api/v1/partners').set('X-API-Key', p.apiKey).expect(401);
  });

  it('gives 403 to a role the route does not allow', async () => {
    const ministry = await createUser(t, 'ministry');
    const res = await t
      .http()
      .post('/api/v1/partners')
      .set(bearer(ministry.token))
      .send({ code: 'NOPE', name: 'x', kind: 'donor' })
      .expect(403);
    expect(res.body.status).toBe(403);
  });
});

describe('login rate limit counts failures only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '3', LOGIN_RATE_WINDOW_SECONDS: '3571' } });
  });
  afterAll(() => t.close());

  it('lets a client log in correctly many times, but refuses all attempts after 3 failures', async () => {
    for (let i = 0; i < 6; i++) {
      await t.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    }
    const wrong = { email: TEST_ADMIN.email, password: 'wrong-password-123' };
    for (let i = 0; i < 3; i++) await t.http().post('/api/v1/auth/login').send(wrong).expect(401);
    const refused = await t.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('login input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a body without email or password with 400 naming the fields', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({}).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['email', 'password']);
  });
});
