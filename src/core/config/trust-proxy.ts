// TRUST_PROXY: which forwarded headers (X-Forwarded-For, -Proto) to believe. Trusting them by
// default let any client pick its own address and walk past the per-IP rate limits, so the
// default is none: only a deployment that puts its own proxy in front says how to recognise it.
import { isIP } from 'node:net';
import { ConfigError } from './env-readers';

/** Names Express (proxy-addr) understands as ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32);
}

/**
 * Express's `trust proxy` value: unset, `false` or `0` = trust no forwarded header; a whole
 * number = that many proxy hops in front of the api; otherwise a comma list of proxy addresses,
 * CIDR ranges or `loopback`/`linklocal`/`uniquelocal`.
 */
export function parseTrustProxy(raw: string | undefined): number | string[] {
  const value = raw?.trim();
  if (!value || value.toLowerCase() === 'false') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  if (!entries.every(isAddressOrCidr)) {
    throw new ConfigError(
      'TRUST_PROXY',
      'must be a hop count, or a comma list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8)',
    );
  }
  return entries;
}
