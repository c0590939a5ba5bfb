import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type Session } from '@/lib/http';
import { connectionState, subscribeConnection } from '@/lib/socket';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession);
}

/** The signed-in member (only under routes that require a session). */
export function useMember(): Session['member'] {
  const session = useSession();
  if (!session) throw new Error('useMember outside a signed-in route');
  return session.member;
}

let snapshot = connectionState();
function connectionSnapshot() {
  const next = connectionState();
  if (next.state !== snapshot.state || next.everConnected !== snapshot.everConnected) snapshot = next;
  return snapshot;
}

export function useConnection() {
  return useSyncExternalStore(subscribeConnection, connectionSnapshot);
}
