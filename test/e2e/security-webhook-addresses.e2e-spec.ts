// SSRF through webhook registration in production mode: every spelling of an internal address
// that an attacker found registering (IPv4-compatible, IPv4-translated, 6to4, Teredo, NAT64 and
// the URL parser's numeric forms) is refused with a 400 naming `url`; a public literal address
// registers. Literal addresses need no DNS, so this runs without a network. And at delivery: a
// stored URL with such a literal host (no DNS lookup to guard) is refused before connecting.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createPartner, type TestPartner } from '../factories/actors';
import { createPartnerWithCohort, type PartnerCatalog } from '../factories/people';
import { newCnic, rosterCsv } from '../factories/rosters';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

describe('webhook registration in production refuses internal addresses in any spelling', () => {
  let t: TestApp;
  let partner: TestPartner;
  beforeAll(async () => {
    t = await createTestApp({
      env: { NODE_ENV: 'production', REDIS_PREFIX: `${process.env.REDIS_PREFIX}:wh-ssrf` },
      withWorkers: false,
    });
    partner = await createPartner(t);
  });
  afterAll(() => t.close());

  const register = (url: string) =>
    t
      .http()
      .post(`/api/v1/partners/${partner.code}/webhooks`)
      .set(bearer(t.adminToken))
      .send({ url, events: ['import.finished'] });

  it.each([
    'https://[::127.0.0.1]/',
    'https://[::ffff:0:127.0.0.1]/',
    'https://[2002:7f00:1::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:0:a9fe:a9fe]/latest/meta-data',
    'https://[64:ff9b::10.0.0.1]/',
    'https://[64:ff9b:1::808:808]/',
    'https://[2002:a9fe:a9fe::]/',
    'https://[2001:0:a00:1::1]/',
    'https://[2001:0:808:808::80ff:fffe]/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://[::]/',
    'https://0x7f.1/',
    'https://2130706433/',
    'https://169.254.169.254/',
    'https://100.64.0.1/',
  ])('%s → 400 on url', async (url) => {
    const res = await register(url).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'url', message: expect.stringMatching(/private|loopback|link-local/) },
    ]);
  });

  it('registers a public literal address, IPv4 or NAT64 of a public one', async () => {
    await register('https://8.8.8.8/hook').expect(201);
    await register('https://[64:ff9b::808:808]/hook').expect(201);
    const list = await t
      .http()
      .get(`/api/v1/partners/${partner.code}/webhooks`)
      .set(bearer(t.adminToken))
      .expect(200);
    // Nothing refused above was stored.
    expect(list.body.items.map((w: { url: string }) => w.url)).toEqual([
      'https://8.8.8.8/hook',
      'https://[64:ff9b::808:808]/hook',
    ]);
  });
});

describe('in production, a stored webhook whose URL is an internal literal address is never dialled', () => {
  let t: TestApp;
  let catalog: PartnerCatalog;
  let connections = 0;
  const listener: Server = createServer(() => {
    connections += 1;
  });

  beforeAll(async () => {
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        REDIS_PREFIX: `${process.env.REDIS_PREFIX}:wh-ssrf-delivery`,
        WEBHOOK_OUTBOX_POLL_MS: '100',
        WEBHOOK_RETRY_BASE_MS: '600000',
      },
      withWorkers: true,
    });
    catalog = await createPartnerWithCohort(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => listener.close(() => r()));
  });

  it.each(['[::ffff:7f00:1]', '[::ffff:0:7f00:1]', '[::127.0.0.1]'])(
    'a URL with host %s (written to the table past registration) fails at delivery, unconnected',
    async (host) => {
      const port = (listener.address() as AddressInfo).port;
      const hook = await t
        .http()
        .post(`/api/v1/partners/${catalog.partner.code}/webhooks`)
        .set(bearer(t.adminToken))
        .send({ url: 'https://8.8.8.8/hook', events: ['import.finished'] })
        .expect(201);
      // As if registered before this check existed, or written by hand.
      const ds = t.app.get(DataSource);
      await ds.query(`UPDATE webhooks SET url = $2 WHERE id = $1`, [
        hook.body.id,
        `https://${host}:${port}/hook`,
      ]);
      await t
        .http()
        .post('/api/v1/imports')
        .set('X-API-Key', catalog.partner.apiKey)
        .set('Content-Type', 'text/csv')
        .send(
          Buffer.from(
            rosterCsv([
              {
                cnic: newCnic(),
                full_name: 'Hira Batool',
                gender: 'female',
                cohort_code: catalog.cohortCode,
              },
            ]),
          ),
        )
        .expect(202);
      let items: { succeeded: boolean; statusCode: number | null; error: string | null }[] = [];
      for (let i = 0; i < 100 && items.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const res = await t
          .http()
          .get(`/api/v1/webhooks/${hook.body.id}/deliveries`)
          .set(bearer(t.adminToken))
          .expect(200);
        items = res.body.items;
      }
      expect(items[0]).toMatchObject({
        succeeded: false,
        statusCode: null,
        error: expect.stringMatching(/private|loopback/),
      });
      expect(connections).toBe(0);
      await t
        .http()
        .delete(`/api/v1/webhooks/${hook.body.id}`)
        .set(bearer(t.adminToken))
        .expect(204);
    },
  );
});
