// The signed-in session: kept in memory and in sessionStorage (so a reload in the same tab
// stays signed in, and closing the tab signs out). Never localStorage: a token there would
// outlive the tab and be readable by every later visitor of the machine.
import type { Role } from '../lib/nav';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

export interface Session {
  token: string;
  user: SessionUser;
  /** epoch ms */
  expiresAt: number;
}

const KEY = 'sdt.session';
let current: Session | null = null;
/** Why the last session ended, so sign-in can say "your session has ended". */
let ended: 'expired' | 'signed-out' | null = null;
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  current ??= read();
  if (current && current.expiresAt <= Date.now()) current = null;
  return current;
}

export function setSession(
  session: Session | null,
  reason: 'expired' | 'signed-out' = 'signed-out',
): void {
  current = session;
  ended = session ? null : reason;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function sessionExpired(): boolean {
  return ended === 'expired';
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
