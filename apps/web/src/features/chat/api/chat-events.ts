import type { Channel, Message, Reaction, Unread } from '@/lib/api-types';

/** The `/chat` events this client sends and receives (docs/api.md, "Real-time chat"). */
export interface JoinAck {
  channel: Channel;
  messages: Message[];
  hasMore: boolean;
}

export interface MessageAck {
  message: Message;
}

export interface SendPayload {
  channelId: string;
  body: string;
  clientMessageId: string;
  parentId?: string;
  mentions?: string[];
}

/**
 * `message:new` as it travels: a new message without what a new message cannot have yet (reactions,
 * replies, an edit), without nulls and empty lists, and without the sender's clientMessageId.
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

/** The whole message a `message:new` stands for, as history returns it (the api's fromNewMessageEvent). */
export function fromNewMessageEvent(event: NewMessageEvent): Message {
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
        }
      : null,
    body: event.body,
    clientMessageId: null,
    parentId: event.parentId ?? null,
    replyCount: 0,
    mentions: event.mentions ?? [],
    reactions: [],
    createdAt: event.createdAt,
    editedAt: null,
    deleted: false,
  };
}

export interface DeletedEvent {
  messageId: string;
  channelId: string;
  seq: number;
}

export interface ReactionEvent {
  messageId: string;
  channelId: string;
  reactions: Reaction[];
}

export interface TypingEvent {
  channelId: string;
  member: { id: string; displayName: string };
}

export interface PresenceEvent {
  themeId: string;
  memberIds: string[];
}

export type UnreadEvent = Unread;

export const presenceKey = (themeId: string) => ['presence', themeId] as const;
