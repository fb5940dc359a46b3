// Weak passwords (issue 15, item 6): whitespace-only and commonly used passwords are refused
// with a 400 problem naming the field (`weak_password`) wherever a password is set: an admin
// creating a user, an admin's reset, and a user's own change. Nothing weak is ever stored, so
// nobody can log in with twelve spaces.
import { randomBytes } from 'node:crypto';
import { createUser } from '../factories/actors';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const WEAK = [' '.repeat(12), '\t '.repeat(6), 'password1234', 'qwerty123456', 'P@ssw0rd1234'];

describe('weak passwords are refused (weak_password)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
  });
  afterAll(() => t.close());

  const email = () => `pw-${randomBytes(4).toString('hex')}@test.sdt.pk`;

  function expectWeak(
    res: { status: number; headers: Record<string, string>; body: unknown },
    field: string,
  ) {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      errors: [{ field, message: expect.stringContaining('weak_password') }],
    });
    // The password itself is never echoed.
    expect(JSON.stringify(res.body)).not.toMatch(/password1234|qwerty123456|P@ssw0rd1234/);
  }

  it.each(WEAK)('POST /users refuses %j, and no account exists to log in to', async (password) => {
    const address = email();
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({ email: address, password, role: 'ministry' });
    expectWeak(res, 'password');
    await t.http().post('/api/v1/auth/login').send({ email: address, password }).expect(401);
  });

  it('PATCH /users/{id} refuses a weak reset and keeps the old password', async () => {
    const user = await createUser(t, 'coordinator');
    for (const password of WEAK) {
      const res = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(t.adminToken))
        .send({ password });
      expectWeak(res, 'password');
    }
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'a-long-test-password' })
      .expect(200);
  });

  it('POST /auth/password refuses a weak new password; a strong one is taken', async () => {
    const user = await createUser(t, 'ministry');
    for (const newPassword of WEAK) {
      const res = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(user.token))
        .send({ currentPassword: 'a-long-test-password', newPassword });
      expectWeak(res, 'newPassword');
    }
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'a-long-test-password' })
      .expect(200);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: 'a-long-test-password', newPassword: 'rickshaw on the mall road' })
      .expect(204);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'rickshaw on the mall road' })
      .expect(200);
  });

  it('still answers the length rule first for a short password', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({ email: email(), password: 'short', role: 'ministry' })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'password', message: 'password must be at least 12 characters' },
    ]);
  });
});
