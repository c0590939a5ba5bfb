import type { Namespace } from 'socket.io';
import type { AuthMember } from '@app/auth';
import type { MessageDto, NewMessageEvent, UnreadDto } from '@app/chat';
import type { ChannelDto } from '@app/themes';

/** The `/chat` namespace's contract: what clients send (with an ack) and what the server pushes. */

export interface ErrorAck {
  ok: false;
  error: { code: string; message: string; details?: Record<string, unknown> };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | ErrorAck;

export const CLIENT_EVENTS = {
  join: 'channel:join',
  leave: 'channel:leave',
  send: 'message:send',
  edit: 'message:edit',
  delete: 'message:delete',
  reactionAdd: 'reaction:add',
  reactionRemove: 'reaction:remove',
  typing: 'typing',
  read: 'channel:read',
} as const;

export interface MemberRef {
  id: string;
  displayName: string;
}

export interface ServerToClientEvents {
  'message:new': (message: NewMessageEvent) => void;
  'message:updated': (message: MessageDto) => void;
  'message:deleted': (event: { messageId: string; channelId: string; seq: number }) => void;
  'reaction:updated': (event: {
    messageId: string;
    channelId: string;
    reactions: MessageDto['reactions'];
  }) => void;
  typing: (event: { channelId: string; member: MemberRef }) => void;
  presence: (event: { themeId: string; memberIds: string[] }) => void;
  mention: (event: { message: MessageDto }) => void;
  unread: (event: UnreadDto) => void;
}

export type ClientToServerEvents = Record<string, (payload: unknown, ack?: (response: Ack) => void) => void>;

/** What the connection handler learns once and every later event reuses (rights are re-checked per event). */
export interface SocketData {
  member: AuthMember;
  profile: MemberRef;
  /** themeId → channelIds this connection has joined, for presence. */
  themes: Map<string, Set<string>>;
  /** channelId → when this connection's last typing went out. */
  typingSentAt: Map<string, number>;
}

export type JoinAck = Ack<{ channel: ChannelDto; messages: MessageDto[]; hasMore: boolean }>;
export type MessageAck = Ack<{ message: MessageDto }>;

export const rooms = {
  channel: (channelId: string) => `channel:${channelId}`,
  theme: (themeId: string) => `theme:${themeId}`,
  member: (memberId: string) => `member:${memberId}`,
};

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
