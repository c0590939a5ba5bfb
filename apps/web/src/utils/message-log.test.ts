import { describe, expect, it } from 'vitest';
import type { Message } from '@/lib/api-types';
import {
  addPending,
  emptyLog,
  firstSeq,
  hasGapBefore,
  lastSeq,
  markDeleted,
  mergeMessages,
  prependOlder,
  setPendingState,
} from './message-log';

const me = { id: 'me', displayName: '健太', avatarUrl: null };
let n = 0;
function message(seq: number, over: Partial<Message> = {}): Message {
  n += 1;
  return {
    id: `m${seq}-${n}`,
    channelId: 'c',
    seq,
    kind: 'user',
    author: { id: 'other', displayName: '由美', avatarUrl: null },
    body: `message ${seq}`,
    clientMessageId: null,
    parentId: null,
    replyCount: 0,
    mentions: [],
    reactions: [],
    createdAt: '2026-12-04T10:00:00Z',
    editedAt: null,
    deleted: false,
    ...over,
  };
}

describe('mergeMessages', () => {
  it('orders by seq whatever order events arrive in, and keeps each message once', () => {
    const a = message(1);
    const b = message(2);
    const c = message(3);
    let log = mergeMessages(emptyLog, [c, a]);
    log = mergeMessages(log, [b, c, a]);
    expect(log.items.map((item) => item.seq)).toEqual([1, 2, 3]);
  });

  it('replaces the pending copy of my message by the stored one (same clientMessageId)', () => {
    const pending = { ...message(0, { author: me, clientMessageId: 'cm-1', id: 'pending:cm-1' }) };
    let log = addPending(mergeMessages(emptyLog, [message(1)]), pending);
    expect(log.items.at(-1)?.pending).toBe('sending');

    const stored = message(2, { author: me, clientMessageId: 'cm-1' });
    log = mergeMessages(log, [stored]);
    // The ack and the catch-up after a reconnect may both bring it: still once.
    log = mergeMessages(log, [stored]);
    expect(log.items.map((item) => [item.seq, item.pending])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
  });

  it('keeps pending messages after the stored ones, in the order written', () => {
    let log = addPending(emptyLog, message(0, { id: 'p1', clientMessageId: 'a', author: me }));
    log = addPending(log, message(0, { id: 'p2', clientMessageId: 'b', author: me }));
    log = mergeMessages(log, [message(5)]);
    expect(log.items.map((item) => item.id)).toEqual([log.items[0].id, 'p1', 'p2']);
    expect(log.items[0].seq).toBe(5);
  });

  it('does not take another author’s message with the same clientMessageId for mine', () => {
    let log = addPending(emptyLog, message(0, { id: 'p', clientMessageId: 'x', author: me }));
    log = mergeMessages(log, [message(1, { clientMessageId: 'x' })]);
    expect(log.items).toHaveLength(2);
  });

  it('never undoes a deletion or an edit with an older copy', () => {
    const original = message(1);
    let log = mergeMessages(emptyLog, [original]);
    log = mergeMessages(log, [{ ...original, body: 'edited', editedAt: '2026-12-04T11:00:00Z' }]);
    log = mergeMessages(log, [original]);
    expect(log.items[0].body).toBe('edited');
    log = markDeleted(log, original.id);
    log = mergeMessages(log, [original]);
    expect(log.items[0]).toMatchObject({ deleted: true, body: '' });
  });
});

describe('positions', () => {
  it('knows the newest and oldest stored seq, ignoring pending ones', () => {
    let log = mergeMessages(emptyLog, [message(4), message(5)]);
    log = addPending(log, message(0, { id: 'p', clientMessageId: 'z', author: me }));
    expect(lastSeq(log)).toBe(5);
    expect(firstSeq(log)).toBe(4);
    log = prependOlder(log, [message(2), message(3)], false);
    expect(firstSeq(log)).toBe(2);
    expect(log.hasOlder).toBe(false);
  });

  it('sees a gap when a live message skips a seq', () => {
    const log = mergeMessages(emptyLog, [message(1), message(2)]);
    expect(hasGapBefore(log, message(3))).toBe(false);
    expect(hasGapBefore(log, message(5))).toBe(true);
  });

  it('marks a pending message failed and back to sending', () => {
    let log = addPending(emptyLog, message(0, { id: 'p', clientMessageId: 'q', author: me }));
    log = setPendingState(log, 'q', 'failed');
    expect(log.items[0].pending).toBe('failed');
  });
});
