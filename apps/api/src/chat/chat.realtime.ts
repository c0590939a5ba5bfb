import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ChannelRead,
  ChatService,
  MessageCreated,
  MessageDeleted,
  MessageEdited,
  ReactionChanged,
  toNewMessageEvent,
  type MessageDto,
} from '@app/chat';
import { DomainEvents } from '@app/common';
import { MemberLeft } from '@app/members';
import { ThemeAccessLost, type LostAccess } from '@app/themes';
import { ChatPresence } from './chat-presence';
import { rooms, type ChatNamespace } from './chat.events';

/**
 * Pushes what happened in the chat to connected members, on every api process (through the Redis
 * adapter): it subscribes to the chat's and the themes' domain events, so whoever changes something (a
 * socket event, an HTTP handler, the event announcer) need not remember to tell anyone.
 */
@Injectable()
export class ChatRealtime implements OnModuleInit {
  private namespace: ChatNamespace | null = null;

  constructor(
    private readonly chat: ChatService,
    private readonly presence: ChatPresence,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(MessageCreated, ({ result, origin }) => this.messageCreated(result, origin));
    this.events.on(MessageEdited, ({ message, mentioned }) => this.messageEdited(message, mentioned));
    this.events.on(MessageDeleted, ({ message, parent }) => this.messageDeleted(message, parent));
    this.events.on(ReactionChanged, ({ message }) => this.reactionsChanged(message));
    // Every device of the member sees the new counts.
    this.events.on(ChannelRead, ({ memberId, counts }) => {
      this.namespace?.to(rooms.member(memberId)).emit('unread', counts);
    });
    this.events.on(ThemeAccessLost, ({ lost }) => this.revokeAccess(lost));
    // A member who left is disconnected everywhere (every api process, through the adapter).
    this.events.on(MemberLeft, ({ memberId }) => {
      this.namespace?.in(rooms.member(memberId)).disconnectSockets(true);
    });
  }

  attach(namespace: ChatNamespace): void {
    this.namespace = namespace;
  }

  /** At shutdown, once the gateway has drained its connections: nothing more is pushed. */
  detach(): void {
    this.namespace = null;
  }

  /** A new message goes to its channel, except the connection that sent it (it has it in its ack). */
  private async messageCreated(
    { message, parent, mentioned, created }: MessageCreated['result'],
    origin: string | null,
  ): Promise<void> {
    const io = this.namespace;
    if (!io || !created) return;
    const room = io.to(rooms.channel(message.channelId));
    (origin ? room.except(origin) : room).emit('message:new', toNewMessageEvent(message));
    if (parent) io.to(rooms.channel(parent.channelId)).emit('message:updated', parent);
    await this.notifyMentioned(message, mentioned);
  }

  private async messageEdited(message: MessageDto, mentioned: string[]): Promise<void> {
    this.namespace?.to(rooms.channel(message.channelId)).emit('message:updated', message);
    await this.notifyMentioned(message, mentioned);
  }

  private messageDeleted(message: MessageDto, parent: MessageDto | null): void {
    const io = this.namespace;
    if (!io) return;
    io.to(rooms.channel(message.channelId)).emit('message:deleted', {
      messageId: message.id,
      channelId: message.channelId,
      seq: message.seq,
    });
    if (parent) io.to(rooms.channel(parent.channelId)).emit('message:updated', parent);
  }

  private reactionsChanged(message: MessageDto): void {
    this.namespace?.to(rooms.channel(message.channelId)).emit('reaction:updated', {
      messageId: message.id,
      channelId: message.channelId,
      reactions: message.reactions,
    });
  }

  /**
   * A member lost access (unfollowed, removed): every connection of theirs, on any process, leaves the
   * theme's channel and presence rooms, and stops counting as present there.
   */
  private async revokeAccess({ memberId, themeId, channelIds }: LostAccess): Promise<void> {
    const io = this.namespace;
    if (!io || !channelIds.length) return;
    const connections = io.in(rooms.member(memberId));
    const sockets = await connections.fetchSockets();
    connections.socketsLeave([...channelIds.map(rooms.channel), rooms.theme(themeId)]);
    await Promise.all(sockets.map((socket) => this.presence.left(themeId, memberId, socket.id)));
  }

  private async notifyMentioned(message: MessageDto, memberIds: string[]): Promise<void> {
    const io = this.namespace;
    if (!io || !memberIds.length) return;
    await Promise.all(
      memberIds.map(async (memberId) => {
        io.to(rooms.member(memberId)).emit('mention', { message });
        const [counts] = await this.chat.unreadCounts(memberId, [message.channelId]);
        if (counts) io.to(rooms.member(memberId)).emit('unread', counts);
      }),
    );
  }
}
