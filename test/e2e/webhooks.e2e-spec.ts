// Webhooks for finished imports, against a real receiver on 127.0.0.1 (a free port; NODE_ENV
// is not production here, so http:// and loopback are allowed): registration (admin only,
// secret shown once and stored encrypted), at-least-once deliveries with retries signed as the
// Standard Webhooks specification says (verified with its reference library, `standardwebhooks`),
// every attempt listed, the outbox written in the transaction that ends the import, and the
// test ping and redelivery an admin can ask for.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { RosterImportJob } from '../../src/modules/imports/jobs/roster-import.job';
import { createPartnerUser, createUser } from '../factories/actors';
import { createPartnerWithCohort, type PartnerCatalog } from '../factories/people';
import { newCnic, rosterCsv } from '../factories/rosters';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** The request's Standard Webhooks headers, as a receiver hands them to the library. */
function hookHeaders(r: Received): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = r.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** A receiver that records every request and answers with the next planned status (200 after). */
class Receiver {
  readonly received: Received[] = [];
  private plan = new Map<string, number[]>();
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      const planned = this.plan.get(path)?.shift() ?? 200;
      res.statusCode = planned;
      res.end('ok');
    });
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  failNext(path: string, statuses: number[]): void {
    this.plan.set(path, [...statuses]);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async waitFor(path: string, count: number, timeoutMs = 20_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${path}: ${this.at(path).length}/${count}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.at(path);
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let receiver: Receiver;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  const admin = () => bearer(t.adminToken);

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    t = await createTestApp({
      env: { WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_OUTBOX_POLL_MS: '100' },
    });
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const register = (code: string, path: string, h: Record<string, string> = admin()) =>
    t
      .http()
      .post(`/api/v1/partners/${code}/webhooks`)
      .set(h)
      .send({ url: receiver.url(path), events: ['import.finished'] });

  const roster = (catalog: PartnerCatalog, n = 2) =>
    rosterCsv(
      Array.from({ length: n }, () => ({
        cnic: newCnic(),
        full_name: 'Hira Batool',
        gender: 'female',
        cohort_code: catalog.cohortCode,
      })),
    );

  async function upload(catalog: PartnerCatalog, csv: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/imports')
      .set('X-API-Key', catalog.partner.apiKey)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(csv))
      .expect(202);
    return res.body.id as string;
  }

  async function deliveries(id: string) {
    const res = await t.http().get(`/api/v1/webhooks/${id}/deliveries`).set(admin()).expect(200);
    return res.body.items as {
      id: string;
      eventId: string;
      importId: string | null;
      attempt: number;
      manual: boolean;
      attemptedAt: string;
      statusCode: number | null;
      succeeded: boolean;
      error: string | null;
      durationMs: number;
    }[];
  }

  describe('registration', () => {
    it('answers 201 with the secret once, lists without it, and stores it encrypted', async () => {
      const res = await register(a.partner.code, '/reg').expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        partnerCode: a.partner.code,
        url: receiver.url('/reg'),
        events: ['import.finished'],
        createdAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+={0,2}$/),
      });
      // The spec's library takes the secret as it is given.
      expect(() => new Webhook(res.body.secret)).not.toThrow();
      expect(Buffer.from(res.body.secret.slice(6), 'base64')).toHaveLength(32);
      const list = await t
        .http()
        .get(`/api/v1/partners/${a.partner.code}/webhooks`)
        .set(admin())
        .expect(200);
      const listed = list.body.items.find((w: { id: string }) => w.id === res.body.id);
      expect(listed).toBeDefined();
      expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
      const stored: { secret: string }[] = await t.app
        .get(DataSource)
        .query(`SELECT secret_encrypted AS secret FROM webhooks WHERE id = $1`, [res.body.id]);
      expect(stored[0].secret).not.toContain(res.body.secret.slice(6));
      await t.http().delete(`/api/v1/webhooks/${res.body.id}`).set(admin()).expect(204);
      await t.http().delete(`/api/v1/webhooks/${res.body.id}`).set(admin()).expect(404);
      // Both writes are in the audit log, the URL and the secret by field name only.
      const audit = await t.http().get('/api/v1/audit?entity=webhook&limit=500').set(admin());
      const mine = audit.body.items.filter((e: { entityId: string }) => e.entityId === res.body.id);
      expect(mine.map((e: { action: string }) => e.action)).toEqual(['deleted', 'created']);
      expect(mine[1].changes).toEqual([
        { field: 'url' },
        { field: 'events', new: ['import.finished'] },
        { field: 'secret' },
      ]);
      await t.http().get(`/api/v1/webhooks/${res.body.id}/deliveries`).set(admin()).expect(404);
    });

    it.each([
      [{ url: 'ftp://example.org/x', events: ['import.finished'] }, 'url'],
      [{ url: 'not a url', events: ['import.finished'] }, 'url'],
      [{ url: 'http://127.0.0.1/x', events: ['import.started'] }, 'events'],
      [{ url: 'http://127.0.0.1/x', events: [] }, 'events'],
      [{ url: 'http://127.0.0.1/x' }, 'events'],
      [{ url: 'http://127.0.0.1/x', events: ['import.finished'], secret: 'mine' }, 'secret'],
    ])('refuses %j (400 naming %s)', async (body, field) => {
      const res = await t
        .http()
        .post(`/api/v1/partners/${a.partner.code}/webhooks`)
        .set(admin())
        .send(body)
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 404 for an unknown partner', async () => {
      await register('NO-SUCH-PARTNER', '/x').expect(404);
    });

    it('is for admins only: every other caller gets 403 (the partner’s own key and user too)', async () => {
      const hook = await register(a.partner.code, '/matrix').expect(201);
      const callers = [
        bearer((await createUser(t, 'coordinator', [a.partner.code])).token),
        bearer((await createUser(t, 'ministry')).token),
        bearer((await createPartnerUser(t, a.partner.code)).token),
        { 'X-API-Key': a.partner.apiKey },
      ];
      for (const h of callers) {
        await register(a.partner.code, '/matrix', h).expect(403);
        await t.http().get(`/api/v1/partners/${a.partner.code}/webhooks`).set(h).expect(403);
        await t.http().get(`/api/v1/webhooks/${hook.body.id}/deliveries`).set(h).expect(403);
        await t.http().delete(`/api/v1/webhooks/${hook.body.id}`).set(h).expect(403);
      }
      await register(a.partner.code, '/matrix', {}).expect(401);
      await t.http().delete(`/api/v1/webhooks/${hook.body.id}`).set(admin()).expect(204);
    });
  });

  describe('delivery', () => {
    let hookId: string;
    let secret: string;
    beforeAll(async () => {
      const res = await register(a.partner.code, '/a').expect(201);
      hookId = res.body.id;
      secret = res.body.secret;
    });

    it('POSTs the finished import, signed as Standard Webhooks says; the attempt is listed', async () => {
      const importId = await upload(a, roster(a));
      const [got] = await receiver.waitFor('/a', 1);
      // The reference library verifies it: signature over id, timestamp and body, fresh timestamp.
      const verified = new Webhook(secret).verify(got.body.toString('utf8'), hookHeaders(got));
      const timestamp = Number(got.headers['webhook-timestamp']);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(30);
      expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(got.headers['x-signature']).toBeUndefined();
      expect(got.headers['content-type']).toBe('application/json');
      const body = JSON.parse(got.body.toString('utf8'));
      expect(verified).toEqual(body);
      // A tampered body, another secret, or another id are refused.
      const tampered = got.body.toString('utf8').replace('"created":2', '"created":3');
      expect(() => new Webhook(secret).verify(tampered, hookHeaders(got))).toThrow(
        WebhookVerificationError,
      );
      const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      expect(() => new Webhook(otherSecret).verify(got.body.toString(), hookHeaders(got))).toThrow(
        WebhookVerificationError,
      );
      expect(() =>
        new Webhook(secret).verify(got.body.toString(), {
          ...hookHeaders(got),
          'webhook-id': 'another-event',
        }),
      ).toThrow(WebhookVerificationError);
      const status = await t
        .http()
        .get(`/api/v1/imports/${importId}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(body).toEqual({ event: 'import.finished', import: status.body });
      expect(body.import).toMatchObject({ status: 'completed', created: 2 });

      let listed = await deliveries(hookId);
      for (let i = 0; i < 50 && listed.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        listed = await deliveries(hookId);
      }
      expect(listed[0]).toMatchObject({
        eventId: got.headers['webhook-id'],
        importId,
        attempt: 1,
        manual: false,
        statusCode: 200,
        succeeded: true,
        error: null,
      });
    });

    it('retries a failing receiver with growing delays, with the same event id, until it answers 2xx', async () => {
      const before = receiver.at('/a').length;
      receiver.failNext('/a', [500, 503]);
      const importId = await upload(a, roster(a));
      const got = (await receiver.waitFor('/a', before + 3)).slice(before);
      // One event id on every attempt; each attempt signed with its own timestamp.
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
      for (const r of got) {
        expect(() => new Webhook(secret).verify(r.body.toString(), hookHeaders(r))).not.toThrow();
      }
      const stamps = got.map((r) => Number(r.headers['webhook-timestamp']));
      expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
      // The third attempt is recorded after its answer: wait until all three are.
      const recorded = async () =>
        (await deliveries(hookId))
          .filter((d) => d.importId === importId)
          .sort((x, y) => x.attempt - y.attempt);
      let attempts = await recorded();
      for (const deadline = Date.now() + 10_000; attempts.length < 3 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        attempts = await recorded();
      }
      expect(attempts.map((d) => [d.attempt, d.statusCode, d.succeeded])).toEqual([
        [1, 500, false],
        [2, 503, false],
        [3, 200, true],
      ]);
      expect(attempts[0].error).toBe('answered 500');
      // Exponential backoff from the 300 ms base: at least 300 ms, then at least 600 ms apart.
      const at = attempts.map((d) => Date.parse(d.attemptedAt));
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(300);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(600);
      // No fourth call once it succeeded.
      await new Promise((r) => setTimeout(r, 1500));
      expect(receiver.at('/a').length).toBe(before + 3);
    });

    it('a delivery replayed more than 5 minutes later is refused by the library', async () => {
      const [got] = receiver.at('/a');
      const payload = got.body.toString('utf8');
      expect(() => new Webhook(secret).verify(payload, hookHeaders(got))).not.toThrow();
      const sixMinutesLater = Date.now() + 6 * 60_000;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(sixMinutesLater);
      try {
        expect(() => new Webhook(secret).verify(payload, hookHeaders(got))).toThrow(
          'Message timestamp too old',
        );
      } finally {
        clock.mockRestore();
      }
    });

    it('also notifies failed imports, and never another partner’s', async () => {
      const before = receiver.at('/a').length;
      await upload(b, roster(b)); // B's import: A's webhook must stay silent
      const failed = await upload(a, 'cnic,full_name\n3520212345672,Sana\n'); // no gender column
      const got = await receiver.waitFor('/a', before + 1);
      const body = JSON.parse(got[got.length - 1].body.toString('utf8'));
      expect(body.import).toMatchObject({
        id: failed,
        status: 'failed',
        partnerCode: a.partner.code,
      });
      await new Promise((r) => setTimeout(r, 1500));
      const bodies = receiver
        .at('/a')
        .slice(before)
        .map((r) => JSON.parse(r.body.toString()));
      expect(bodies.every((x) => x.import.partnerCode === a.partner.code)).toBe(true);
    });
  });

  describe('test ping and redelivery', () => {
    let hookId: string;
    let secret: string;
    beforeAll(async () => {
      const res = await register(a.partner.code, '/manual').expect(201);
      hookId = res.body.id;
      secret = res.body.secret;
    });

    const ping = (id: string, h: Record<string, string> = admin()) =>
      t.http().post(`/api/v1/webhooks/${id}/test`).set(h);
    const redeliver = (id: string, deliveryId: string, h: Record<string, string> = admin()) =>
      t.http().post(`/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`).set(h);

    it('POST /test sends a signed ping now and answers with that delivery, listed too', async () => {
      const before = receiver.at('/manual').length;
      const res = await ping(hookId).expect(200);
      const got = receiver.at('/manual');
      expect(got).toHaveLength(before + 1);
      const received = got[got.length - 1];
      const payload = new Webhook(secret).verify(received.body.toString(), hookHeaders(received));
      expect(payload).toEqual({
        event: 'ping',
        webhook: { id: hookId, partnerCode: a.partner.code },
      });
      expect(res.body).toEqual({
        id: expect.any(String),
        eventId: received.headers['webhook-id'],
        event: 'ping',
        importId: null,
        attempt: 1,
        manual: true,
        attemptedAt: expect.any(String),
        statusCode: 200,
        durationMs: expect.any(Number),
        error: null,
        succeeded: true,
      });
      expect((await deliveries(hookId))[0]).toMatchObject({ id: res.body.id, event: 'ping' });
    });

    it('POST /test answers the failed delivery when the receiver refuses, and never retries a ping', async () => {
      receiver.failNext('/manual', [500]);
      const before = receiver.at('/manual').length;
      const res = await ping(hookId).expect(200);
      expect(res.body).toMatchObject({
        event: 'ping',
        succeeded: false,
        statusCode: 500,
        error: 'answered 500',
      });
      await new Promise((r) => setTimeout(r, 1500)); // past the 300 ms retry base
      expect(receiver.at('/manual')).toHaveLength(before + 1);
    });

    it('POST …/redeliver sends the same event again (same webhook-id, fresh timestamp), verified by the library', async () => {
      receiver.failNext('/manual', [500, 500, 500, 500, 500, 500, 500, 500]);
      const importId = await upload(a, roster(a));
      const first = (await receiver.waitFor('/manual', receiver.at('/manual').length + 1)).at(-1)!;
      let failed = (await deliveries(hookId)).find((d) => d.importId === importId);
      for (let i = 0; i < 50 && !failed; i++) {
        await new Promise((r) => setTimeout(r, 100));
        failed = (await deliveries(hookId)).find((d) => d.importId === importId);
      }
      expect(failed).toMatchObject({ succeeded: false, manual: false });
      receiver.failNext('/manual', []); // the receiver is fixed
      await new Promise((r) => setTimeout(r, 1100)); // a later second for the timestamp
      const res = await redeliver(hookId, failed!.id).expect(200);
      const again = receiver.at('/manual').at(-1)!;
      expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(Number(again.headers['webhook-timestamp'])).toBeGreaterThan(
        Number(first.headers['webhook-timestamp']),
      );
      const payload = new Webhook(secret).verify(again.body.toString(), hookHeaders(again)) as {
        event: string;
        import: { id: string };
      };
      expect(payload).toMatchObject({ event: 'import.finished', import: { id: importId } });
      expect(res.body).toMatchObject({
        eventId: first.headers['webhook-id'],
        importId,
        manual: true,
        succeeded: true,
        statusCode: 200,
      });
      // The success ends the event's scheduled retries: nothing more arrives for it.
      const count = receiver.at('/manual').length;
      await new Promise((r) => setTimeout(r, 2500));
      const later = receiver.at('/manual').slice(count);
      expect(later.filter((r) => r.headers['webhook-id'] === first.headers['webhook-id'])).toEqual(
        [],
      );
    });

    it('answers 404 for an unknown webhook or delivery, or a delivery of another webhook', async () => {
      const other = await register(b.partner.code, '/manual-other').expect(201);
      const otherDelivery = (await ping(other.body.id).expect(200)).body.id as string;
      const mine = (await deliveries(hookId))[0].id;
      const unknown = '00000000-0000-4000-8000-000000000000';
      await ping(unknown).expect(404);
      await ping('not-an-id').expect(404);
      await redeliver(unknown, mine).expect(404);
      await redeliver(hookId, unknown).expect(404);
      await redeliver(hookId, 'not-an-id').expect(404);
      const res = await redeliver(hookId, otherDelivery).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      await redeliver(other.body.id, mine).expect(404);
      // A deleted webhook: its deliveries cannot be sent again.
      await t.http().delete(`/api/v1/webhooks/${other.body.id}`).set(admin()).expect(204);
      await ping(other.body.id).expect(404);
      await redeliver(other.body.id, otherDelivery).expect(404);
    });

    it('is for admins only, and each manual send is audited', async () => {
      const mine = (await deliveries(hookId))[0].id;
      const callers = [
        bearer((await createUser(t, 'coordinator', [a.partner.code])).token),
        bearer((await createUser(t, 'ministry')).token),
        bearer((await createPartnerUser(t, a.partner.code)).token),
        { 'X-API-Key': a.partner.apiKey },
      ];
      const before = receiver.at('/manual').length;
      for (const h of callers) {
        await ping(hookId, h).expect(403);
        await redeliver(hookId, mine, h).expect(403);
      }
      await ping(hookId, {}).expect(401);
      await redeliver(hookId, mine, {}).expect(401);
      expect(receiver.at('/manual')).toHaveLength(before);
      const audit = await t.http().get('/api/v1/audit?entity=webhook&limit=500').set(admin());
      const actions = audit.body.items
        .filter((e: { entityId: string }) => e.entityId === hookId)
        .map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['tested', 'redelivered', 'created']));
    });
  });

  describe('the outbox', () => {
    it('an import ended by any path (here plain SQL, no app code) is delivered; a rolled-back end is not', async () => {
      const hook = await register(b.partner.code, '/outbox').expect(201);
      const worker = t.app.get(RosterImportJob).worker;
      await worker.pause(true);
      let kept: string;
      let rolledBack: string;
      try {
        kept = await upload(b, roster(b));
        rolledBack = await upload(b, roster(b));
        const ds = t.app.get(DataSource);
        await ds.query(
          `UPDATE imports SET status = 'failed', failure_reason = 'test' WHERE id = $1`,
          [kept],
        );
        await ds
          .transaction(async (em) => {
            await em.query(`UPDATE imports SET status = 'failed' WHERE id = $1`, [rolledBack]);
            throw new Error('rollback');
          })
          .catch(() => undefined);
        const got = await receiver.waitFor('/outbox', 1);
        expect(JSON.parse(got[0].body.toString()).import).toMatchObject({
          id: kept,
          status: 'failed',
        });
      } finally {
        void worker.resume();
      }
      // The other import then completes normally and is delivered once, as itself.
      const all = await receiver.waitFor('/outbox', 2);
      const ids = all.map((r) => JSON.parse(r.body.toString()).import.id);
      expect(ids.filter((id: string) => id === kept)).toHaveLength(1);
      const second = JSON.parse(all[1].body.toString()).import;
      expect(second).toMatchObject({ id: rolledBack, status: 'completed' });
      // The attempt is recorded once the receiver has answered.
      const deadline = Date.now() + 5000;
      while ((await deliveries(hook.body.id)).length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await deliveries(hook.body.id)).map((d) => d.succeeded)).toEqual([true, true]);
    });

    it('a deleted webhook receives nothing more', async () => {
      const hook = await register(b.partner.code, '/deleted').expect(201);
      await t.http().delete(`/api/v1/webhooks/${hook.body.id}`).set(admin()).expect(204);
      await upload(b, roster(b));
      await new Promise((r) => setTimeout(r, 2000));
      expect(receiver.at('/deleted')).toEqual([]);
    });
  });
});
