import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type Session } from '../api/session';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}
