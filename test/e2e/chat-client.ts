/**
 * Small typed helpers for the chat e2e specs: Socket.IO clients of the `/chat` namespace (with acks that
 * time out and event waits that reject), and the few HTTP steps every chat scenario needs (themes,
 * follows, history). The shapes are in api-types.ts.
 */
import { randomUUID } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { fromNewMessageEvent, type NewMessageEvent } from '@app/chat';
import type {
  Ack,
  Channel,
  ChatMessage,
  Items,
  JoinAck,
  MessageAck,
  MessagePage,
  MyTheme,
  ServerEvent,
  ServerEvents,
  Theme,
  ThemeInput,
  Unread,
} from './api-types';
import { marker, type ApiClient } from './http';

// ---------------------------------------------------------------------------------------------------
// Socket.IO: the /chat namespace
// ---------------------------------------------------------------------------------------------------

/** How long an ack may take before the emit fails (instead of hanging the test). */
export const ACK_TIMEOUT_MS = 5_000;
/** How long a positive wait for a pushed event lasts. */
export const EVENT_TIMEOUT_MS = 5_000;
/** How long a negative check listens: long enough for a local broadcast, short enough to keep tests quick. */
export const QUIET_MS = 400;

export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

const openSockets = new Set<Socket>();

/**
 * A `/chat` client that is not connected yet (websocket only, no automatic reconnection, its own
 * connection). Every socket made here is closed by `closeAllSockets()`.
 */
export function chatSocket(url: string, token: string | undefined, options: ClientOptions = {}): Socket {
  const socket = io(`${url}/chat`, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
    autoConnect: false,
    ...options,
  });
  openSockets.add(socket);
  return socket;
}

/** Connects (or reconnects) a socket; rejects with the server's refusal. */
export function connected(socket: Socket, timeoutMs = EVENT_TIMEOUT_MS): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`not connected after ${timeoutMs} ms`)), timeoutMs);
    const onConnect = () => finish();
    const onError = (error: Error) => finish(error);
    function finish(error?: Error) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (error) reject(error);
      else resolve(socket);
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
    socket.connect();
  });
}

/** A connected `/chat` client for a member's access token. */
export function connectChat(url: string, token: string, options: ClientOptions = {}): Promise<Socket> {
  return connected(chatSocket(url, token, options));
}

export interface ConnectRefusal {
  message: string;
  /** `err.data.code` when the namespace middleware refused (TOKEN_MISSING, ...). */
  code: string | undefined;
}

/** Tries to connect and resolves with the refusal; rejects if the connection is accepted. */
export function connectRefusal(
  url: string,
  token: string | undefined,
  options: ClientOptions = {},
): Promise<ConnectRefusal> {
  const socket = chatSocket(url, token, options);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither connected nor refused')), EVENT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error('the connection was accepted'));
    });
    socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      clearTimeout(timer);
      socket.disconnect();
      const code = error.data?.code;
      resolve({ message: error.message, code: typeof code === 'string' ? code : undefined });
    });
    socket.connect();
  });
}

/** Resolves with the reason once the socket is disconnected. */
export function disconnection(socket: Socket, timeoutMs = EVENT_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Closes every socket this spec file opened. */
export function closeAllSockets(): void {
  for (const socket of openSockets) {
    socket.removeAllListeners();
    socket.disconnect();
  }
  openSockets.clear();
}

/** Emits an event and waits for its ack (failing after ACK_TIMEOUT_MS). */
export async function emitAck<T extends object = object>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<Ack<T>> {
  const reply: unknown = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args);
  return reply as Ack<T>;
}

/** The error code of an ack, or 'OK': `expect(ackCode(ack)).toBe('NOT_AUTHOR')` reads well when it fails. */
export function ackCode(ack: Ack): string {
  return ack.ok ? 'OK' : ack.error.code;
}

/** Asserts a refused ack with this code and a message for people. */
export function expectAckError(ack: Ack, code: string): void {
  expect(ackCode(ack)).toBe(code);
  if (!ack.ok) expect(typeof ack.error.message).toBe('string');
}

/** The successful ack, or an error naming the code the server answered. */
export function okAck<T extends object>(ack: Ack<T>): { ok: true } & T {
  if (!ack.ok) throw new Error(`expected an ok ack, got ${ack.error.code}: ${ack.error.message}`);
  return ack;
}

export function joinChannel(socket: Socket, channelId: string, afterSeq?: number): Promise<JoinAck> {
  return emitAck(socket, 'channel:join', afterSeq === undefined ? { channelId } : { channelId, afterSeq });
}

export async function joinOk(socket: Socket, channelId: string, afterSeq?: number) {
  return okAck(await joinChannel(socket, channelId, afterSeq));
}

export interface SendExtras {
  clientMessageId?: string;
  parentId?: string;
  mentions?: string[];
}

export function send(
  socket: Socket,
  channelId: string,
  body: string,
  extras: SendExtras = {},
): Promise<MessageAck> {
  return emitAck(socket, 'message:send', {
    channelId,
    body,
    clientMessageId: extras.clientMessageId ?? randomUUID(),
    ...(extras.parentId !== undefined && { parentId: extras.parentId }),
    ...(extras.mentions !== undefined && { mentions: extras.mentions }),
  });
}

/** Sends and returns the stored message (failing on an error ack). */
export async function sendOk(
  socket: Socket,
  channelId: string,
  body: string,
  extras: SendExtras = {},
): Promise<ChatMessage> {
  return okAck(await send(socket, channelId, body, extras)).message;
}

/** Listens to a pushed event (its first argument); returns the function that stops listening. */
/** A message as another connection receives it in `message:new`: without its sender's clientMessageId. */
export function asReceived<T extends ChatMessage>(message: T): T {
  return { ...message, clientMessageId: null };
}

/**
 * Listens as a client would: a `message:new` is rebuilt into the whole message (the wire leaves out what
 * a new message cannot have yet; see NewMessageEvent), so specs compare it with history and acks.
 */
function listen(socket: Socket, name: string, handler: (payload: unknown) => void): () => void {
  const listener = (...args: unknown[]) =>
    handler(name === 'message:new' ? fromNewMessageEvent(args[0] as NewMessageEvent) : args[0]);
  socket.on(name, listener);
  return () => void socket.off(name, listener);
}

/**
 * The next `name` event (matching `match`, if given); rejects after `timeoutMs`.
 * Start waiting before the action that causes the event.
 */
export function nextEvent<E extends ServerEvent>(
  socket: Socket,
  name: E,
  timeoutMs = EVENT_TIMEOUT_MS,
  match: (payload: ServerEvents[E]) => boolean = () => true,
): Promise<ServerEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = listen(socket, name, (payload) => {
      const event = payload as ServerEvents[E];
      if (!match(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

/**
 * Resolves if no `name` event (matching `match`) arrives within `ms`; rejects with the payload otherwise.
 * Start it before the action that must not cause the event.
 */
export function noEvent<E extends ServerEvent>(
  socket: Socket,
  name: E,
  ms = QUIET_MS,
  match: (payload: ServerEvents[E]) => boolean = () => true,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = listen(socket, name, (payload) => {
      if (!match(payload as ServerEvents[E])) return;
      clearTimeout(timer);
      stop();
      reject(new Error(`unexpected ${name} event: ${JSON.stringify(payload)}`));
    });
  });
}

/** Records every `name` event from now on; `stop()` detaches and returns them. */
export function recordEvents<E extends ServerEvent>(
  socket: Socket,
  name: E,
): { events: ServerEvents[E][]; stop: () => ServerEvents[E][] } {
  const events: ServerEvents[E][] = [];
  const detach = listen(socket, name, (payload) => void events.push(payload as ServerEvents[E]));
  return {
    events,
    stop: () => {
      detach();
      return events;
    },
  };
}

/** Waits until `condition` holds (polling), failing after `timeoutMs`. */
export async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------------
// HTTP steps
// ---------------------------------------------------------------------------------------------------

/** A theme slug no other test uses. */
export function uniqueSlug(tag: string): string {
  return marker(`${tag}-`);
}

function expectStatus(what: string, status: number, expected: number, text: string): void {
  if (status !== expected) throw new Error(`${what} answered ${status} (expected ${expected}): ${text}`);
}

export async function createTheme(client: ApiClient, token: string, input: ThemeInput): Promise<Theme> {
  const reply = await client.post<Theme>('/api/themes', input, { token });
  expectStatus(`POST /api/themes ${input.slug}`, reply.status, 201, reply.text);
  return reply.body;
}

export async function channelsOf(client: ApiClient, token: string, slug: string): Promise<Channel[]> {
  const reply = await client.get<Items<Channel>>(`/api/themes/${slug}/channels`, { token });
  expectStatus(`GET channels of ${slug}`, reply.status, 200, reply.text);
  return reply.body.items;
}

/** The theme's `general` channel. */
export async function generalChannel(client: ApiClient, token: string, slug: string): Promise<Channel> {
  const general = (await channelsOf(client, token, slug)).find((channel) => channel.slug === 'general');
  if (!general) throw new Error(`${slug} has no general channel`);
  return general;
}

export async function follow(client: ApiClient, token: string, slug: string): Promise<Theme> {
  const reply = await client.post<Theme>(`/api/themes/${slug}/follow`, undefined, { token });
  expectStatus(`follow ${slug}`, reply.status, 200, reply.text);
  return reply.body;
}

export async function unfollow(client: ApiClient, token: string, slug: string): Promise<Theme> {
  const reply = await client.call<Theme>('DELETE', `/api/themes/${slug}/follow`, { token });
  expectStatus(`unfollow ${slug}`, reply.status, 200, reply.text);
  return reply.body;
}

export async function addToTheme(
  client: ApiClient,
  token: string,
  slug: string,
  memberId: string,
): Promise<void> {
  const reply = await client.post(`/api/themes/${slug}/members`, { memberId }, { token });
  expectStatus(`add ${memberId} to ${slug}`, reply.status, 204, reply.text);
}

export interface HistoryQuery {
  beforeSeq?: number;
  afterSeq?: number;
  limit?: number;
}

export async function history(
  client: ApiClient,
  token: string,
  channelId: string,
  query: HistoryQuery = {},
): Promise<MessagePage> {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]): [string, string] => [key, String(value)]),
  );
  const reply = await client.get<MessagePage>(`/api/channels/${channelId}/messages?${params.toString()}`, {
    token,
  });
  expectStatus(`history of ${channelId}`, reply.status, 200, reply.text);
  return reply.body;
}

export async function myThemes(client: ApiClient, token: string): Promise<MyTheme[]> {
  const reply = await client.get<Items<MyTheme>>('/api/me/themes', { token });
  expectStatus('GET /api/me/themes', reply.status, 200, reply.text);
  return reply.body.items;
}

/** A channel's unread counts as /api/me/themes reports them (undefined when the theme is not listed). */
export async function unreadOf(
  client: ApiClient,
  token: string,
  channelId: string,
): Promise<Unread | undefined> {
  const themes = await myThemes(client, token);
  return themes.flatMap((entry) => entry.channels).find((channel) => channel.id === channelId)?.unread;
}
