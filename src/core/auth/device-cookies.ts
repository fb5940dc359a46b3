// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
// that has signed in to an account gets a signed cookie bound to that account. A login that
// presents a valid one is counted against that device, not against the account, so guessers
// filling the account's failure count cannot lock its owner out; a login without one (or with a
// forged, expired or other account's cookie) is an untrusted client and meets the per-account
// limit as before. Each successful login issues a fresh cookie (a new nonce: a clean count).
//
// Value: `<nonce>.<expires, unix s>.<HMAC-SHA256(key, accountKey.nonce.expires)>`, base64url.
// One cookie per account (named by a prefix of the account key, itself a hash of the email),
// so a browser shared by two accounts keeps both. HttpOnly, SameSite=Strict, only sent to
// /api/v1/auth, Secure in production. It holds no email and grants nothing by itself: only the
// right password with it gets in.
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loginAccountKey } from '../http/rate-limit.guard';

export const DEVICE_COOKIE_PREFIX = 'sdt_device_';
export const DEVICE_COOKIE_PATH = '/api/v1/auth';
const LIFETIME_SECONDS = 180 * 24 * 3600;

/** The cookie's name for an account key (a hash; nothing personal in it). */
export function deviceCookieName(accountKey: string): string {
  return DEVICE_COOKIE_PREFIX + accountKey.slice(0, 16);
}

/** One cookie's value from a Cookie header, or null (no parser dependency for one cookie). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

@Injectable()
export class DeviceCookies {
  private readonly key: Buffer;
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Its own key, derived from the JWT secret, so a device cookie can never pass for a token.
    this.key = createHmac('sha256', config.jwtSecret).update('sdt-device-cookie-v1').digest();
    this.secure = config.nodeEnv === 'production';
  }

  private sign(accountKey: string, nonce: string, expires: number): string {
    return createHmac('sha256', this.key)
      .update(`${accountKey}.${nonce}.${expires}`)
      .digest('base64url');
  }

  /** A Set-Cookie value for a browser that has just signed in as `email`. */
  issue(email: string, nowMs = Date.now()): string {
    const accountKey = loginAccountKey(email);
    const nonce = randomBytes(16).toString('base64url');
    const expires = Math.floor(nowMs / 1000) + LIFETIME_SECONDS;
    const value = `${nonce}.${expires}.${this.sign(accountKey, nonce, expires)}`;
    return [
      `${deviceCookieName(accountKey)}=${value}`,
      `Max-Age=${LIFETIME_SECONDS}`,
      `Path=${DEVICE_COOKIE_PATH}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(this.secure ? ['Secure'] : []),
    ].join('; ');
  }

  /**
   * The device id (its nonce) when the request carries a valid, unexpired device cookie for the
   * account this login names; null otherwise (an untrusted client).
   */
  trustedDevice(req: Request, email: unknown, nowMs = Date.now()): string | null {
    const accountKey = loginAccountKey(email);
    const value = readCookie(req.headers.cookie, deviceCookieName(accountKey));
    if (!value || value.length > 200) return null;
    const [nonce, expiresText, signature, extra] = value.split('.');
    if (!nonce || !expiresText || !signature || extra !== undefined) return null;
    const expires = Number(expiresText);
    if (!Number.isSafeInteger(expires) || expires * 1000 <= nowMs) return null;
    const expected = Buffer.from(this.sign(accountKey, nonce, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }
}
