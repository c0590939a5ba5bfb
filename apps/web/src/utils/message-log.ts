import type { Message, Reaction } from '@/lib/api-types';

/** A message as this client holds it: as stored, or still on its way (`pending`). */
export interface ChatItem extends Message {
  pending?: 'sending' | 'failed';
}

/**
 * A channel's messages as far as they are loaded: stored ones in `seq` order (a contiguous run from the
 * oldest loaded to the newest known), then the pending ones in the order they were written.
 */
export interface MessageLog {
  items: ChatItem[];
  /** Older messages exist before the first loaded one. */
  hasOlder: boolean;
}

export const emptyLog: MessageLog = { items: [], hasOlder: false };

function order(items: ChatItem[]): ChatItem[] {
  const stored = items.filter((item) => !item.pending).sort((a, b) => a.seq - b.seq);
  return [...stored, ...items.filter((item) => item.pending)];
}

/** What to keep when the same message arrives twice: a tombstone stays one, an edit is not undone. */
function newer(current: ChatItem, incoming: Message): Message {
  if (current.deleted && !incoming.deleted) return current;
  if (current.editedAt && (!incoming.editedAt || current.editedAt > incoming.editedAt)) return current;
  return incoming;
}

/**
 * Adds stored messages (from history, a catch-up, a live event or an ack): each shows once, by id, and
 * the pending copy of one's own message (same clientMessageId) is replaced by it.
 */
export function mergeMessages(log: MessageLog, incoming: Message[]): MessageLog {
  if (!incoming.length) return log;
  const items = [...log.items];
  const byId = new Map(items.map((item, index) => [item.id, index]));
  for (const message of incoming) {
    const at = byId.get(message.id);
    if (at !== undefined) {
      items[at] = newer(items[at], message);
      continue;
    }
    const pendingAt = message.clientMessageId
      ? items.findIndex(
          (item) =>
            item.pending &&
            item.clientMessageId === message.clientMessageId &&
            item.author?.id === message.author?.id,
        )
      : -1;
    if (pendingAt >= 0) {
      byId.delete(items[pendingAt].id);
      items[pendingAt] = message;
    } else {
      items.push(message);
    }
    byId.set(message.id, pendingAt >= 0 ? pendingAt : items.length - 1);
  }
  return { ...log, items: order(items) };
}

/** Adds older messages before the loaded ones (history loading upward). */
export function prependOlder(log: MessageLog, older: Message[], hasOlder: boolean): MessageLog {
  return { ...mergeMessages(log, older), hasOlder };
}

export function addPending(log: MessageLog, item: ChatItem): MessageLog {
  return { ...log, items: [...log.items, { ...item, pending: 'sending' }] };
}

export function setPendingState(
  log: MessageLog,
  clientMessageId: string,
  state: 'sending' | 'failed',
): MessageLog {
  return {
    ...log,
    items: log.items.map((item) =>
      item.pending && item.clientMessageId === clientMessageId ? { ...item, pending: state } : item,
    ),
  };
}

export function markDeleted(log: MessageLog, messageId: string): MessageLog {
  return {
    ...log,
    items: log.items.map((item) =>
      item.id === messageId ? { ...item, deleted: true, body: '', reactions: [], mentions: [] } : item,
    ),
  };
}

export function setReactions(log: MessageLog, messageId: string, reactions: Reaction[]): MessageLog {
  return {
    ...log,
    items: log.items.map((item) => (item.id === messageId && !item.deleted ? { ...item, reactions } : item)),
  };
}

/** The newest stored seq (0 when nothing is loaded): where a catch-up (`afterSeq`) starts. */
export function lastSeq(log: MessageLog): number {
  let max = 0;
  for (const item of log.items) if (!item.pending && item.seq > max) max = item.seq;
  return max;
}

/** The oldest loaded seq: where loading older history (`beforeSeq`) starts. */
export function firstSeq(log: MessageLog): number | null {
  const first = log.items.find((item) => !item.pending);
  return first ? first.seq : null;
}

/** A live message newer than the next expected seq means some were missed: fetch after lastSeq. */
export function hasGapBefore(log: MessageLog, message: Message): boolean {
  const last = lastSeq(log);
  return last > 0 && message.seq > last + 1;
}

/** The messages shown in the channel itself (replies live in their thread). */
export function topLevel(log: MessageLog): ChatItem[] {
  return log.items.filter((item) => item.parentId === null);
}

export function repliesTo(log: MessageLog, parentId: string): ChatItem[] {
  return log.items.filter((item) => item.parentId === parentId);
}
