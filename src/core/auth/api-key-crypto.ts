// Partner API keys: `sdt_<prefix>_<secret>`. Only the SHA-256 of the whole key is stored; the
// prefix is kept in clear so a partner can tell its keys apart.
import { createHash, randomBytes } from 'node:crypto';

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const secret = randomBytes(24).toString('base64url');
  const key = `sdt_${prefix}_${secret}`;
  return { key, prefix: `sdt_${prefix}`, hash: hashApiKey(key) };
}
