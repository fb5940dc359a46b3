// Webhook secrets: generated here, shown once, stored encrypted (AES-256-GCM with the key from
// WEBHOOK_SECRET_KEY) because the worker needs the secret itself to sign each delivery; a hash
// would not do. Deliveries are signed as the Standard Webhooks specification says, so receivers
// can verify with its libraries: `webhook-signature: v1,<base64 HMAC-SHA256 of
// "{webhook-id}.{webhook-timestamp}.{raw body}">`, keyed with the bytes of the secret
// `whsec_<base64>`. Secrets issued before this were written in base64url (`-`, `_`): the key is
// the same bytes either way, so they keep working; a receiver whose library insists on the
// standard alphabet replaces, after the `whsec_` prefix, `-` with `+` and `_` with `/` (README).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a `whsec_` secret: its base64 (or, for older secrets, base64url) bytes. */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Node's base64 decoder reads both alphabets.
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new Error('empty webhook secret');
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptSecret(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined)
    throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(data, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** The Standard Webhooks headers of one attempt: id, timestamp (Unix seconds) and signature. */
export function standardWebhookHeaders(
  id: string,
  timestampSeconds: number,
  body: Buffer,
  secret: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const signature = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}
