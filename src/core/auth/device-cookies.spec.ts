import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { DeviceCookies, readCookie } from './device-cookies';

function cookies(nodeEnv = 'test', jwtSecret = 'a-secret-long-enough-for-tests'): DeviceCookies {
  // Only these two settings are read.
  return new DeviceCookies({ jwtSecret, nodeEnv } as AppConfig);
}

/** A request carrying the cookie pair of a Set-Cookie value (and an unrelated cookie). */
function requestWith(setCookie: string | null): Request {
  const pair = setCookie?.split(';')[0];
  return { headers: { cookie: ['theme=dark', pair].filter(Boolean).join('; ') } } as Request;
}

describe('device cookies', () => {
  const email = 'owner@test.sdt.pk';

  it('is HttpOnly, SameSite=Strict, only for the auth routes, Secure only in production', () => {
    const dev = cookies().issue(email);
    expect(dev).toMatch(/^sdt_device_[\w-]{16}=[\w-]+\.\d+\.[\w-]+; /);
    expect(dev).toContain('; HttpOnly');
    expect(dev).toContain('; SameSite=Strict');
    expect(dev).toContain('; Path=/api/v1/auth');
    expect(dev).toMatch(/; Max-Age=\d+/);
    expect(dev).not.toContain('Secure');
    expect(cookies('production').issue(email)).toMatch(/; Secure$/);
    expect(dev).not.toContain(email);
  });

  it('trusts the cookie it issued for that account, however the email is written', () => {
    const dc = cookies();
    const req = requestWith(dc.issue(email));
    const device = dc.trustedDevice(req, email);
    expect(device).toMatch(/^[\w-]{22}$/);
    expect(dc.trustedDevice(req, ` ${email.toUpperCase()} `)).toBe(device);
  });

  it('gives each sign-in a new device id', () => {
    const dc = cookies();
    const a = dc.trustedDevice(requestWith(dc.issue(email)), email);
    const b = dc.trustedDevice(requestWith(dc.issue(email)), email);
    expect(a).not.toBeNull();
    expect(a).not.toBe(b);
  });

  it('does not trust another account’s cookie, even renamed to this account’s name', () => {
    const dc = cookies();
    const other = dc.issue('other@test.sdt.pk');
    expect(dc.trustedDevice(requestWith(other), email)).toBeNull();
    const mine = dc.issue(email);
    const renamed = mine.split('=')[0] + '=' + other.split(';')[0].split('=')[1];
    expect(dc.trustedDevice(requestWith(renamed), email)).toBeNull();
  });

  it('does not trust a tampered, expired, foreign-key or malformed cookie', () => {
    const dc = cookies();
    const issued = dc.issue(email);
    const [name, value] = issued.split(';')[0].split('=');
    const [nonce, expires, sig] = value.split('.');
    const variants = [
      `${nonce}.${Number(expires) + 1}.${sig}`,
      `${nonce}x.${expires}.${sig}`,
      `${nonce}.${expires}.${sig.slice(0, -2)}AA`,
      `${nonce}.${expires}`,
      `${nonce}.${expires}.${sig}.extra`,
      '',
      'x'.repeat(300),
    ];
    for (const v of variants)
      expect(dc.trustedDevice(requestWith(`${name}=${v}`), email)).toBeNull();
    // Signed with another JWT secret.
    expect(
      cookies('test', 'another-secret-entirely').trustedDevice(requestWith(issued), email),
    ).toBeNull();
    // Past its lifetime.
    const old = dc.issue(email, Date.now() - 181 * 24 * 3600 * 1000);
    expect(dc.trustedDevice(requestWith(old), email)).toBeNull();
    expect(dc.trustedDevice(requestWith(null), email)).toBeNull();
  });

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; b=2;c=3', 'b')).toBe('2');
    expect(readCookie('ab=1', 'a')).toBeNull();
    expect(readCookie(undefined, 'a')).toBeNull();
  });
});
