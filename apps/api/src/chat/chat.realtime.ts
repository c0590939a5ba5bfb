import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import {
  ChatService,
  PRESENCE_BROADCAST_WINDOW_MS,
  PresenceService,
  type MessageDto,
  type SendResult,
} from '@app/chat';
import type { LostAccess } from '@app/themes';
import { rooms, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from './chat.events';
import { KeyedThrottle } from './keyed-throttle';

export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/**
 * Pushes what happened in the chat to connected members, on every api process (through the Redis adapter).
 * Used by the gateway and by HTTP handlers whose changes members must see at once.
 */
@Injectable()
export class ChatRealtime {
  private readonly logger = new Logger(ChatRealtime.name);
  private namespace: ChatNamespace | null = null;
  private readonly presenceBroadcasts = new KeyedThrottle(PRESENCE_BROADCAST_WINDOW_MS, (themeId) =>
    this.broadcastPresence(themeId),
  );

  constructor(
    private readonly chat: ChatService,
    private readonly presence: PresenceService,
  ) {}

  attach(namespace: ChatNamespace): void {
    this.namespace = namespace;
  }

  /**
   * At shutdown, once the gateway has drained its connections: nothing more is pushed (a presence
   * broadcast folded into the end of its window would otherwise publish through the Redis adapter
   * after Nest has closed it).
   */
  detach(): void {
    this.namespace = null;
    this.presenceBroadcasts.clear();
  }

  /** A stored message goes to its channel (except the sending connection, which has it in its ack). */
  async messageCreated(result: SendResult, exceptSocketId?: string): Promise<void> {
    const io = this.namespace;
    if (!io || !result.created) return;
    const { message, parent } = result;
    const room = io.to(rooms.channel(message.channelId));
    (exceptSocketId ? room.except(exceptSocketId) : room).emit('message:new', message);
    if (parent) io.to(rooms.channel(parent.channelId)).emit('message:updated', parent);
    await this.notifyMentioned(message, result.mentioned);
  }

  async messageEdited(message: MessageDto, mentioned: string[]): Promise<void> {
    this.namespace?.to(rooms.channel(message.channelId)).emit('message:updated', message);
    await this.notifyMentioned(message, mentioned);
  }

  messageDeleted(message: MessageDto, parent: MessageDto | null): void {
    const io = this.namespace;
    if (!io) return;
    io.to(rooms.channel(message.channelId)).emit('message:deleted', {
      messageId: message.id,
      channelId: message.channelId,
      seq: message.seq,
    });
    if (parent) io.to(rooms.channel(parent.channelId)).emit('message:updated', parent);
  }

  reactionsChanged(message: MessageDto): void {
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
  async revokeAccess({ memberId, themeId, channelIds }: LostAccess): Promise<void> {
    const io = this.namespace;
    if (!io || !channelIds.length) return;
    const connections = io.in(rooms.member(memberId));
    const sockets = await connections.fetchSockets();
    connections.socketsLeave([...channelIds.map(rooms.channel), rooms.theme(themeId)]);
    const lastOut = await Promise.all(
      sockets.map((socket) => this.presence.leave(themeId, memberId, socket.id)),
    );
    if (lastOut.includes(true)) await this.presenceChanged(themeId);
  }

  /**
   * The theme's online list changed (a member's first connection in, or last out): tells everyone in the
   * theme, at once when no broadcast went out in the last PRESENCE_BROADCAST_WINDOW_MS on this process,
   * otherwise once at the end of that window. Resolves true when the broadcast went out now.
   */
  async presenceChanged(themeId: string): Promise<boolean> {
    const now = this.presenceBroadcasts.trigger(themeId);
    if (!now) return false;
    await now;
    return true;
  }

  /** Reads the list when it goes out, so a broadcast folded into a window's end carries the latest one. */
  private async broadcastPresence(themeId: string): Promise<void> {
    try {
      const memberIds = await this.presence.online(themeId);
      this.namespace?.to(rooms.theme(themeId)).emit('presence', { themeId, memberIds });
    } catch (error: unknown) {
      this.logger.warn({ err: error, themeId }, 'presence broadcast failed');
    }
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
