// API key labels: POST /partners/{code}/api-keys {label?} stores it, the answer and the list
// return it; a key created without one has label null (scripts that post no body keep working).
import { createPartner } from '../factories/actors';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface KeyItem {
  id: string;
  prefix: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('API key labels', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
  });
  afterAll(() => t.close());

  const create = (code: string, body?: unknown) => {
    const req = t.http().post(`/api/v1/partners/${code}/api-keys`).set(bearer(t.adminToken));
    return body === undefined ? req : req.send(body as object);
  };

  it('stores a label, returns it at creation and in the list', async () => {
    const partner = await createPartner(t);
    const res = await create(partner.code, { label: '  nightly roster sync ' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      key: expect.any(String),
      prefix: expect.any(String),
      label: 'nightly roster sync',
      createdAt: expect.any(String),
    });
    const bare = await create(partner.code).expect(201);
    expect((bare.body as { label: unknown }).label).toBeNull();
    // The key works, and its use shows in the list beside its label.
    await t
      .http()
      .get('/api/v1/imports')
      .set('X-API-Key', (res.body as { key: string }).key)
      .expect(200);
    await t
      .http()
      .delete(`/api/v1/api-keys/${(bare.body as { id: string }).id}`)
      .set(bearer(t.adminToken))
      .expect(204);

    const list = await t
      .http()
      .get(`/api/v1/partners/${partner.code}/api-keys`)
      .set(bearer(t.adminToken))
      .expect(200);
    const items = (list.body as { items: KeyItem[] }).items;
    const labelled = items.find((k) => k.id === (res.body as { id: string }).id);
    const revoked = items.find((k) => k.id === (bare.body as { id: string }).id);
    expect(labelled).toEqual(
      expect.objectContaining({ label: 'nightly roster sync', revokedAt: null }),
    );
    expect(labelled?.lastUsedAt).not.toBeNull();
    expect(revoked).toEqual(expect.objectContaining({ label: null }));
    expect(revoked?.revokedAt).not.toBeNull();
    for (const item of items) expect(item).not.toHaveProperty('key');
  });

  it.each([
    ['over 100 characters', { label: 'x'.repeat(101) }],
    ['a control character', { label: 'sync\u0007' }],
    ['a number', { label: 42 }],
    ['an unknown field', { name: 'sync' }],
  ])('refuses a label with %s (400)', async (_label, body) => {
    const partner = await createPartner(t);
    const res = await create(partner.code, body).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
