// Signatures as the Standard Webhooks specification says, checked with its reference library.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  decryptSecret,
  encryptSecret,
  generateWebhookSecret,
  signingKey,
  standardWebhookHeaders,
} from './webhook-crypto';

describe('webhook signatures (Standard Webhooks)', () => {
  const body = Buffer.from(JSON.stringify({ event: 'import.finished', import: { id: 'x' } }));
  const now = () => Math.floor(Date.now() / 1000);

  it('a new secret is whsec_ and standard base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(signingKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('signs id, timestamp and body so that the reference library verifies it', () => {
    const secret = generateWebhookSecret();
    const headers = standardWebhookHeaders('evt-1', now(), body, secret);
    expect(headers['webhook-id']).toBe('evt-1');
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    expect(new Webhook(secret).verify(body.toString(), headers)).toEqual(
      JSON.parse(body.toString()),
    );
  });

  it('a secret issued before (base64url) keeps its key: the same bytes in the standard alphabet verify', () => {
    const bytes = randomBytes(32);
    // Make sure the old spelling has characters the standard alphabet lacks.
    bytes[0] = 0xfb;
    bytes[1] = 0xff;
    const old = `whsec_${bytes.toString('base64url')}`;
    expect(old).toMatch(/[-_]/);
    expect(signingKey(old).equals(bytes)).toBe(true);
    const headers = standardWebhookHeaders('evt-2', now(), body, old);
    // After the whsec_ prefix: - becomes +, _ becomes /.
    const converted = `whsec_${old.slice(6).replace(/-/g, '+').replace(/_/g, '/')}`;
    expect(() => new Webhook(converted).verify(body.toString(), headers)).not.toThrow();
  });

  it('refuses an old timestamp, as receivers do (5 minutes)', () => {
    const secret = generateWebhookSecret();
    const headers = standardWebhookHeaders('evt-3', now() - 6 * 60, body, secret);
    expect(() => new Webhook(secret).verify(body.toString(), headers)).toThrow(/too old/);
  });

  it('stores secrets encrypted and reads them back', () => {
    const key = randomBytes(32);
    const secret = generateWebhookSecret();
    const stored = encryptSecret(secret, key);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(decryptSecret(stored, key)).toBe(secret);
  });
});
