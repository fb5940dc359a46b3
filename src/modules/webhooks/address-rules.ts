// Where a webhook may be delivered (SSRF). In production only https:// URLs, and never to an
// address that is not plain public unicast: loopback, private, link-local (cloud metadata lives
// there), unique-local, shared, reserved, unspecified, multicast. Addresses are classified by
// ipaddr.js (a maintained list of special ranges), and an IPv6 address that carries an IPv4
// address (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64, 6to4, Teredo) is judged by the
// IPv4 address it leads to, so `[::ffff:0:127.0.0.1]` or `[2002:7f00:1::]` is loopback too.
// The check runs at registration and again at every delivery: inside the connection's DNS
// lookup on the address actually dialled, and on a literal address before any connection.
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The IPv4 address held in 32 bits of an IPv6 address, from the given 16-bit part on. */
function v4At(parts: number[], from: number, xor = 0): ipaddr.IPv4 {
  const hi = parts[from] ^ (xor >>> 16);
  const lo = parts[from + 1] ^ (xor & 0xffff);
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address would deliver to through a transition mechanism, or null
 * when it carries none. For a range where that address is not meaningful the answer is 'block'.
 */
function embeddedV4(ip: ipaddr.IPv6): ipaddr.IPv4[] | 'block' | null {
  const p = ip.parts;
  const zeros = (n: number) => p.slice(0, n).every((x) => x === 0);
  // IPv4-compatible ::a.b.c.d (deprecated), :: and ::1 included (they lead to 0.0.0.0/8).
  if (zeros(6)) return [v4At(p, 6)];
  switch (ip.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d (IPv4-translated)
      return [v4At(p, 6)];
    case 'rfc6052': // NAT64: 64:ff9b::/96 carries the address; 64:ff9b:1::/48 is local-use
      return p.slice(2, 6).every((x) => x === 0) ? [v4At(p, 6)] : 'block';
    case '6to4': // 2002:AABB:CCDD::/48
      return [v4At(p, 1)];
    case 'teredo': // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, client address inverted
      return [v4At(p, 2), v4At(p, 6, 0xffffffff)];
    default:
      return null;
  }
}

function isBlocked(ip: Address): boolean {
  if (ip.kind() === 'ipv4') return ip.range() !== 'unicast';
  const v6 = ip as ipaddr.IPv6;
  const carried = embeddedV4(v6);
  if (carried === 'block') return true;
  if (carried) return carried.some(isBlocked);
  return v6.range() !== 'unicast';
}

/** A literal IPv4 (dotted quad) or IPv6 address, brackets allowed; null for anything else. */
export function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (bare.includes(':') && ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return null;
}

/** True for an address a production webhook must never reach. Unparseable counts as blocked. */
export function isBlockedAddress(address: string): boolean {
  const ip = parseAddress(address);
  return ip === null || isBlocked(ip);
}

const BLOCKED_HOSTS = new Set(['localhost', 'metadata', 'metadata.google.internal']);

/** The URL's host without brackets, lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

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
  const host = hostOf(url);
  if (BLOCKED_HOSTS.has(host) || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return 'url must not point at an internal host';
  }
  // The URL parser has already turned 0x7f.1, 2130706433 and the like into a dotted quad.
  if (parseAddress(host) && isBlockedAddress(host)) {
    return 'url must not point at a private, loopback or link-local address';
  }
  return null;
}

/**
 * Production registration: the host must resolve, and only to allowed addresses (checked
 * again at every delivery, since DNS can change).
 */
export async function resolvesToBlocked(raw: string): Promise<string | null> {
  const host = hostOf(new URL(raw));
  if (parseAddress(host)) {
    return isBlockedAddress(host) ? 'url must not point at a private address' : null;
  }
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.some((a) => isBlockedAddress(a.address))
      ? 'url resolves to a private, loopback or link-local address'
      : null;
  } catch {
    return 'url host does not resolve';
  }
}
