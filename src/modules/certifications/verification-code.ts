// The public verification code of a certificate, wherever one is issued (the API and imports).
import { randomBytes } from 'node:crypto';

/** 18 random bytes → 24 URL-safe characters (144 bits: unguessable, so enumeration is moot). */
export function newVerificationCode(): string {
  return randomBytes(18).toString('base64url');
}

/** What a verification code can look like (older imports wrote 32 hex digits). */
export const VERIFICATION_CODE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
