// Where a webhook may be delivered (SSRF). In production only https:// URLs, and never to an
// address that is loopback, private, link-local (cloud metadata lives there), shared,
// reserved or multicast; the address is checked when the connection is made, on the address
// actually dialled, so a DNS answer that changes after registration cannot get through.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 onto IPv4 (could reach a private v4)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (private); includes AWS metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** True for an address a production webhook must never reach. Unparseable counts as blocked. */
export function isBlockedAddress(address: string): boolean {
  const mapped = MAPPED_V4.exec(address);
  if (mapped) return isBlockedAddress(mapped[1]);
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) return BLOCKED.check(address, 'ipv6');
  return true;
}

const BLOCKED_HOSTS = new Set(['localhost', 'metadata', 'metadata.google.internal']);

/**
 * Why a URL may not receive webhooks, or null. `strict` (production): https only, no blocked
 * literal address or well-known internal host name. Names are checked again at delivery.
 */
export function urlProblem(raw: string, strict: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'url must be an absolute http(s) URL';
  }
  if (url.username || url.password) return 'url must not carry credentials';
  if (!strict) return null;
  if (url.protocol !== 'https:') return 'url must use https:// in production';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (BLOCKED_HOSTS.has(host) || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return 'url must not point at an internal host';
  }
  if (isIP(host) && isBlockedAddress(host)) {
    return 'url must not point at a private, loopback or link-local address';
  }
  return null;
}

/**
 * Production registration: the host must resolve, and only to allowed addresses (checked
 * again at every delivery, since DNS can change).
 */
export async function resolvesToBlocked(raw: string): Promise<string | null> {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isBlockedAddress(host) ? 'url must not point at a private address' : null;
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.some((a) => isBlockedAddress(a.address))
      ? 'url resolves to a private, loopback or link-local address'
      : null;
  } catch {
    return 'url host does not resolve';
  }
}
