// Hand-signed tokens with the right secret: only what login would issue is accepted.
import { createHmac } from 'node:crypto';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { TEST_ADMIN } from '../setup/test-env';

function sign(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  const secret = process.env.JWT_SECRET ?? '';
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('JWT claims', () => {
  let t: TestApp;
  let adminId: string;
  const now = () => Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    const login = await t.http().post('/api/v1/auth/login').send(TEST_ADMIN).expect(200);
    adminId = (login.body as { user: { id: string } }).user.id;
  });
  afterAll(() => t.close());

  const call = (token: string) => t.http().get('/api/v1/partners').set(bearer(token));

  it('accepts a hand-signed token shaped like the ones login issues', async () => {
    await call(sign({ sub: adminId, role: 'admin', iat: now(), exp: now() + 600 })).expect(200);
  });

  it.each([
    ['without exp', () => ({ sub: adminId, role: 'admin', iat: now() })],
    ['without iat', () => ({ sub: adminId, role: 'admin', exp: now() + 600 })],
    ['without either', () => ({ sub: adminId, role: 'admin' })],
    [
      'valid for ten years',
      () => ({ sub: adminId, role: 'admin', iat: now(), exp: now() + 315360000 }),
    ],
    [
      'issued in the future',
      () => ({ sub: adminId, role: 'admin', iat: now() + 3600, exp: now() + 3700 }),
    ],
    ['expired', () => ({ sub: adminId, role: 'admin', iat: now() - 7200, exp: now() - 3600 })],
  ])('refuses a correctly signed token %s with 401', async (_what, payload) => {
    const res = await call(sign(payload()));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
