// Builders for the callers of the API: partners with keys, and users of each role.
import { randomBytes } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/test-app';

export function uniqueCode(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`.slice(0, 32);
}

export interface TestPartner {
  id: string;
  code: string;
  apiKey: string;
}

export async function createPartner(
  t: TestApp,
  overrides: { code?: string; name?: string; kind?: string } = {},
): Promise<TestPartner> {
  const code = overrides.code ?? uniqueCode('P');
  const res = await t
    .http()
    .post('/api/v1/partners')
    .set(bearer(t.adminToken))
    .send({ code, name: overrides.name ?? `Partner ${code}`, kind: overrides.kind ?? 'industry' });
  if (res.status !== 201)
    throw new Error(`create partner: ${res.status} ${JSON.stringify(res.body)}`);
  const key = await t.http().post(`/api/v1/partners/${code}/api-keys`).set(bearer(t.adminToken));
  if (key.status !== 201) throw new Error(`create key: ${key.status}`);
  return { id: (res.body as { id: string }).id, code, apiKey: (key.body as { key: string }).key };
}

export async function createUser(
  t: TestApp,
  role: 'admin' | 'coordinator' | 'ministry' | 'partner',
  partnerCodes?: string[],
): Promise<{ id: string; email: string; token: string }> {
  const email = `${role}-${randomBytes(4).toString('hex')}@test.sdt.pk`;
  const password = 'a-long-test-password';
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(t.adminToken))
    .send({ email, password, role, ...(partnerCodes ? { partnerCodes } : {}) });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  const login = await t.http().post('/api/v1/auth/login').send({ email, password });
  return {
    id: (res.body as { id: string }).id,
    email,
    token: (login.body as { accessToken: string }).accessToken,
  };
}

/** A partner user: signs in with a password and acts as its one partner, like its API key. */
export function createPartnerUser(t: TestApp, partnerCode: string) {
  return createUser(t, 'partner', [partnerCode]);
}
