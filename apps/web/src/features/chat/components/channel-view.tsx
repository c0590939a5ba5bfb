import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '@/components/status';
import type { Channel, Message, OwnProfile } from '@/lib/api-types';
import { draftKey } from '@/utils/drafts';
import { dayKey, formatDay } from '@/utils/format-date';
import type { MentionCandidate } from '@/utils/mention-query';
import { topLevel } from '@/utils/message-log';
import { locateMessage } from '../api/messages';
import { useOutbox } from '../hooks/chat-context';
import { useChannelLog } from '../hooks/use-channel-log';
import { useReadMarker } from '../hooks/use-read-marker';
import { useTypingNotifier } from '../hooks/use-typing';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import { ThreadPanel } from './thread-panel';
import { TypingIndicator } from './typing-indicator';

export interface ChannelViewProps {
  channel: Channel;
  me: OwnProfile;
  canModerate: boolean;
  /** My read marker when the channel was opened: the unread divider goes after it. */
  lastReadSeq: number | null;
  candidates: (MentionCandidate & { avatarUrl?: string | null })[];
  /** A permalink's message to show (and focus). */
  targetMessageId?: string;
  threadId?: string;
  onThreadChange: (parentId: string | null) => void;
}

const NEAR_TOP_PX = 120;
const NEAR_BOTTOM_PX = 80;

/** The channel: its log of messages, the composer, and a thread beside it. */
export function ChannelView(props: ChannelViewProps) {
  const { channel, me, targetMessageId, threadId, onThreadChange } = props;
  const { t, i18n } = useTranslation();
  const timeZone = me.timeZone;
  const outbox = useOutbox();
  const { log, state, errorCode, loadOlder, loadUntil, olderPending, apply } = useChannelLog(channel.id);
  const list = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const keepFromBottom = useRef<number | null>(null);
  const positioned = useRef(false);
  const [showJump, setShowJump] = useState(false);
  const [dividerAfter] = useState(() => props.lastReadSeq);
  const markRead = useReadMarker(channel.id, list);
  const notifyTyping = useTypingNotifier(channel.id);
  const [highlight, setHighlight] = useState<string | undefined>(targetMessageId);

  const messages = useMemo(() => topLevel(log), [log]);
  const names = useMemo(() => {
    const map = new Map<string, string>(props.candidates.map((c) => [c.id, c.displayName]));
    for (const item of log.items) if (item.author) map.set(item.author.id, item.author.displayName);
    map.set(me.id, me.displayName);
    return map;
  }, [props.candidates, log.items, me]);
  // The divider goes before the first unread message of others, once the one before it is loaded too
  // (otherwise where the unread part begins is not known yet).
  const unreadAt =
    dividerAfter === null
      ? -1
      : messages.findIndex((m) => !m.pending && m.seq > dividerAfter && m.author?.id !== me.id);
  const firstUnread = unreadAt > 0 || (unreadAt === 0 && !log.hasOlder) ? messages[unreadAt].id : undefined;

  // Keep the reader's place: at the bottom while they are there, the same message in view when older
  // history is added above.
  useLayoutEffect(() => {
    const box = list.current;
    if (!box || state !== 'joined') return;
    if (keepFromBottom.current !== null) {
      box.scrollTop = box.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (!positioned.current && !targetMessageId) {
      positioned.current = true;
      const divider = box.querySelector<HTMLElement>('.unread-divider');
      if (divider) box.scrollTop = divider.offsetTop - box.offsetTop - 40;
      else box.scrollTop = box.scrollHeight;
    } else if (atBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
    markRead();
  }, [log, state, targetMessageId, markRead]);

  // A permalink: load back to the message, bring it into view and focus it.
  useEffect(() => {
    if (!targetMessageId || state !== 'joined') return;
    let cancelled = false;
    void (async () => {
      const located = await locateMessage(targetMessageId).catch(() => null);
      if (!located || cancelled) return;
      const shown = located.message.parentId ?? located.message.id;
      const seqOf = located.message.parentId ? null : located.message.seq;
      if (seqOf !== null) await loadUntil(seqOf);
      else {
        const parent = await locateMessage(located.message.parentId!).catch(() => null);
        if (parent) await loadUntil(parent.message.seq);
      }
      if (cancelled) return;
      positioned.current = true;
      atBottom.current = false;
      setHighlight(targetMessageId);
      requestAnimationFrame(() => {
        const element = document.getElementById(`message-${shown}`);
        element?.scrollIntoView({ block: 'center' });
        if (!located.message.parentId) element?.focus();
      });
    })();
    return () => {
      cancelled = true;
    };
  }, [targetMessageId, state, loadUntil]);

  const onScroll = useCallback(() => {
    const box = list.current;
    if (!box) return;
    const fromBottom = box.scrollHeight - box.scrollTop - box.clientHeight;
    atBottom.current = fromBottom < NEAR_BOTTOM_PX;
    setShowJump(!atBottom.current);
    markRead();
    if (box.scrollTop < NEAR_TOP_PX && log.hasOlder && !olderPending) {
      keepFromBottom.current = box.scrollHeight - box.scrollTop;
      void loadOlder().catch(() => (keepFromBottom.current = null));
    }
  }, [log.hasOlder, olderPending, loadOlder, markRead]);

  function jumpToLatest() {
    const box = list.current;
    if (!box) return;
    box.scrollTop = box.scrollHeight;
    atBottom.current = true;
    setShowJump(false);
    markRead();
    box.querySelector<HTMLElement>('[data-seq]:last-of-type')?.focus();
  }

  function send(body: string, mentions: string[], parentId?: string) {
    const clientMessageId = crypto.randomUUID();
    const payload = {
      channelId: channel.id,
      body,
      clientMessageId,
      ...(parentId && { parentId }),
      ...(mentions.length > 0 && { mentions }),
    };
    const pending: Message = {
      id: `pending:${clientMessageId}`,
      channelId: channel.id,
      seq: 0,
      kind: 'user',
      author: { id: me.id, displayName: me.displayName, avatarUrl: me.avatarUrl },
      body,
      clientMessageId,
      parentId: parentId ?? null,
      replyCount: 0,
      mentions: [],
      reactions: [],
      createdAt: new Date().toISOString(),
      editedAt: null,
      deleted: false,
    };
    outbox.queue(pending, payload);
    if (!parentId) atBottom.current = true;
  }

  const threadProps = {
    meId: me.id,
    canModerate: props.canModerate,
    names,
    onChanged: apply,
    onRetry: (id: string) => outbox.retry(id),
    onDiscard: (id: string) => outbox.discard(channel.id, id),
  };

  if (state === 'error')
    return (
      <LoadError message={t(`chat.errors.${errorCode ?? 'UNKNOWN'}`, { defaultValue: t('app.error') })} />
    );

  return (
    <div className={threadId ? 'channel-body with-thread' : 'channel-body'}>
      <section className="channel-main" aria-label={`# ${channel.name}`}>
        <div
          className="message-log"
          role="log"
          aria-label={t('chat.messages')}
          ref={list}
          onScroll={onScroll}
          tabIndex={0}
        >
          {state === 'joining' && !messages.length && <Loading />}
          {olderPending && <p className="status">{t('chat.loadingOlder')}</p>}
          {state === 'joined' && !log.hasOlder && (
            <p className="channel-start muted">{t('chat.beginning', { channel: channel.name })}</p>
          )}
          {messages.map((message, index) => (
            <Fragment key={message.pending ? `pending-${message.clientMessageId}` : message.id}>
              {dayKey(message.createdAt, timeZone) !==
                (index > 0 ? dayKey(messages[index - 1].createdAt, timeZone) : null) && (
                <div className="day-divider" role="separator">
                  <span>{formatDay(message.createdAt, { locale: i18n.language, timeZone })}</span>
                </div>
              )}
              {message.id === firstUnread && (
                <div className="unread-divider" role="separator" aria-label={t('chat.unreadDivider')}>
                  <span>{t('chat.unreadDivider')}</span>
                </div>
              )}
              <MessageItem
                message={message}
                highlighted={message.id === highlight}
                onOpenThread={(m) => onThreadChange(m.id)}
                failureReason={message.clientMessageId ? outbox.reason(message.clientMessageId) : undefined}
                {...threadProps}
              />
            </Fragment>
          ))}
        </div>
        {showJump && (
          <button type="button" className="button jump-latest" onClick={jumpToLatest}>
            ↓ {t('chat.jumpToLatest')}
          </button>
        )}
        <TypingIndicator channelId={channel.id} />
        {channel.archived ? (
          <p className="muted archived-note">{t('chat.archived')}</p>
        ) : (
          <Composer
            draftKey={draftKey(me.id, channel.id)}
            label={t('chat.message')}
            placeholder={t('chat.composerPlaceholder', { channel: channel.name })}
            candidates={props.candidates}
            onSend={(body, mentions) => send(body, mentions)}
            onTyping={notifyTyping}
          />
        )}
      </section>
      {threadId && (
        <ThreadPanel
          key={threadId}
          parentId={threadId}
          channelId={channel.id}
          channelLog={log}
          canPost={!channel.archived}
          candidates={props.candidates}
          highlightId={highlight}
          onClose={() => onThreadChange(null)}
          onSend={(body, mentions, parentId) => send(body, mentions, parentId)}
          {...threadProps}
        />
      )}
    </div>
  );
}
