import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '@/lib/api-types';
import { queryKeys } from '@/lib/query-keys';
import { useCacheValue } from '@/lib/use-cache-value';
import { chatSocket, emitAck } from '@/lib/socket';
import {
  emptyLog,
  firstSeq,
  hasGapBefore,
  lastSeq,
  markDeleted,
  mergeMessages,
  prependOlder,
  setReactions,
  type MessageLog,
} from '@/utils/message-log';
import { fetchNewer, fetchOlder } from '../api/messages';
import {
  fromNewMessageEvent,
  type DeletedEvent,
  type JoinAck,
  type NewMessageEvent,
  type ReactionEvent,
} from '../api/chat-events';
import { useOutbox } from './chat-context';

export type JoinState = 'joining' | 'joined' | 'error';

/**
 * A channel's messages, live: joined on every (re)connection with `afterSeq` = the newest seq held, so
 * whatever was missed while away arrives once and in order (paging over HTTP beyond the catch-up limit);
 * live events merge by id and seq, and a skipped seq is filled from HTTP.
 */
export function useChannelLog(channelId: string) {
  const client = useQueryClient();
  const outbox = useOutbox();
  const key = useMemo(() => queryKeys.channelMessages(channelId), [channelId]);
  const log = useCacheValue<MessageLog>(key, emptyLog);
  const [state, setState] = useState<JoinState>('joining');
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const loadingOlder = useRef(false);
  const [olderPending, setOlderPending] = useState(false);

  const current = useCallback(() => client.getQueryData<MessageLog>(key) ?? emptyLog, [client, key]);
  const update = useCallback(
    (change: (log: MessageLog) => MessageLog) =>
      client.setQueryData<MessageLog>(key, (log) => change(log ?? emptyLog)),
    [client, key],
  );

  const catchUpOverHttp = useCallback(async () => {
    for (let page = 0; page < 50; page += 1) {
      const result = await fetchNewer(channelId, lastSeq(current()));
      outbox.settle(result.items);
      update((log) => mergeMessages(log, result.items));
      if (!result.nextCursor) return;
    }
  }, [channelId, current, outbox, update]);

  useEffect(() => {
    const socket = chatSocket();
    let active = true;

    const join = async () => {
      const after = lastSeq(current());
      try {
        const ack = await emitAck<JoinAck>(
          'channel:join',
          after > 0 ? { channelId, afterSeq: after } : { channelId },
        );
        if (!active) return;
        outbox.settle(ack.messages);
        update((log) =>
          after > 0
            ? mergeMessages(log, ack.messages)
            : { ...mergeMessages(log, ack.messages), hasOlder: ack.hasMore },
        );
        if (after > 0 && ack.hasMore) await catchUpOverHttp();
        setState('joined');
      } catch (error) {
        if (!active) return;
        setErrorCode((error as { code?: string }).code ?? 'UNKNOWN');
        setState('error');
      }
    };

    const onNew = (event: NewMessageEvent) => {
      if (event.channelId !== channelId) return;
      const message = fromNewMessageEvent(event);
      const gap = hasGapBefore(current(), message);
      update((log) => mergeMessages(log, [message]));
      if (gap) void catchUpOverHttp();
    };
    const onUpdated = (message: Message) => {
      if (message.channelId !== channelId) return;
      // Only messages already loaded: an old one added here would break the contiguous run of seqs.
      update((log) =>
        log.items.some((item) => item.id === message.id) ? mergeMessages(log, [message]) : log,
      );
      if (message.parentId) {
        client.setQueryData<{ parent: Message; items: Message[] }>(
          queryKeys.thread(message.parentId),
          (thread) =>
            thread && {
              ...thread,
              items: mergeMessages({ items: thread.items, hasOlder: false }, [message]).items,
            },
        );
      }
    };
    const onDeleted = (event: DeletedEvent) => {
      if (event.channelId === channelId) update((log) => markDeleted(log, event.messageId));
    };
    const onReactions = (event: ReactionEvent) => {
      if (event.channelId === channelId) update((log) => setReactions(log, event.messageId, event.reactions));
    };
    const onConnect = () => void join();

    socket.on('message:new', onNew);
    socket.on('message:updated', onUpdated);
    socket.on('message:deleted', onDeleted);
    socket.on('reaction:updated', onReactions);
    socket.on('connect', onConnect);
    if (socket.connected) void join();
    return () => {
      active = false;
      socket.off('message:new', onNew);
      socket.off('message:updated', onUpdated);
      socket.off('message:deleted', onDeleted);
      socket.off('reaction:updated', onReactions);
      socket.off('connect', onConnect);
      if (socket.connected) void emitAck('channel:leave', { channelId }).catch(() => undefined);
    };
  }, [channelId, catchUpOverHttp, client, current, outbox, update]);

  /** Loads the page before the oldest loaded message; resolves false when there is nothing older. */
  const loadOlder = useCallback(
    async (limit = 50): Promise<boolean> => {
      const oldest = firstSeq(current());
      if (loadingOlder.current || oldest === null || !current().hasOlder) return false;
      loadingOlder.current = true;
      setOlderPending(true);
      try {
        const page = await fetchOlder(channelId, oldest, limit);
        update((log) => prependOlder(log, page.items, page.nextCursor !== null));
        return page.nextCursor !== null;
      } finally {
        loadingOlder.current = false;
        setOlderPending(false);
      }
    },
    [channelId, current, update],
  );

  /** Loads older pages until `seq` is loaded (a permalink into the past). */
  const loadUntil = useCallback(
    async (seq: number) => {
      for (let page = 0; page < 100; page += 1) {
        const oldest = firstSeq(current());
        if (oldest === null || oldest <= seq || !current().hasOlder) return;
        await loadOlder(200);
      }
    },
    [current, loadOlder],
  );

  const apply = useCallback((message: Message) => update((log) => mergeMessages(log, [message])), [update]);

  return { log, state, errorCode, loadOlder, loadUntil, olderPending, apply };
}
