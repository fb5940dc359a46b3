// The login limit under parallel guessing, and which client address the limits believe.
// Each app counts under its own Redis prefix, so no other spec's attempts leak into these counts.
import request from 'supertest';
import { uniqueCode } from '../factories/actors';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { listenOnFreePort } from '../helpers/listening';
import { TEST_ADMIN } from '../setup/test-env';

const LIMIT = 5;
// A window far longer than the test, so no count resets mid-test.
const WINDOW = '3571';

function appEnv(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_PREFIX: `${process.env.REDIS_PREFIX}:${name}`,
    LOGIN_RATE_LIMIT: String(LIMIT),
    LOGIN_RATE_WINDOW_SECONDS: WINDOW,
    VERIFY_RATE_LIMIT: '3',
    VERIFY_RATE_WINDOW_SECONDS: WINDOW,
    ...extra,
  };
}

const wrong = (email = TEST_ADMIN.email) => ({ email, password: 'not-the-password-at-all' });

function countStatuses(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe('login limit under parallel guessing (no proxy trusted)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ env: appEnv('login-parallel'), withWorkers: false });
    base = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('lets only the limit of 300 parallel wrong passwords through to 401; the rest get 429 with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => request(base).post('/api/v1/auth/login').send(wrong())),
    );
    expect(countStatuses(answers.map((r) => r.status))).toEqual({ 401: LIMIT, 429: 300 - LIMIT });
    for (const r of answers.filter((a) => a.status === 429)) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    }
    // The account and the address stay shut for the window, the right password included.
    await request(base).post('/api/v1/auth/login').send(TEST_ADMIN).expect(429);
  });

  it('does not let forged X-Forwarded-For headers reset the per-address count', async () => {
    // Unknown accounts, so only the per-address count can refuse them; this app's address
    // count is already at the limit from the test above.
    const res = await request(base)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.77')
      .send(wrong('someone-else@test.sdt.pk'));
    expect(res.status).toBe(429);
  });
});

describe('login limit: correct passwords give their count back', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ env: appEnv('login-busy'), withWorkers: false });
    base = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('never locks out a busy client that logs in correctly, even in parallel bursts', async () => {
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(
        Array.from({ length: LIMIT }, () =>
          request(base).post('/api/v1/auth/login').send(TEST_ADMIN),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    }
    // Failures still count: LIMIT - 1 failures leave room for exactly one more attempt.
    for (let i = 0; i < LIMIT - 1; i++) {
      await request(base).post('/api/v1/auth/login').send(wrong()).expect(401);
    }
    await request(base).post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    await request(base).post('/api/v1/auth/login').send(wrong()).expect(401);
    await request(base).post('/api/v1/auth/login').send(TEST_ADMIN).expect(429);
  });
});

describe('login limit per account, behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({
      env: appEnv('login-accounts', { TRUST_PROXY: '1' }),
      withWorkers: false,
    });
    base = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('limits one account hammered from 100 addresses, however its email is written', async () => {
    const spellings = [TEST_ADMIN.email, TEST_ADMIN.email.toUpperCase(), ` ${TEST_ADMIN.email} `];
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(base)
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `203.0.113.${i + 1}`)
          .send(wrong(spellings[i % spellings.length])),
      ),
    );
    expect(countStatuses(answers.map((r) => r.status))).toEqual({ 401: LIMIT, 429: 100 - LIMIT });
    // The account is shut from a fresh address too...
    await request(base)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '192.0.2.200')
      .send(TEST_ADMIN)
      .expect(429);
  });

  it('counts each forwarded address on its own: other clients are not shut out', async () => {
    // ...while the per-address counts of those 100 addresses hold one attempt each, so a
    // different account from one of them still gets in.
    const user = {
      email: `busy-${uniqueCode('u').toLowerCase()}@test.sdt.pk`,
      password: 'a-long-test-password',
    };
    await request(base)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...user, role: 'ministry' })
      .expect(201);
    await request(base)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '203.0.113.1')
      .send(user)
      .expect(200);
  });
});

describe('which address the verify limit counts (VERIFY_RATE_LIMIT=3)', () => {
  const verify = (base: string, forwardedFor: string) =>
    request(base)
      .get('/api/v1/certifications/verify/NO-SUCH-CODE-123')
      .set('X-Forwarded-For', forwardedFor);

  describe('by default, in production too', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await createTestApp({
        env: appEnv('verify-default', { NODE_ENV: 'production' }),
        withWorkers: false,
      });
      base = await listenOnFreePort(t.app);
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: a new forged address each time is still limited', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await verify(base, `198.51.100.${i}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
    });
  });

  describe('with TRUST_PROXY=1', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await createTestApp({
        env: appEnv('verify-proxy', { TRUST_PROXY: '1' }),
        withWorkers: false,
      });
      base = await listenOnFreePort(t.app);
    });
    afterAll(() => t.close());

    it('counts the forwarded client address', async () => {
      const distinct: number[] = [];
      for (let i = 0; i < 6; i++) distinct.push((await verify(base, `198.51.100.${i}`)).status);
      expect(distinct).toEqual([404, 404, 404, 404, 404, 404]);
      const same: number[] = [];
      for (let i = 0; i < 5; i++) same.push((await verify(base, '192.0.2.9')).status);
      expect(same).toEqual([404, 404, 404, 429, 429]);
    });
  });
});
