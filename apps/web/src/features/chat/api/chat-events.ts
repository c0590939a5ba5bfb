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
