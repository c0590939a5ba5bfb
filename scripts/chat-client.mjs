#!/usr/bin/env node
// A terminal chat client for trying the salon as a member would:
//   node scripts/chat-client.mjs kenta@shiojiri-salon.example [theme-slug] [channel-slug]
// Password: $SALON_PASSWORD or the demo password. Type to send; /reply N text, /react N 👍, /edit N text,
// /delete N (N = the seq shown in brackets), /typing, /quit. Reconnects catch up from the last seq seen.
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

const [email, themeSlug = 'lounge', channelSlug = 'general'] = process.argv.slice(2);
const base = process.env.SALON_URL ?? 'http://localhost:3000';
const password = process.env.SALON_PASSWORD ?? 'shiojiri-demo-2026';
if (!email) {
  console.error('usage: node scripts/chat-client.mjs EMAIL [theme-slug] [channel-slug]');
  process.exit(2);
}

async function api(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${data.code} ${data.message}`);
  return data;
}

const { accessToken, member } = await api('/auth/login', { method: 'POST', body: { email, password } });
await api(`/themes/${themeSlug}/follow`, { token: accessToken, method: 'POST' });
const { items: channels } = await api(`/themes/${themeSlug}/channels`, { token: accessToken });
const channel = channels.find((c) => c.slug === channelSlug) ?? channels[0];
const bySeq = new Map();
let lastSeq = 0;

const show = (m) => {
  bySeq.set(m.seq, m);
  lastSeq = Math.max(lastSeq, m.seq);
  const who = m.author?.displayName ?? 'システム';
  const thread = m.parentId ? '  ↳ ' : '';
  const extras = [
    m.replyCount ? `${m.replyCount} replies` : '',
    ...m.reactions.map((r) => `${r.emoji}${r.count}`),
    m.editedAt ? '(edited)' : '',
  ].filter(Boolean);
  console.log(`${thread}[${m.seq}] ${who}: ${m.deleted ? '(deleted)' : m.body} ${extras.join(' ')}`);
};

let joined;
const ready = new Promise((resolve) => (joined = resolve));
const socket = io(`${base}/chat`, { auth: { token: accessToken }, transports: ['websocket'] });
socket.on('connect_error', (error) => console.log(`! cannot connect: ${error.data?.code ?? error.message}`));
socket.on('connect', async () => {
  const ack = await socket.emitWithAck('channel:join', { channelId: channel.id, ...(lastSeq && { afterSeq: lastSeq }) });
  if (!ack.ok) return console.log(`! ${ack.error.code}: ${ack.error.message}`);
  console.log(`-- ${member.displayName} in #${channel.slug} of ${themeSlug}${lastSeq ? ` (caught up from ${lastSeq})` : ''}`);
  ack.messages.forEach(show);
  if (lastSeq) await socket.emitWithAck('channel:read', { channelId: channel.id, seq: lastSeq });
  joined();
});
socket.on('disconnect', (reason) => console.log(`-- disconnected (${reason}); reconnecting…`));
socket.on('message:new', show);
socket.on('message:updated', show);
socket.on('message:deleted', ({ seq }) => console.log(`-- [${seq}] was deleted`));
socket.on('reaction:updated', ({ messageId, reactions }) =>
  console.log(`-- reactions on ${messageId.slice(0, 8)}: ${reactions.map((r) => `${r.emoji}${r.count}`).join(' ') || 'none'}`),
);
socket.on('typing', ({ member: who }) => console.log(`-- ${who.displayName} is typing…`));
socket.on('presence', ({ memberIds }) => console.log(`-- online in this theme: ${memberIds.length}`));
socket.on('mention', ({ message }) => console.log(`-- you were mentioned: [${message.seq}] ${message.body}`));

const send = async (event, payload) => {
  const ack = await socket.emitWithAck(event, payload);
  if (!ack.ok) console.log(`! ${ack.error.code}: ${ack.error.message}`);
  else if (ack.message) show(ack.message);
};
const target = (seq) => bySeq.get(Number(seq))?.id ?? '(no such message here)';

await ready;
const input = createInterface({ input: process.stdin });
for await (const line of input) {
  const [command, arg, ...rest] = line.trim().split(' ');
  const text = rest.join(' ');
  if (command === '/quit') break;
  else if (command === '/typing') await send('typing', { channelId: channel.id });
  else if (command === '/reply') await send('message:send', { channelId: channel.id, body: text, clientMessageId: randomUUID(), parentId: target(arg) });
  else if (command === '/react') await send('reaction:add', { messageId: target(arg), emoji: rest[0] ?? '👍' });
  else if (command === '/edit') await send('message:edit', { messageId: target(arg), body: text });
  else if (command === '/delete') await send('message:delete', { messageId: target(arg) });
  else if (line.trim()) await send('message:send', { channelId: channel.id, body: line, clientMessageId: randomUUID() });
}
socket.close();
