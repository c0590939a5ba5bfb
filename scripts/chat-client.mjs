#!/usr/bin/env node
// A terminal chat client for trying the salon as a member would:
//   node scripts/chat-client.mjs kenta@shiojiri-salon.example [theme-slug] [channel-slug]
// Password: $SALON_PASSWORD or the demo password. Type to send; /help lists the commands. Reconnects
// catch up from the last seq seen, refreshing the access token when it has expired.
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const HELP = `commands (N = the number in brackets before a message):
  text             send a message (start it with // to send a line that begins with /)
  /reply N text    reply in N's thread
  /react N 👍      react to N
  /edit N text     edit your message N
  /delete N        delete your message N
  /typing          tell the others you are typing
  /help            this list
  /quit            leave (Ctrl-D too)`;

const [email, themeSlug = 'lounge', channelSlug = 'general'] = process.argv.slice(2);
const base = process.env.SALON_URL ?? 'http://localhost:3000';
const password = process.env.SALON_PASSWORD ?? 'shiojiri-demo-2026';
if (!email) {
  console.error('usage: node scripts/chat-client.mjs EMAIL [theme-slug] [channel-slug]');
  process.exit(2);
}

class ApiError extends Error {}

async function api(path, { token, method = 'GET', body } = {}) {
  let response;
  try {
    response = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: body && JSON.stringify(body),
    });
  } catch {
    throw new ApiError(`cannot reach ${base} (is \`npm run demo\` running?)`);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(`${data.code ?? response.status}: ${data.message ?? response.statusText}`);
  return data;
}

/** Sign-in, following the theme and finding the channel; any refusal ends the program with one line. */
async function start() {
  const session = await api('/auth/login', { method: 'POST', body: { email, password } });
  await api(`/themes/${themeSlug}/follow`, { token: session.accessToken, method: 'POST' });
  const { items: channels } = await api(`/themes/${themeSlug}/channels`, { token: session.accessToken });
  return { session, channel: channels.find((c) => c.slug === channelSlug) ?? channels[0] };
}

let session;
let channel;
try {
  ({ session, channel } = await start());
} catch (error) {
  console.error(`! ${error instanceof ApiError ? error.message : String(error)}`);
  process.exit(1);
}

const bySeq = new Map();
const seqById = new Map();
let lastSeq = 0;

const show = (m) => {
  bySeq.set(m.seq, m);
  seqById.set(m.id, m.seq);
  lastSeq = Math.max(lastSeq, m.seq);
  const who = m.author?.displayName ?? 'システム';
  const thread = m.parentId ? '  ↳ ' : '';
  const extras = [
    m.replyCount ? `${m.replyCount} replies` : '',
    // message:new leaves out what a new message cannot have yet (reactions, replies, an edit).
    ...(m.reactions ?? []).map((r) => `${r.emoji}${r.count}`),
    m.editedAt ? '(edited)' : '',
  ].filter(Boolean);
  console.log(`${thread}[${m.seq}] ${who}: ${m.deleted ? '(deleted)' : m.body} ${extras.join(' ')}`);
};
const label = (messageId) => (seqById.has(messageId) ? `[${seqById.get(messageId)}]` : 'an older message');

let joined;
const ready = new Promise((resolve) => (joined = resolve));
const socket = io(`${base}/chat`, { auth: { token: session.accessToken }, transports: ['websocket'] });
socket.on('connect_error', async (error) => {
  // Access tokens live 15 minutes: a reconnection after that takes a fresh one.
  if (error.data?.code === 'TOKEN_EXPIRED') {
    try {
      session = await api('/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken } });
      socket.auth = { token: session.accessToken };
      socket.connect();
      return;
    } catch (refreshError) {
      console.log(`! cannot refresh the session: ${refreshError.message}`);
    }
  }
  console.log(`! cannot connect: ${error.data?.code ?? error.message}`);
});
socket.on('connect', async () => {
  const ack = await socket.emitWithAck('channel:join', { channelId: channel.id, ...(lastSeq && { afterSeq: lastSeq }) });
  if (!ack.ok) return console.log(`! ${ack.error.code}: ${ack.error.message}`);
  console.log(`-- ${session.member.displayName} in #${channel.slug} of ${themeSlug}${lastSeq ? ` (caught up from ${lastSeq})` : ''} — /help for commands`);
  ack.messages.forEach(show);
  if (lastSeq) await socket.emitWithAck('channel:read', { channelId: channel.id, seq: lastSeq });
  joined();
});
socket.on('disconnect', (reason) => {
  if (reason !== 'io client disconnect') console.log(`-- disconnected (${reason}); reconnecting…`);
});
socket.on('message:new', show);
socket.on('message:updated', show);
socket.on('message:deleted', ({ seq }) => console.log(`-- [${seq}] was deleted`));
socket.on('reaction:updated', ({ messageId, reactions }) =>
  console.log(`-- reactions on ${label(messageId)}: ${reactions.map((r) => `${r.emoji}${r.count}`).join(' ') || 'none'}`),
);
socket.on('typing', ({ member: who }) => console.log(`-- ${who.displayName} is typing…`));
socket.on('presence', ({ memberIds }) => console.log(`-- online in this theme: ${memberIds.length}`));
socket.on('mention', ({ message }) => console.log(`-- you were mentioned: [${message.seq}] ${message.body}`));

const send = async (event, payload) => {
  const ack = await socket.emitWithAck(event, payload);
  if (!ack.ok) console.log(`! ${ack.error.code}: ${ack.error.message}`);
  else if (ack.message) show(ack.message);
};
/** The id of the message numbered `seq`, or null (said to the user) when this client has not seen it. */
const target = (seq) => {
  const id = bySeq.get(Number(seq))?.id ?? null;
  if (!id) console.log(`! no message [${seq}] here: use the number in brackets before a message`);
  return id;
};

await ready;
const input = createInterface({ input: process.stdin });
for await (const line of input) {
  const trimmed = line.trim();
  const [command, arg, ...rest] = trimmed.split(' ');
  const text = rest.join(' ');
  if (command === '/quit') break;
  else if (command === '/help') console.log(HELP);
  else if (command === '/typing') await send('typing', { channelId: channel.id });
  else if (command === '/reply') {
    const parentId = target(arg);
    if (parentId) await send('message:send', { channelId: channel.id, body: text, clientMessageId: randomUUID(), parentId });
  } else if (command === '/react') {
    const messageId = target(arg);
    if (messageId) await send('reaction:add', { messageId, emoji: rest[0] ?? '👍' });
  } else if (command === '/edit') {
    const messageId = target(arg);
    if (messageId) await send('message:edit', { messageId, body: text });
  } else if (command === '/delete') {
    const messageId = target(arg);
    if (messageId) await send('message:delete', { messageId });
  } else if (trimmed.startsWith('//')) await send('message:send', { channelId: channel.id, body: line.replace(/^\s*\//, ''), clientMessageId: randomUUID() });
  else if (trimmed.startsWith('/')) console.log(`! unknown command ${command}: /help lists them`);
  else if (trimmed) await send('message:send', { channelId: channel.id, body: line, clientMessageId: randomUUID() });
}
input.close();
socket.close();
process.exit(0);
