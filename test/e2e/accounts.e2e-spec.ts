// Accounts people can run: list, read and change users; the caller's own account; a change
// takes effect on the user's next request (the JWT user cache included); the last active
// admin stays, even against two admins demoting each other at once.
import {
  createPartner,
  createPartnerUser,
  createUser,
  type TestPartner,
} from '../factories/actors';
import { createProgram } from '../factories/catalog';
import type { Response } from 'supertest';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const PASSWORD = 'a-long-test-password';

describe('accounts', () => {
  let t: TestApp;
  let a: TestPartner;
  let b: TestPartner;
  const admin = () => bearer(t.adminToken);

  beforeAll(async () => {
    t = await createTestApp();
    a = await createPartner(t);
    b = await createPartner(t);
  });
  afterAll(() => t.close());

  const login = (email: string, password = PASSWORD) =>
    t.http().post('/api/v1/auth/login').send({ email, password });
  const patchUser = (
    id: string,
    body: Record<string, unknown>,
    h: Record<string, string> = admin(),
  ) => t.http().patch(`/api/v1/users/${id}`).set(h).send(body);
  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

  describe('GET /users', () => {
    it('pages through users of one role with the keyset cursor, each once', async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push((await createUser(t, 'ministry')).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get('/api/v1/users')
          .query({ role: 'ministry', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(admin())
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const u of res.body.items) {
          expect(u).toEqual({
            id: expect.any(String),
            email: expect.any(String),
            role: 'ministry',
            partnerCodes: [],
            disabledAt: null,
          });
          seen.push(u.id);
        }
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(made));
    });

    it('finds users by part of their email, in any case, with % and _ read as themselves', async () => {
      const user = await createUser(t, 'coordinator');
      const part = user.email.slice(0, user.email.indexOf('@')).toUpperCase();
      const found = await t
        .http()
        .get('/api/v1/users')
        .query({ email: part })
        .set(admin())
        .expect(200);
      expect(found.body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
      const both = await t
        .http()
        .get('/api/v1/users')
        .query({ email: part.toLowerCase(), role: 'ministry' })
        .set(admin())
        .expect(200);
      expect(both.body.items).toEqual([]);
      // A wildcard typed in the box matches nothing here, rather than everyone.
      const wild = await t
        .http()
        .get('/api/v1/users')
        .query({ email: '%' })
        .set(admin())
        .expect(200);
      expect(wild.body.items).toEqual([]);
    });

    it('refuses an unknown role filter (400) and a foreign cursor (400)', async () => {
      await t.http().get('/api/v1/users?role=king').set(admin()).expect(400);
      await t.http().get('/api/v1/users?cursor=bm9wZQ').set(admin()).expect(400);
    });

    it('GET /users/{id}: the user, 404 for unknown or malformed ids', async () => {
      const u = await createUser(t, 'coordinator', [a.code]);
      const res = await t.http().get(`/api/v1/users/${u.id}`).set(admin()).expect(200);
      expect(res.body).toEqual({
        id: u.id,
        email: u.email,
        role: 'coordinator',
        partnerCodes: [a.code],
        disabledAt: null,
      });
      await t
        .http()
        .get('/api/v1/users/00000000-0000-4000-8000-000000000000')
        .set(admin())
        .expect(404);
      await t.http().get('/api/v1/users/not-an-id').set(admin()).expect(404);
    });

    it('is for admins only: every other caller gets 403, none 401', async () => {
      const target = await createUser(t, 'ministry');
      const callers = [
        bearer((await createUser(t, 'coordinator')).token),
        bearer((await createUser(t, 'ministry')).token),
        bearer((await createPartnerUser(t, a.code)).token),
        { 'X-API-Key': a.apiKey },
      ];
      for (const h of callers) {
        await t.http().get('/api/v1/users').set(h).expect(403);
        await t.http().get(`/api/v1/users/${target.id}`).set(h).expect(403);
        await patchUser(target.id, { disabled: true }, h).expect(403);
      }
      await t.http().get('/api/v1/users').expect(401);
      await patchUser(target.id, { disabled: true }, {}).expect(401);
      const after = await t.http().get(`/api/v1/users/${target.id}`).set(admin()).expect(200);
      expect(after.body.disabledAt).toBeNull();
    });
  });

  describe('PATCH /users/{id}', () => {
    it.each([
      [{ role: 'king' }, 'role'],
      [{ disabled: 'yes' }, 'disabled'],
      [{ password: 'short' }, 'password'],
      [{ partnerCodes: 'HUAWEI' }, 'partnerCodes'],
      [{ email: 'new@test.sdt.pk' }, 'email'],
      [{ role: null }, 'role'],
    ])('refuses %j (400 naming %s)', async (body, field) => {
      const u = await createUser(t, 'coordinator');
      const res = await patchUser(u.id, body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a role and partner combination the rules forbid', async () => {
      const ministry = await createUser(t, 'ministry');
      await patchUser(ministry.id, { role: 'partner' }).expect(400);
      await patchUser(ministry.id, { partnerCodes: [a.code] }).expect(400);
      await patchUser(ministry.id, { role: 'partner', partnerCodes: [a.code, b.code] }).expect(400);
      await patchUser(ministry.id, { role: 'coordinator', partnerCodes: ['NO-SUCH'] }).expect(422);
      const unchanged = await t.http().get(`/api/v1/users/${ministry.id}`).set(admin());
      expect(unchanged.body).toMatchObject({ role: 'ministry', partnerCodes: [] });
      await patchUser('00000000-0000-4000-8000-000000000000', { disabled: true }).expect(404);
    });

    it('a new role or partners apply on the user’s very next request', async () => {
      const pa = await createProgram(t, { partnerCode: a.code });
      const pb = await createProgram(t, { partnerCode: b.code });
      const u = await createUser(t, 'coordinator', [a.code]);
      const h = bearer(u.token);
      await t.http().get(`/api/v1/programs/${pa.id}`).set(h).expect(200);
      await t.http().get(`/api/v1/programs/${pb.id}`).set(h).expect(404);

      const moved = await patchUser(u.id, { partnerCodes: [b.code] }).expect(200);
      expect(moved.body.partnerCodes).toEqual([b.code]);
      await t.http().get(`/api/v1/programs/${pa.id}`).set(h).expect(404);
      await t.http().get(`/api/v1/programs/${pb.id}`).set(h).expect(200);

      // A coordinator turned partner user keeps its one partner and acts as that partner.
      const asPartner = await patchUser(u.id, { role: 'partner' }).expect(200);
      expect(asPartner.body).toMatchObject({ role: 'partner', partnerCodes: [b.code] });
      expect((await me(u.token).expect(200)).body).toMatchObject({ role: 'partner' });
      await t.http().patch(`/api/v1/programs/${pb.id}`).set(h).send({ name: 'x' }).expect(403);

      // To ministry: the partners go, and so does every write.
      const ministry = await patchUser(u.id, { role: 'ministry' }).expect(200);
      expect(ministry.body).toMatchObject({ role: 'ministry', partnerCodes: [] });
      await t.http().get(`/api/v1/programs/${pa.id}`).set(h).expect(200);
      await t.http().get('/api/v1/enrollments').set(h).expect(403);
    });

    it('disabling refuses the user’s token on its next request, inside the cache second, and its login', async () => {
      const u = await createUser(t, 'coordinator');
      const h = bearer(u.token);
      // Warm the user cache, then disable: the next request must not be served from it.
      await t.http().get('/api/v1/programs').set(h).expect(200);
      const disabled = await patchUser(u.id, { disabled: true }).expect(200);
      expect(disabled.body.disabledAt).toEqual(expect.any(String));
      const refused = await t.http().get('/api/v1/programs').set(h);
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);

      const wrongUser = await login('nobody@test.sdt.pk');
      const disabledLogin = await login(u.email);
      expect(disabledLogin.status).toBe(401);
      expect(disabledLogin.body).toEqual(wrongUser.body);

      // Enabled again: it can log in, but the token from before the disabling stays dead.
      const enabled = await patchUser(u.id, { disabled: false }).expect(200);
      expect(enabled.body.disabledAt).toBeNull();
      await t.http().get('/api/v1/programs').set(h).expect(401);
      const fresh = await login(u.email).expect(200);
      await t.http().get('/api/v1/programs').set(bearer(fresh.body.accessToken)).expect(200);
    });

    it('disabling a partner user refuses it at once, while the partner’s key keeps working', async () => {
      const pu = await createPartnerUser(t, a.code);
      await t.http().get('/api/v1/programs').set(bearer(pu.token)).expect(200);
      await patchUser(pu.id, { disabled: true }).expect(200);
      await t.http().get('/api/v1/programs').set(bearer(pu.token)).expect(401);
      await t.http().get('/api/v1/programs').set('X-API-Key', a.apiKey).expect(200);
    });

    it('a password reset ends every session and only the new password logs in', async () => {
      const u = await createUser(t, 'ministry');
      await me(u.token).expect(200);
      await patchUser(u.id, { password: 'the-new-reset-password' }).expect(200);
      await me(u.token).expect(401);
      await login(u.email).expect(401);
      await login(u.email, 'the-new-reset-password').expect(200);
    });

    it('login of a disabled user costs what an unknown email costs (the password is checked)', async () => {
      const u = await createUser(t, 'ministry');
      await patchUser(u.id, { disabled: true }).expect(200);
      const timed = async (email: string) => {
        const started = process.hrtime.bigint();
        await login(email, 'some-wrong-password').expect(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      // The two kinds of login alternate, so a burst of load on the machine falls on both.
      const unknown: number[] = [];
      const disabled: number[] = [];
      for (let i = 0; i < 7; i++) {
        unknown.push(await timed('nobody-at-all@test.sdt.pk'));
        disabled.push(await timed(u.email));
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[3];
      // A shortcut that skips the slow hash would answer in a small fraction of the time.
      expect(median(disabled)).toBeGreaterThan(median(unknown) * 0.4);
    });
  });

  describe('GET /auth/me', () => {
    it('describes each kind of caller', async () => {
      const coordinator = await createUser(t, 'coordinator', [a.code]);
      expect((await me(coordinator.token).expect(200)).body).toEqual({
        id: coordinator.id,
        email: coordinator.email,
        role: 'coordinator',
        partnerCodes: [a.code],
      });
      const pu = await createPartnerUser(t, b.code);
      expect((await me(pu.token).expect(200)).body).toEqual({
        id: pu.id,
        email: pu.email,
        role: 'partner',
        partnerCodes: [b.code],
      });
      const key = await t.http().get('/api/v1/auth/me').set('X-API-Key', a.apiKey).expect(200);
      expect(key.body).toEqual({ role: 'partner', partnerCode: a.code });
      await t.http().get('/api/v1/auth/me').expect(401);
    });
  });

  describe('POST /auth/password', () => {
    const change = (token: string, body: Record<string, unknown>) =>
      t.http().post('/api/v1/auth/password').set(bearer(token)).send(body);

    it('changes the password: this session goes on, sessions issued before end', async () => {
      const u = await createUser(t, 'coordinator');
      const other = (await login(u.email).expect(200)).body.accessToken as string;
      await me(other).expect(200);
      await change(u.token, { currentPassword: PASSWORD, newPassword: 'my-new-long-password' })
        .expect(204)
        .expect((res) => expect(res.text).toBe(''));
      await me(u.token).expect(200);
      await me(other).expect(401);
      await login(u.email).expect(401);
      const fresh = (await login(u.email, 'my-new-long-password').expect(200)).body.accessToken;
      await me(fresh).expect(200);
    });

    it('refuses a wrong current password (422) and a short new one (400), changing nothing', async () => {
      const u = await createUser(t, 'ministry');
      const wrong = await change(u.token, {
        currentPassword: 'not-my-password',
        newPassword: 'my-new-long-password',
      }).expect(422);
      expect(wrong.body.errors).toEqual([
        { field: 'currentPassword', message: 'the current password is wrong' },
      ]);
      await change(u.token, { currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
      await change(u.token, { currentPassword: PASSWORD }).expect(400);
      await login(u.email).expect(200);
    });

    it('has no meaning for an API key (403)', async () => {
      await t
        .http()
        .post('/api/v1/auth/password')
        .set('X-API-Key', a.apiKey)
        .send({ currentPassword: PASSWORD, newPassword: 'my-new-long-password' })
        .expect(403);
    });

    it('two parallel changes from the same old password: exactly one wins', async () => {
      const u = await createUser(t, 'coordinator');
      const results = await Promise.all(
        ['first-new-long-password', 'second-new-long-password'].map((newPassword) =>
          change(u.token, { currentPassword: PASSWORD, newPassword }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([204, 422]);
      const logins = await Promise.all(
        ['first-new-long-password', 'second-new-long-password'].map((p) => login(u.email, p)),
      );
      expect(logins.map((r) => r.status).sort()).toEqual([200, 401]);
    });
  });

  describe('the last active admin', () => {
    it('two admins demoting (or disabling) each other in parallel: one must fail, one admin stays', async () => {
      const x = await createUser(t, 'admin');
      const y = await createUser(t, 'admin');
      const z = await createUser(t, 'ministry');
      // Make X and Y the only active admins for the length of this test.
      const list = await t.http().get('/api/v1/users?role=admin&limit=500').set(bearer(x.token));
      const others = (list.body.items as { id: string; disabledAt: string | null }[]).filter(
        (u) => u.disabledAt === null && u.id !== x.id && u.id !== y.id,
      );
      for (const o of others) await patchUser(o.id, { role: 'ministry' }, bearer(x.token));
      try {
        const activeAdmins = async (token: string) => {
          const res = await t.http().get('/api/v1/users?role=admin&limit=500').set(bearer(token));
          return (res.body.items as { id: string; disabledAt: string | null }[]).filter(
            (u) => u.disabledAt === null,
          );
        };
        expect((await activeAdmins(x.token)).map((u) => u.id).sort()).toEqual([x.id, y.id].sort());

        const demotions = await Promise.all([
          patchUser(y.id, { role: 'coordinator' }, bearer(x.token)),
          patchUser(x.id, { role: 'coordinator' }, bearer(y.token)),
        ]);
        const statuses = demotions.map((r) => r.status).sort();
        expect(statuses[0]).toBe(200);
        // The loser either reached the check (409) or was no longer an admin when it asked (403).
        expect([403, 409]).toContain(statuses[1]);
        const winner = demotions[0].status === 200 ? x : y;
        expect((await activeAdmins(winner.token)).map((u) => u.id)).toEqual([winner.id]);

        // The one left can neither demote nor disable itself.
        const self = await patchUser(winner.id, { role: 'ministry' }, bearer(winner.token));
        expect(self.status).toBe(409);
        expect(self.headers['content-type']).toMatch(/application\/problem\+json/);
        await patchUser(winner.id, { disabled: true }, bearer(winner.token)).expect(409);

        // With a second admin again, the same race by disabling.
        await patchUser(z.id, { role: 'admin' }, bearer(winner.token)).expect(200);
        const disablings = await Promise.all([
          patchUser(z.id, { disabled: true }, bearer(winner.token)),
          patchUser(winner.id, { disabled: true }, bearer(z.token)),
        ]);
        expect(disablings.map((r) => r.status).sort()[0]).toBe(200);
        expect(disablings.filter((r) => r.status === 200)).toHaveLength(1);
        const survivor = disablings[0].status === 200 ? winner : z;
        expect((await activeAdmins(survivor.token)).map((u) => u.id)).toEqual([survivor.id]);
        await patchUser(x.id, { role: 'admin', disabled: false }, bearer(survivor.token));
        await patchUser(y.id, { role: 'admin', disabled: false }, bearer(survivor.token));
        await patchUser(z.id, { role: 'admin', disabled: false }, bearer(survivor.token));
      } finally {
        // Give the other admins back their role, whoever is left to do it.
        const fresh = await login(x.email);
        const token =
          fresh.status === 200 ? fresh.body.accessToken : (await login(y.email)).body.accessToken;
        for (const o of others) await patchUser(o.id, { role: 'admin' }, bearer(token));
      }
    });
  });
});
