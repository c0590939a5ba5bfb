import { Logger, UseFilters, UsePipes, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { TokenMissingError, TokenService } from '@app/auth';
import {
  ChannelRefDto,
  ChatService,
  EditMessageDto,
  JoinChannelDto,
  MessageRefDto,
  PRESENCE_HEARTBEAT_MS,
  PresenceService,
  ReactionDto,
  ReadChannelDto,
  SendMessageDto,
  type UnreadDto,
} from '@app/chat';
import { DomainError, createValidationPipe } from '@app/common';
import { MembersService } from '@app/members';
import { ThemesService, toChannelDto } from '@app/themes';
import {
  CLIENT_EVENTS,
  rooms,
  type Ack,
  type ClientToServerEvents,
  type JoinAck,
  type MessageAck,
  type ServerToClientEvents,
  type SocketData,
} from './chat.events';
import { ChatRealtime, type ChatNamespace } from './chat.realtime';
import { WsExceptionFilter } from './ws-exception.filter';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** `/chat`: authenticates at connection, then re-checks the member's rights in the channel on every event. */
@WebSocketGateway({ namespace: '/chat' })
@UseFilters(WsExceptionFilter)
@UsePipes(createValidationPipe())
export class ChatGateway
  implements OnGatewayInit<ChatNamespace>, OnGatewayDisconnect<ChatSocket>, OnModuleDestroy
{
  private readonly logger = new Logger(ChatGateway.name);
  private namespace!: ChatNamespace;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly tokens: TokenService,
    private readonly members: MembersService,
    private readonly themes: ThemesService,
    private readonly chat: ChatService,
    private readonly presence: PresenceService,
    private readonly realtime: ChatRealtime,
  ) {}

  afterInit(namespace: ChatNamespace): void {
    this.namespace = namespace;
    this.realtime.attach(namespace);
    // Guards do not run on connection: the same token check as HTTP runs here, before any event.
    namespace.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          const coded = error instanceof DomainError ? error : null;
          const refusal = new Error(coded?.message ?? 'Connection refused') as Error & { data: object };
          refusal.data = { code: coded?.code ?? 'CONNECTION_REFUSED' };
          next(refusal);
        },
      );
    });
    this.heartbeat = setInterval(() => void this.refreshPresence(), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  async handleDisconnect(socket: ChatSocket): Promise<void> {
    const themes = socket.data.themes ?? new Map<string, Set<string>>();
    await Promise.all(
      [...themes.keys()].map(async (themeId) => {
        if (await this.presence.leave(themeId, socket.data.member.id, socket.id)) {
          await this.realtime.presenceChanged(themeId);
        }
      }),
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'presence cleanup failed'));
  }

  @SubscribeMessage(CLIENT_EVENTS.join)
  async join(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: JoinChannelDto): Promise<JoinAck> {
    const { channel, theme } = await this.themes.readableChannel(socket.data.member, body.channelId);
    const page =
      body.afterSeq !== undefined
        ? await this.chat.catchUp(socket.data.member, channel.id, body.afterSeq)
        : await this.chat.history(socket.data.member, channel.id, {});
    // Checked and joined with no await in between, so two joins racing on one socket cannot both see it new.
    const newToTheme = !socket.rooms.has(rooms.theme(theme.id));
    await socket.join([rooms.channel(channel.id), rooms.theme(theme.id)]);
    const joined = socket.data.themes.get(theme.id) ?? new Set<string>();
    socket.data.themes.set(theme.id, joined.add(channel.id));
    // Everyone in the theme hears of it only when the member just came online there (first connection).
    const firstIn = await this.presence.enter(theme.id, socket.data.member.id, socket.id);
    const told = firstIn && (await this.realtime.presenceChanged(theme.id));
    // A connection new to the theme learns the list once; from then on the theme's broadcasts keep it current.
    if (newToTheme && !told) {
      socket.emit('presence', { themeId: theme.id, memberIds: await this.presence.online(theme.id) });
    }
    return {
      ok: true,
      channel: toChannelDto(channel),
      messages: page.items,
      hasMore: page.nextCursor !== null,
    };
  }

  @SubscribeMessage(CLIENT_EVENTS.leave)
  async leave(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: ChannelRefDto): Promise<Ack> {
    await socket.leave(rooms.channel(body.channelId));
    for (const [themeId, channels] of socket.data.themes) {
      if (!channels.delete(body.channelId) || channels.size) continue;
      socket.data.themes.delete(themeId);
      await socket.leave(rooms.theme(themeId));
      if (await this.presence.leave(themeId, socket.data.member.id, socket.id)) {
        await this.realtime.presenceChanged(themeId);
      }
    }
    return { ok: true };
  }

  @SubscribeMessage(CLIENT_EVENTS.send)
  async send(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: SendMessageDto,
  ): Promise<MessageAck> {
    const result = await this.chat.send(socket.data.member, body);
    await this.realtime.messageCreated(result, socket.id);
    return { ok: true, message: result.message };
  }

  @SubscribeMessage(CLIENT_EVENTS.edit)
  async edit(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: EditMessageDto,
  ): Promise<MessageAck> {
    const { message, mentioned } = await this.chat.edit(socket.data.member, body.messageId, body.body);
    await this.realtime.messageEdited(message, mentioned);
    return { ok: true, message };
  }

  @SubscribeMessage(CLIENT_EVENTS.delete)
  async delete(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: MessageRefDto,
  ): Promise<MessageAck> {
    const { message, parent } = await this.chat.delete(socket.data.member, body.messageId);
    this.realtime.messageDeleted(message, parent);
    return { ok: true, message };
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionAdd)
  addReaction(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: ReactionDto): Promise<MessageAck> {
    return this.react(socket, body, true);
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionRemove)
  removeReaction(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: ReactionDto,
  ): Promise<MessageAck> {
    return this.react(socket, body, false);
  }

  @SubscribeMessage(CLIENT_EVENTS.typing)
  async typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: ChannelRefDto): Promise<Ack> {
    await this.themes.writableChannel(socket.data.member, body.channelId);
    socket
      .to(rooms.channel(body.channelId))
      .emit('typing', { channelId: body.channelId, member: socket.data.profile });
    return { ok: true };
  }

  @SubscribeMessage(CLIENT_EVENTS.read)
  async read(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: ReadChannelDto,
  ): Promise<Ack<UnreadDto>> {
    const counts = await this.chat.markRead(socket.data.member, body.channelId, body.seq);
    // Every device of the member sees the new counts.
    this.namespace.to(rooms.member(socket.data.member.id)).emit('unread', counts);
    return { ok: true, ...counts };
  }

  private async react(socket: ChatSocket, body: ReactionDto, add: boolean): Promise<MessageAck> {
    const message = await this.chat.react(socket.data.member, body.messageId, body.emoji, add);
    this.realtime.reactionsChanged(message);
    return { ok: true, message };
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || !token) throw new TokenMissingError();
    const member = await this.tokens.verifyAccessToken(token);
    const profile = await this.members.get(member.id);
    socket.data = {
      member,
      profile: { id: profile.id, displayName: profile.displayName },
      themes: new Map(),
    };
    await socket.join(rooms.member(member.id));
  }

  /**
   * Keeps this process's connections present; entries of a crashed process expire on their own. A socket
   * that was made to leave a theme's room (lost access, possibly from another process) is dropped here.
   */
  private async refreshPresence(): Promise<void> {
    const sockets = [...this.namespace.sockets.values()] as ChatSocket[];
    const changed = new Set<string>();
    const themes = new Set<string>();
    await Promise.all(
      sockets.flatMap((socket) =>
        [...(socket.data.themes?.keys() ?? [])].map(async (themeId) => {
          if (!socket.rooms.has(rooms.theme(themeId))) {
            socket.data.themes.delete(themeId);
            return;
          }
          themes.add(themeId);
          // Back after its entries had expired (Redis was unreachable for a while, say).
          if (await this.presence.enter(themeId, socket.data.member.id, socket.id)) changed.add(themeId);
        }),
      ),
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'presence heartbeat failed'));
    // Members whose process died without saying goodbye drop out here, in the themes this process serves.
    await Promise.all(
      [...themes].map(async (themeId) => {
        if (changed.has(themeId) || (await this.presence.sweep(themeId))) {
          await this.realtime.presenceChanged(themeId);
        }
      }),
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'presence sweep failed'));
  }
}
