// Webhooks for finished imports, against a real receiver on 127.0.0.1 (a free port; NODE_ENV
// is not production here, so http:// and loopback are allowed): registration (admin only,
// secret shown once and stored encrypted), signed at-least-once deliveries with retries, every
// attempt listed, the outbox written in the transaction that ends the import.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
      eventId: string;
      importId: string;
      attempt: number;
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
        secret: expect.stringMatching(/^whsec_/),
      });
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

    it('POSTs the finished import, signed, with an event id; the attempt is listed', async () => {
      const importId = await upload(a, roster(a));
      const [got] = await receiver.waitFor('/a', 1);
      const expected = createHmac('sha256', secret).update(got.body).digest('hex');
      expect(got.headers['x-signature']).toBe(`sha256=${expected}`);
      expect(got.headers['content-type']).toBe('application/json');
      const body = JSON.parse(got.body.toString('utf8'));
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
        eventId: got.headers['x-event-id'],
        importId,
        attempt: 1,
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
      expect(new Set(got.map((r) => r.headers['x-event-id'])).size).toBe(1);
      await new Promise((r) => setTimeout(r, 500)); // the third attempt is recorded after its answer
      const attempts = (await deliveries(hookId))
        .filter((d) => d.importId === importId)
        .sort((x, y) => x.attempt - y.attempt);
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
