import { ConfigError } from './app-config';
import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('trusts no forwarded header unless told to', () => {
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy('')).toBe(0);
    expect(parseTrustProxy('false')).toBe(0);
    expect(parseTrustProxy('0')).toBe(0);
  });

  it('reads a hop count', () => {
    expect(parseTrustProxy('2')).toBe(2);
  });

  it('reads a list of addresses, CIDR ranges and Express range names', () => {
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/', '-1'])(
    'refuses %s naming the variable',
    (raw) => {
      expect(() => parseTrustProxy(raw)).toThrow(ConfigError);
      expect(() => parseTrustProxy(raw)).toThrow(/^Invalid configuration: TRUST_PROXY /);
    },
  );
});
