import { memo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMemberName } from '@/hooks/use-member-name';
import { Avatar } from '@/components/avatar';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { useEnterSubmit } from '@/hooks/use-enter-submit';
import type { Message } from '@/lib/api-types';
import { ChatError, emitAck } from '@/lib/socket';
import type { ChatItem } from '@/utils/message-log';
import type { MessageAck } from '../api/chat-events';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '🙏', '👀'];

export interface MessageItemProps {
  message: ChatItem;
  meId: string;
  canModerate: boolean;
  names: Map<string, string>;
  highlighted?: boolean;
  /** Opens the message's thread (absent inside a thread). */
  onOpenThread?: (message: Message) => void;
  onChanged: (message: Message) => void;
  onRetry?: (clientMessageId: string) => void;
  onDiscard?: (clientMessageId: string) => void;
  failureReason?: string;
}

const URL_PATTERN = /(https?:\/\/[^\s<>"'、。」）]+)/u;

/** Web addresses become links (http and https only; they open in a new tab). */
function linkify(text: string, key: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, index) =>
    index % 2 === 1 ? (
      <a key={`${key}-${index}`} href={part} target="_blank" rel="noopener noreferrer">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** @-mentions of known members stand out in the text; addresses are links. */
function renderBody(body: string, mentions: Message['mentions']): ReactNode {
  if (!mentions.length) return linkify(body, 'text');
  const names = mentions.map((m) => m.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = body.split(new RegExp(`([@＠](?:${names.join('|')}))`, 'u'));
  return parts.map((part, index) =>
    index % 2 === 1 ? (
      <span key={index} className="mention">
        {part}
      </span>
    ) : (
      linkify(part, String(index))
    ),
  );
}

function MessageItemView({
  message,
  meId,
  canModerate,
  names,
  highlighted,
  onOpenThread,
  onChanged,
  onRetry,
  onDiscard,
  failureReason,
}: MessageItemProps) {
  const { t } = useTranslation();
  const nameOf = useMemberName();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picker, setPicker] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = message.author?.id === meId;
  const stored = !message.pending;

  async function run(event: string, payload: object) {
    setError(null);
    try {
      const { message: changed } = await emitAck<MessageAck>(event, payload);
      onChanged(changed);
      return true;
    } catch (caught) {
      const code = caught instanceof ChatError ? caught.code : 'UNKNOWN';
      setError(t(`chat.errors.${code}`, { defaultValue: t('chat.errors.UNKNOWN') }));
      return false;
    }
  }

  async function saveEdit() {
    if (!draft.trim() || draft === message.body) return setEditing(false);
    if (await run('message:edit', { messageId: message.id, body: draft })) setEditing(false);
  }

  const editKeys = useEnterSubmit<HTMLTextAreaElement>(
    () => void saveEdit(),
    (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        setEditing(false);
      }
    },
  );

  function toggleReaction(emoji: string) {
    const reacted = message.reactions.find((r) => r.emoji === emoji)?.memberIds.includes(meId) ?? false;
    setPicker(false);
    void run(reacted ? 'reaction:remove' : 'reaction:add', { messageId: message.id, emoji });
  }

  const author = message.author ? nameOf(message.author) : t('chat.system');
  const classes = [
    'message',
    message.pending ? `message-${message.pending}` : '',
    highlighted ? 'message-highlighted' : '',
    message.kind === 'system' ? 'message-system' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article
      className={classes}
      data-seq={stored ? message.seq : undefined}
      data-message-id={message.id}
      id={stored ? `message-${message.id}` : undefined}
      tabIndex={-1}
      aria-label={highlighted ? t('chat.highlighted') : undefined}
    >
      <Avatar name={author} url={message.author?.avatarUrl} />
      <div className="message-main">
        <header className="message-head">
          <span className="message-author">{author}</span>
          {stored ? (
            <Link className="message-time" to={`/messages/${message.id}`}>
              <DateTime iso={message.createdAt} />
            </Link>
          ) : (
            <span className="message-time">
              <DateTime iso={message.createdAt} />
            </span>
          )}
          {message.editedAt && !message.deleted && <span className="muted">{t('chat.edited')}</span>}
        </header>
        {message.deleted ? (
          <p className="message-body muted">{t('chat.deleted')}</p>
        ) : editing ? (
          <div className="edit-box">
            <textarea
              aria-label={t('chat.editLabel')}
              value={draft}
              autoFocus
              onChange={(event) => setDraft(event.target.value)}
              {...editKeys}
            />
            <div className="row">
              <button type="button" className="button" onClick={() => void saveEdit()}>
                {t('chat.save')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
                {t('chat.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <p className="message-body">{renderBody(message.body, message.mentions)}</p>
        )}
        {message.pending === 'sending' && <p className="message-note muted">{t('chat.sending')}</p>}
        {message.pending === 'failed' && message.clientMessageId && (
          <p className="message-note form-error">
            {t('chat.failed')}
            {failureReason
              ? `: ${t(`chat.errors.${failureReason}`, { defaultValue: failureReason })}`
              : ''}{' '}
            <button type="button" className="link-button" onClick={() => onRetry?.(message.clientMessageId!)}>
              {t('chat.resend')}
            </button>{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => onDiscard?.(message.clientMessageId!)}
            >
              {t('chat.discard')}
            </button>
          </p>
        )}
        {message.reactions.length > 0 && (
          <ul className="reactions" aria-label={t('chat.react')}>
            {message.reactions.map((reaction) => {
              const who = reaction.memberIds.map((id) => names.get(id) ?? '…').join('、');
              return (
                <li key={reaction.emoji}>
                  <button
                    type="button"
                    className="reaction"
                    aria-pressed={reaction.memberIds.includes(meId)}
                    aria-label={t('chat.reactionCount', {
                      emoji: reaction.emoji,
                      count: reaction.count,
                      names: who,
                    })}
                    title={who}
                    onClick={() => toggleReaction(reaction.emoji)}
                  >
                    {reaction.emoji} {reaction.count}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {onOpenThread && message.replyCount > 0 && (
          <button type="button" className="link-button thread-link" onClick={() => onOpenThread(message)}>
            {t('chat.replies', { count: message.replyCount })}
          </button>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {confirmDelete && (
          <div className="confirm" role="group" aria-label={t('chat.confirmDelete')}>
            <span>{t('chat.confirmDelete')}</span>
            <button
              type="button"
              className="button button-danger"
              onClick={() =>
                void run('message:delete', { messageId: message.id }).then(() => setConfirmDelete(false))
              }
            >
              {t('chat.delete')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirmDelete(false)}>
              {t('chat.cancel')}
            </button>
          </div>
        )}
        {picker && (
          <div className="reaction-picker" role="group" aria-label={t('chat.react')}>
            {QUICK_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="reaction"
                aria-label={t('chat.reactWith', { emoji })}
                onClick={() => toggleReaction(emoji)}
              >
                {emoji}
              </button>
            ))}
          </div>
        )}
      </div>
      {stored && !message.deleted && message.kind === 'user' && !editing && (
        <div className="message-actions" role="group" aria-label={t('chat.messageActions')}>
          <button
            type="button"
            aria-label={t('chat.react')}
            aria-expanded={picker}
            onClick={() => setPicker((open) => !open)}
          >
            <span aria-hidden="true">☺</span> <span className="action-label">{t('chat.react')}</span>
          </button>
          {onOpenThread && (
            <button type="button" onClick={() => onOpenThread(message)}>
              {t('chat.reply')}
            </button>
          )}
          {mine && (
            <button
              type="button"
              onClick={() => {
                setDraft(message.body);
                setEditing(true);
              }}
            >
              {t('chat.edit')}
            </button>
          )}
          {(mine || canModerate) && (
            <button type="button" onClick={() => setConfirmDelete(true)}>
              {t('chat.delete')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

export const MessageItem = memo(MessageItemView);
