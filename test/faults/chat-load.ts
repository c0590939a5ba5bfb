/**
 * Members chatting while something breaks: one send loop per socket that records what became of every
 * `message:send` (ack ok, error ack, no ack within the timeout, socket gone), and the comparison of the
 * acks with what the database holds.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Channel, ChatMessage } from '../e2e/api-types';
import type { SignedUp } from '../e2e/fixture';
import type { ApiClient } from '../e2e/http';
import { ACK_TIMEOUT_MS, createTheme, follow, generalChannel, send, uniqueSlug } from '../e2e/chat-client';
import type { FaultEnvironment } from './fault-environment';

/** A new theme that every member follows; its `general` channel holds only what the scenario sends. */
export async function followedChannel(
  http: ApiClient,
  coordinator: SignedUp,
  members: SignedUp[],
  title: string,
): Promise<Channel> {
  const slug = uniqueSlug('faults');
  await createTheme(http, coordinator.accessToken, { slug, title });
  for (const member of members) await follow(http, member.accessToken, slug);
  return generalChannel(http, coordinator.accessToken, slug);
}

export type SendOutcome = 'ok' | 'error' | 'no-ack' | 'disconnected';

export interface SendRecord {
  socket: Socket;
  clientMessageId: string;
  body: string;
  startedAt: number;
  endedAt: number;
  outcome: SendOutcome;
  /** The error ack's code (outcome 'error'). */
  code?: string;
  /** The stored message the ack carried (outcome 'ok'). */
  message?: ChatMessage;
}

/** Sends once and records the outcome; never throws. */
export async function recordedSend(
  socket: Socket,
  channelId: string,
  body: string,
  clientMessageId: string = randomUUID(),
): Promise<SendRecord> {
  const startedAt = Date.now();
  const base = { socket, clientMessageId, body, startedAt };
  try {
    const ack = await send(socket, channelId, body, { clientMessageId });
    const endedAt = Date.now();
    return ack.ok
      ? { ...base, endedAt, outcome: 'ok', message: ack.message }
      : { ...base, endedAt, outcome: 'error', code: ack.error.code };
  } catch (error) {
    // socket.io-client: a timed-out ack, or one cleared because the connection closed.
    const text = error instanceof Error ? error.message : String(error);
    return { ...base, endedAt: Date.now(), outcome: /disconnected/.test(text) ? 'disconnected' : 'no-ack' };
  }
}

export interface ChatLoad {
  readonly records: SendRecord[];
  /** Stops the loops after their current send and waits for them. */
  stop(): Promise<void>;
}

/**
 * One loop per socket: send, wait for the ack (or ACK_TIMEOUT_MS), pause `pauseMs`, again, until stopped
 * or the socket is disconnected (a disconnected socket.io client would only buffer the emits).
 */
export function startChatLoad(sockets: Socket[], channelId: string, pauseMs: number, tag: string): ChatLoad {
  const records: SendRecord[] = [];
  let stopped = false;
  let counter = 0;
  const loops = sockets.map(async (socket) => {
    while (!stopped && socket.connected) {
      counter += 1;
      records.push(await recordedSend(socket, channelId, `${tag} ${counter}: 障害試験の発言`));
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    records,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export function countOutcomes(records: SendRecord[]): Record<SendOutcome, number> {
  const counts: Record<SendOutcome, number> = { ok: 0, error: 0, 'no-ack': 0, disconnected: 0 };
  for (const record of records) counts[record.outcome] += 1;
  return counts;
}

/** Error ack codes and how often each came, e.g. `INTERNAL_ERROR×12`. */
export function errorCodes(records: SendRecord[]): string {
  const codes = new Map<string, number>();
  for (const record of records) if (record.code) codes.set(record.code, (codes.get(record.code) ?? 0) + 1);
  return [...codes].map(([code, count]) => `${code}×${count}`).join(', ') || 'none';
}

export interface StoredCheck {
  /** Sends acked ok (distinct client message ids). */
  acked: number;
  /** Rows of the channel in the database. */
  stored: number;
  /** Acked ok, but no row with that id (or the row differs from the ack). */
  lost: string[];
  /** More than one row for a client message id, or two acks of one id naming different messages. */
  duplicated: string[];
  /** Rows whose client message id never got an ok ack (a send answered with an error, or never answered). */
  storedWithoutOkAck: number;
}

/** Compares every ok ack with the channel's rows in the database. */
export async function checkStored(
  env: FaultEnvironment,
  channelId: string,
  records: SendRecord[],
): Promise<StoredCheck> {
  const rows = await env.query<{ id: string; seq: string; client_message_id: string | null }>(
    `SELECT id, seq, client_message_id FROM messages WHERE channel_id = $1 AND kind = 'user'`,
    [channelId],
  );
  const rowsById = new Map<string, { id: string; seq: string }[]>();
  for (const row of rows) {
    const key = row.client_message_id ?? `(none) ${row.id}`;
    rowsById.set(key, [...(rowsById.get(key) ?? []), row]);
  }
  const acks = new Map<string, ChatMessage>();
  const duplicated = new Set<string>();
  const lost: string[] = [];
  for (const record of records) {
    if (record.outcome !== 'ok' || !record.message) continue;
    const earlier = acks.get(record.clientMessageId);
    if (earlier && earlier.id !== record.message.id) duplicated.add(record.clientMessageId);
    acks.set(record.clientMessageId, record.message);
  }
  for (const [clientMessageId, message] of acks) {
    const stored = rowsById.get(clientMessageId) ?? [];
    if (!stored.some((row) => row.id === message.id && Number(row.seq) === message.seq))
      lost.push(clientMessageId);
  }
  for (const [clientMessageId, stored] of rowsById) if (stored.length > 1) duplicated.add(clientMessageId);
  const seqs = new Set(rows.map((row) => row.seq));
  if (seqs.size !== rows.length) duplicated.add('(a seq used twice)');
  return {
    acked: acks.size,
    stored: rows.length,
    lost,
    duplicated: [...duplicated],
    storedWithoutOkAck: [...rowsById.keys()].filter((id) => !acks.has(id)).length,
  };
}

/**
 * What a client does after an outage: sends every message that got no ok ack again, with the same client
 * message id (the server must answer with the stored one if it had stored it, or store it now).
 */
export async function resendUnacked(channelId: string, records: SendRecord[]): Promise<SendRecord[]> {
  const acked = new Set(records.filter((r) => r.outcome === 'ok').map((r) => r.clientMessageId));
  const pending = records.filter((r) => r.outcome !== 'ok' && !acked.has(r.clientMessageId));
  const retries: SendRecord[] = [];
  for (const record of pending) {
    retries.push(await recordedSend(record.socket, channelId, record.body, record.clientMessageId));
  }
  return retries;
}

/** The longest time any send waited for its answer. */
export function slowestAnswerMs(records: SendRecord[]): number {
  return records.reduce((slowest, record) => Math.max(slowest, record.endedAt - record.startedAt), 0);
}

export { ACK_TIMEOUT_MS };
