import type { QueryClient } from '@tanstack/react-query';
import type { Message } from '@/lib/api-types';
import { queryKeys } from '@/lib/query-keys';
import { ChatError, chatSocket, emitAck } from '@/lib/socket';
import { addPending, emptyLog, mergeMessages, setPendingState, type MessageLog } from '@/utils/message-log';
import type { MessageAck, SendPayload } from './chat-events';

/**
 * Messages written but not yet acknowledged, by clientMessageId. Each is sent when the connection is up,
 * and again with the same id after a reconnection (the api stores it once and answers a retry with the
 * first message), until an acknowledgement arrives or the api refuses it for good.
 */
export class Outbox {
  private readonly entries = new Map<string, SendPayload>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly client: QueryClient) {}

  private update(channelId: string, change: (log: MessageLog) => MessageLog): void {
    this.client.setQueryData<MessageLog>(queryKeys.channelMessages(channelId), (log) =>
      change(log ?? emptyLog),
    );
  }

  /** Shows the message at once as pending and sends it (now, or when the connection is back). */
  queue(pending: Message, payload: SendPayload): void {
    this.update(payload.channelId, (log) => addPending(log, pending));
    this.entries.set(payload.clientMessageId, payload);
    void this.deliver(payload.clientMessageId);
  }

  /** A failed message, sent again with its first clientMessageId. */
  retry(clientMessageId: string): void {
    const entry = this.failed.get(clientMessageId);
    if (!entry) return;
    this.failed.delete(clientMessageId);
    this.entries.set(clientMessageId, entry);
    this.update(entry.channelId, (log) => setPendingState(log, clientMessageId, 'sending'));
    void this.deliver(clientMessageId);
  }

  discard(channelId: string, clientMessageId: string): void {
    this.entries.delete(clientMessageId);
    this.failed.delete(clientMessageId);
    this.update(channelId, (log) => ({
      ...log,
      items: log.items.filter((item) => !(item.pending && item.clientMessageId === clientMessageId)),
    }));
  }

  /** After a (re)connection: everything still waiting, in the order it was written. */
  flush(): void {
    for (const clientMessageId of this.entries.keys()) void this.deliver(clientMessageId);
  }

  /** The stored message arrived some other way (a catch-up after reconnecting): nothing left to send. */
  settle(messages: Message[]): void {
    for (const message of messages) if (message.clientMessageId) this.entries.delete(message.clientMessageId);
  }

  private async deliver(clientMessageId: string): Promise<void> {
    const payload = this.entries.get(clientMessageId);
    if (!payload || this.inFlight.has(clientMessageId) || !chatSocket().connected) return;
    this.inFlight.add(clientMessageId);
    let again = false;
    try {
      const { message } = await emitAck<MessageAck>('message:send', payload);
      this.entries.delete(clientMessageId);
      this.update(payload.channelId, (log) => mergeMessages(log, [message]));
    } catch (error) {
      const code = error instanceof ChatError ? error.code : 'UNKNOWN';
      if (code === 'TIMEOUT') {
        // No answer: the connection dropped or is slow. It goes again on reconnection (or now, if still up).
        again = true;
      } else {
        this.entries.delete(clientMessageId);
        this.failed.set(clientMessageId, payload);
        this.reasons.set(clientMessageId, code);
        this.update(payload.channelId, (log) => setPendingState(log, clientMessageId, 'failed'));
      }
    } finally {
      this.inFlight.delete(clientMessageId);
    }
    if (again && chatSocket().connected) await this.deliver(clientMessageId);
  }

  /** Why the api refused a message (its code), for the failed message's note. */
  reason(clientMessageId: string): string | undefined {
    return this.reasons.get(clientMessageId);
  }

  private readonly failed = new Map<string, SendPayload>();
  private readonly reasons = new Map<string, string>();
}
