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

/** The `name=value` pair of the device cookie a login answer set. */
function setCookies(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

function deviceCookie(res: request.Response): string {
  const set = setCookies(res);
  const cookie = set.find((c) => c.startsWith('sdt_device_'));
  if (!cookie) throw new Error(`no device cookie in ${JSON.stringify(set)}`);
  return cookie.split(';')[0];
}

describe('device cookies: guessers cannot lock the owner out (TRUST_PROXY=1)', () => {
  let t: TestApp;
  let base: string;
  const owner = {
    email: `owner-${uniqueCode('u').toLowerCase()}@test.sdt.pk`,
    password: 'the-owners-own-passphrase',
  };
  const login = (from: string, body: object, cookie?: string) => {
    const req = request(base).post('/api/v1/auth/login').set('X-Forwarded-For', from);
    return (cookie ? req.set('Cookie', cookie) : req).send(body);
  };
  let ownerCookie: string;
  let ownerToken: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: appEnv('login-devices', { TRUST_PROXY: '1' }),
      withWorkers: false,
    });
    base = await listenOnFreePort(t.app);
    await request(base)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...owner, role: 'coordinator' })
      .expect(201);
    // The owner signs in once from its usual browser: that browser gets a device cookie.
    const first = await login('192.0.2.10', owner).expect(200);
    ownerCookie = deviceCookie(first);
    ownerToken = first.body.accessToken;
    expect(setCookies(first).join()).toMatch(
      /sdt_device_[\w-]+=[^;]+; Max-Age=\d+; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict/,
    );
    // Then guessers hammer the account from 60 addresses, without a cookie.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(`203.0.113.${i + 1}`, { email: owner.email, password: `guess-number-${i}` }),
      ),
    );
    expect(countStatuses(answers.map((r) => r.status))).toEqual({ 401: LIMIT, 429: 60 - LIMIT });
  });
  afterAll(() => t.close());

  it('still refuses the right password from a browser without a device cookie (429)', async () => {
    await login('192.0.2.11', owner).expect(429);
  });

  it('lets the owner’s browser in with the right password, from any address, while the account is under attack', async () => {
    const res = await login('192.0.2.12', owner, ownerCookie).expect(200);
    expect(res.body.user.email).toBe(owner.email);
    // A fresh device cookie each time; the old one stays valid until it expires.
    expect(deviceCookie(res)).not.toBe(ownerCookie);
    await login('192.0.2.13', owner, deviceCookie(res)).expect(200);
  });

  it('lets the owner’s browser change the password while the account is under attack', async () => {
    const change = (cookie?: string) => {
      const req = request(base)
        .post('/api/v1/auth/password')
        .set('Authorization', `Bearer ${ownerToken}`)
        .set('X-Forwarded-For', '192.0.2.14');
      return (cookie ? req.set('Cookie', cookie) : req).send({
        currentPassword: owner.password,
        newPassword: owner.password,
      });
    };
    await change().expect(429);
    await change(ownerCookie).expect(204);
  });

  it('does not trust a cookie of another account, or a forged one', async () => {
    const other = {
      email: `other-${uniqueCode('u').toLowerCase()}@test.sdt.pk`,
      password: 'another-ones-passphrase',
    };
    await request(base)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ ...other, role: 'ministry' })
      .expect(201);
    const otherCookie = deviceCookie(await login('192.0.2.20', other).expect(200));
    const [otherName, otherValue] = otherCookie.split('=');
    const [ownerName] = ownerCookie.split('=');
    await login('192.0.2.21', owner, otherCookie).expect(429);
    await login('192.0.2.22', owner, `${ownerName}=${otherValue}`).expect(429);
    await login('192.0.2.23', owner, `${ownerName}=${ownerCookie.split('=')[1]}x`).expect(429);
    expect(otherName).not.toBe(ownerName);
  });

  it('still limits guessing through a device cookie: that device is refused after the limit, no other', async () => {
    const stolen = deviceCookie(await login('192.0.2.30', owner, ownerCookie).expect(200));
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await login(`198.51.100.${i + 1}`, { ...owner, password: `guess-${i}` }, stolen);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429, 429]);
    // The right password through that device is now refused too, for the window...
    await login('198.51.100.200', owner, stolen).expect(429);
    // ...while the owner's other browser still gets in.
    await login('192.0.2.31', owner, ownerCookie).expect(200);
  });

  it('keeps the per-address limit for trusted browsers too', async () => {
    // 198.51.100.1 spent one failure above; fill its count with unknown accounts.
    for (let i = 0; i < LIMIT - 1; i++) {
      await login('198.51.100.1', {
        email: `nobody-${i}@test.sdt.pk`,
        password: 'whatever-it-is',
      }).expect(401);
    }
    await login('198.51.100.1', owner, ownerCookie).expect(429);
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

    it('marks the device cookie Secure', async () => {
      const res = await request(base).post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
      expect(deviceCookie(res)).toMatch(/^sdt_device_/);
      expect(setCookies(res).join()).toMatch(/HttpOnly; SameSite=Strict; Secure/);
    });

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
