import type { MessageDto } from './dto/message.dto';

/**
 * `message:new` on the wire: a new message without what every receiver already knows of a new message
 * (no reactions, no replies, not edited, not deleted, its author not gone) and without its sender's
 * `clientMessageId`, which only the sending connection uses (it has the message in its ack). Empty and
 * default fields are left out: `kind` only for the platform's messages, `author` only when there is one,
 * `avatarUrl` only when set, `parentId` only for replies, `mentions` only when there are some.
 * Receivers rebuild the whole message with fromNewMessageEvent (the web client has its own copy).
 */
export interface NewMessageEvent {
  id: string;
  channelId: string;
  seq: number;
  kind?: 'system';
  author?: { id: string; displayName: string; avatarUrl?: string };
  body: string;
  createdAt: string;
  parentId?: string;
  mentions?: { id: string; displayName: string }[];
}

export function toNewMessageEvent(message: MessageDto): NewMessageEvent {
  const event: NewMessageEvent = {
    id: message.id,
    channelId: message.channelId,
    seq: message.seq,
    body: message.body,
    createdAt: message.createdAt,
  };
  if (message.kind === 'system') event.kind = 'system';
  if (message.author) {
    const { id, displayName, avatarUrl } = message.author;
    event.author = avatarUrl ? { id, displayName, avatarUrl } : { id, displayName };
  }
  if (message.parentId) event.parentId = message.parentId;
  if (message.mentions.length) {
    event.mentions = message.mentions.map(({ id, displayName }) => ({ id, displayName }));
  }
  return event;
}

/** The whole message a `message:new` stands for, as history returns it (less the sender's clientMessageId). */
export function fromNewMessageEvent(event: NewMessageEvent): MessageDto {
  return {
    id: event.id,
    channelId: event.channelId,
    seq: event.seq,
    kind: event.kind ?? 'user',
    author: event.author
      ? {
          id: event.author.id,
          displayName: event.author.displayName,
          avatarUrl: event.author.avatarUrl ?? null,
          former: false,
        }
      : null,
    body: event.body,
    clientMessageId: null,
    parentId: event.parentId ?? null,
    replyCount: 0,
    mentions: (event.mentions ?? []).map(({ id, displayName }) => ({ id, displayName, former: false })),
    reactions: [],
    createdAt: event.createdAt,
    editedAt: null,
    deleted: false,
  };
}
