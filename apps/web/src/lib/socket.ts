import { io, type Socket } from 'socket.io-client';
import { getAccessToken, refreshSession } from './http';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface AckError {
  ok: false;
  error: { code: string; message: string };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** An error acknowledgement, or no answer in time (`code: "TIMEOUT"`). */
export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ACK_TIMEOUT_MS = 10_000;

let socket: Socket | null = null;
let state: ConnectionState = 'disconnected';
/** True once the first connection succeeded: only then is a lost connection worth a banner. */
let everConnected = false;
const listeners = new Set<() => void>();

function setState(next: ConnectionState): void {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function connectionState(): { state: ConnectionState; everConnected: boolean } {
  return { state, everConnected };
}

// The browser knows first that the network is gone (a laptop going to sleep, a train tunnel): drop the
// connection then, rather than waiting for the heartbeat, and come back as soon as it returns.
function onOffline(): void {
  if (!socket) return;
  socket.disconnect();
  setState('disconnected');
}
function onOnline(): void {
  if (socket && !socket.connected) {
    setState('connecting');
    socket.connect();
  }
}

/** The `/chat` connection of the signed-in member (one per tab), created on first use. */
export function chatSocket(): Socket {
  if (socket) return socket;
  const created = io('/chat', {
    autoConnect: false,
    // Read at every (re)connection, so a refreshed token is used.
    auth: (cb) => cb({ token: getAccessToken() ?? '' }),
  });
  created.on('connect', () => {
    everConnected = true;
    setState('connected');
  });
  created.on('disconnect', () => setState(created.active ? 'connecting' : 'disconnected'));
  created.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    const code = error.data?.code;
    if (code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID' || code === 'TOKEN_MISSING') {
      // The middleware refused the token: the client does not retry by itself after that.
      setState('disconnected');
      void refreshSession().then((ok) => {
        if (ok && socket === created) created.connect();
      });
      return;
    }
    setState(created.active ? 'connecting' : 'disconnected');
  });
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  socket = created;
  return created;
}

export function openChat(): void {
  const current = chatSocket();
  if (!current.connected && navigator.onLine !== false) {
    setState('connecting');
    current.connect();
  }
}

export function closeChat(): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  window.removeEventListener('offline', onOffline);
  window.removeEventListener('online', onOnline);
  socket = null;
  everConnected = false;
  setState('disconnected');
}

/** Emits an event and resolves with its acknowledgement's payload; rejects with a ChatError. */
export async function emitAck<T extends object>(event: string, payload: object): Promise<T> {
  const current = chatSocket();
  let ack: Ack<T>;
  try {
    ack = (await current.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    throw new ChatError('TIMEOUT', `${event}: no answer`);
  }
  if (!ack.ok) throw new ChatError(ack.error.code, ack.error.message);
  return ack;
}
