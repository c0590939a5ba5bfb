import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/api-types';
import { draftKey } from '@/utils/drafts';
import type { MentionCandidate } from '@/utils/mention-query';
import { mergeMessages, repliesTo, emptyLog, type MessageLog } from '@/utils/message-log';
import { useThread } from '../api/messages';
import { Composer } from './composer';
import { MessageItem } from './message-item';

export interface ThreadPanelProps {
  parentId: string;
  channelLog: MessageLog;
  meId: string;
  canModerate: boolean;
  canPost: boolean;
  names: Map<string, string>;
  candidates: MentionCandidate[];
  highlightId?: string;
  channelId: string;
  onClose: () => void;
  onSend: (body: string, mentions: string[], parentId: string) => void;
  onChanged: (message: Message) => void;
  onRetry: (clientMessageId: string) => void;
  onDiscard: (clientMessageId: string) => void;
}

/** A thread beside the channel: the parent, its replies (loaded, then live from the channel) and a reply box. */
export function ThreadPanel(props: ThreadPanelProps) {
  const { t } = useTranslation();
  const { parentId, channelLog, meId } = props;
  const thread = useThread(parentId);
  const heading = useRef<HTMLHeadingElement>(null);

  // Replies known from the thread request and those that arrived live in the channel, once each, by seq.
  const log = useMemo(() => {
    const loaded = thread.data ? mergeMessages(emptyLog, thread.data.items) : emptyLog;
    return {
      ...loaded,
      items: mergeMessages(
        loaded,
        repliesTo(channelLog, parentId).filter((m) => !m.pending),
      ).items,
    };
  }, [thread.data, channelLog, parentId]);
  const pending = repliesTo(channelLog, parentId).filter((m) => m.pending);
  const parent = channelLog.items.find((m) => m.id === parentId) ?? thread.data?.parent;

  useEffect(() => {
    if (props.highlightId) document.getElementById(`message-${props.highlightId}`)?.focus();
    else heading.current?.focus();
  }, [parentId, props.highlightId, log.items.length]);

  return (
    <aside className="thread-panel" aria-labelledby="thread-heading">
      <div className="thread-head">
        <h2 id="thread-heading" ref={heading} tabIndex={-1}>
          {t('chat.thread')}
        </h2>
        <button
          type="button"
          className="button button-secondary"
          onClick={props.onClose}
          aria-label={t('chat.closeThread')}
        >
          ×
        </button>
      </div>
      <div className="thread-messages">
        {parent && (
          <MessageItem
            message={parent}
            meId={meId}
            canModerate={props.canModerate}
            names={props.names}
            onChanged={props.onChanged}
          />
        )}
        <div
          className="thread-replies"
          role="log"
          aria-label={t('chat.replies', { count: log.items.length })}
        >
          {[...log.items, ...pending].map((reply) => (
            <MessageItem
              key={reply.pending ? `pending-${reply.clientMessageId}` : reply.id}
              message={reply}
              meId={meId}
              canModerate={props.canModerate}
              names={props.names}
              highlighted={reply.id === props.highlightId}
              onChanged={props.onChanged}
              onRetry={props.onRetry}
              onDiscard={props.onDiscard}
            />
          ))}
        </div>
      </div>
      {props.canPost && parent && !parent.deleted && (
        <Composer
          draftKey={draftKey(meId, props.channelId, parentId)}
          label={t('chat.threadReply')}
          placeholder={t('chat.threadReply')}
          candidates={props.candidates}
          onSend={(body, mentions) => props.onSend(body, mentions, parentId)}
        />
      )}
    </aside>
  );
}
