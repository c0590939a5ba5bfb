import { Inject, Logger, UseFilters, UsePipes, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { CurrentMembers, TokenInvalidError, TokenMissingError, VisitRecorder } from '@app/auth';
import {
  ChannelRefDto,
  ChatService,
  EditMessageDto,
  JoinChannelDto,
  MessageRefDto,
  ReactionDto,
  ReadChannelDto,
  SendMessageDto,
  type UnreadDto,
} from '@app/chat';
import { DomainError, RateLimitedError, createValidationPipe } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MembersService } from '@app/members';
import { ThemeAccess, toChannelDto } from '@app/themes';
import {
  CLIENT_EVENTS,
  rooms,
  type Ack,
  type ClientToServerEvents,
  type JoinAck,
  type MessageAck,
  type ChatNamespace,
  type ServerToClientEvents,
  type SocketData,
} from './chat.events';
import { ChatPresence } from './chat-presence';
import { ChatRealtime } from './chat.realtime';
import { SocketFloodGuard } from './socket-flood-guard';
import { WsExceptionFilter, toErrorAck } from './ws-exception.filter';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const KNOWN_EVENTS = new Set<string>(Object.values(CLIENT_EVENTS));
/** Events of one connection handled at once: a flood cannot take the database pool from everyone else. */
const MAX_EVENTS_IN_FLIGHT = 8;
/** Refusals in 10 s after which a connection is closed. */
const DISCONNECT_AFTER_REFUSALS = 100;
/** A typing indicator stays on screen a few seconds: one per channel and connection this often is enough. */
export const TYPING_INTERVAL_MS = 2000;
/** How long a shutdown waits for events being handled and for disconnect clean-ups. */
const DRAIN_MS = 10_000;

const SERVER_CLOSING = { code: 'SERVER_CLOSING', message: 'The server is restarting; reconnect in a moment' };

/** `/chat`: authenticates at connection, then re-checks the member's rights in the channel on every event. */
@WebSocketGateway({ namespace: '/chat' })
@UseFilters(WsExceptionFilter)
@UsePipes(createValidationPipe())
export class ChatGateway
  implements OnGatewayInit<ChatNamespace>, OnGatewayDisconnect<ChatSocket>, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ChatGateway.name);
  private namespace!: ChatNamespace;
  private closing = false;
  /** What a shutdown waits for: acknowledged events being handled, and disconnect clean-ups. */
  private readonly unfinished = new Set<Promise<unknown>>();

  constructor(
    private readonly currentMembers: CurrentMembers,
    private readonly members: MembersService,
    private readonly access: ThemeAccess,
    private readonly chat: ChatService,
    private readonly presence: ChatPresence,
    private readonly realtime: ChatRealtime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly visits: VisitRecorder,
  ) {}

  afterInit(namespace: ChatNamespace): void {
    this.namespace = namespace;
    this.realtime.attach(namespace);
    this.presence.attach(namespace);
    // Guards do not run on connection: the same token check as HTTP runs here, before any event.
    namespace.use((socket, next) => {
      if (this.closing)
        return next(Object.assign(new Error(SERVER_CLOSING.message), { data: SERVER_CLOSING }));
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
  }

  /**
   * Before Nest closes the Socket.IO server and its Redis adapter (and later Redis and PostgreSQL): take no
   * new connection or event, let the events being handled finish (their acks still reach the clients),
   * then disconnect everyone and let the presence clean-ups finish while Redis is still there.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.namespace) return;
    this.closing = true;
    await this.drained();
    this.namespace.disconnectSockets(true);
    await this.drained();
    this.realtime.detach();
    this.presence.detach();
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    const cleanup = this.presence.disconnected(socket);
    this.track(cleanup);
    return cleanup;
  }

  @SubscribeMessage(CLIENT_EVENTS.join)
  async join(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: JoinChannelDto): Promise<JoinAck> {
    const { channel, theme } = await this.access.readableChannel(socket.data.member, body.channelId);
    const page =
      body.afterSeq !== undefined
        ? await this.chat.catchUp(socket.data.member, channel.id, body.afterSeq)
        : await this.chat.history(socket.data.member, channel.id, {});
    // Checked and joined with no await in between, so two joins racing on one socket cannot both see it new.
    const newToTheme = !socket.rooms.has(rooms.theme(theme.id));
    await socket.join([rooms.channel(channel.id), rooms.theme(theme.id)]);
    const joined = socket.data.themes.get(theme.id) ?? new Set<string>();
    socket.data.themes.set(theme.id, joined.add(channel.id));
    await this.presence.joined(socket, theme.id, newToTheme);
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
      await this.presence.left(themeId, socket.data.member.id, socket.id);
    }
    return { ok: true };
  }

  @SubscribeMessage(CLIENT_EVENTS.send)
  async send(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: SendMessageDto,
  ): Promise<MessageAck> {
    const result = await this.chat.send(socket.data.member, body, socket.id);
    return { ok: true, message: result.message };
  }

  @SubscribeMessage(CLIENT_EVENTS.edit)
  async edit(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: EditMessageDto,
  ): Promise<MessageAck> {
    return { ok: true, message: await this.chat.edit(socket.data.member, body.messageId, body.body) };
  }

  @SubscribeMessage(CLIENT_EVENTS.delete)
  async delete(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: MessageRefDto,
  ): Promise<MessageAck> {
    return { ok: true, message: await this.chat.delete(socket.data.member, body.messageId) };
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionAdd)
  async addReaction(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: ReactionDto,
  ): Promise<MessageAck> {
    return { ok: true, message: await this.chat.react(socket.data.member, body.messageId, body.emoji, true) };
  }

  @SubscribeMessage(CLIENT_EVENTS.reactionRemove)
  async removeReaction(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() body: ReactionDto,
  ): Promise<MessageAck> {
    return {
      ok: true,
      message: await this.chat.react(socket.data.member, body.messageId, body.emoji, false),
    };
  }

  @SubscribeMessage(CLIENT_EVENTS.typing)
  async typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: ChannelRefDto): Promise<Ack> {
    // Clients repeat typing while a key is held: the repeats are acknowledged without any work.
    const now = Date.now();
    const sentAt = socket.data.typingSentAt;
    if (now - (sentAt.get(body.channelId) ?? -Infinity) < TYPING_INTERVAL_MS) return { ok: true };
    if (sentAt.size > 100) sentAt.clear();
    sentAt.set(body.channelId, now);
    await this.access.writableChannel(socket.data.member, body.channelId);
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
    return { ok: true, ...(await this.chat.markRead(socket.data.member, body.channelId, body.seq)) };
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || !token) throw new TokenMissingError();
    const member = await this.currentMembers.authenticate(token);
    // A connection is a visit (once per member and day; in memory after that). Later events add nothing.
    this.visits.visited(member.id);
    const profile = await this.members.get(member.id);
    socket.data = {
      member,
      profile: { id: profile.id, displayName: profile.displayName },
      themes: new Map(),
      typingSentAt: new Map(),
    };
    const guard = this.newFloodGuard();
    socket.use((packet, next) => this.admitEvent(socket, guard, packet, next));
    await socket.join(rooms.member(member.id));
  }

  /**
   * Runs before every event of a connection, before any Redis or database work: the connection's
   * event budget (a flood is refused with RATE_LIMITED, then disconnected), then the member as they are
   * now (a deleted member is disconnected, a role change applies at once).
   */
  private admitEvent(socket: ChatSocket, guard: SocketFloodGuard, packet: unknown[], next: () => void): void {
    const [event] = packet;
    const ack = typeof packet.at(-1) === 'function' ? (packet.at(-1) as (response: Ack) => void) : null;
    if (this.closing) {
      ack?.({ ok: false, error: SERVER_CLOSING });
      return;
    }
    const verdict = guard.admit(Date.now());
    if (verdict !== 'admit') {
      ack?.(toErrorAck(new RateLimitedError(guard.retryAfterSeconds())));
      if (verdict === 'disconnect') {
        this.logger.warn({ memberId: socket.data.member.id }, 'chat connection closed: event flood');
        socket.disconnect(true);
      }
      return;
    }
    if (typeof event !== 'string' || !KNOWN_EVENTS.has(event)) {
      ack?.({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `No such event: ${String(event)}` } });
      return;
    }
    // An acknowledged event is in flight until its ack; one without an ack cannot be followed, so it only
    // counts against the rate.
    let finished = (): void => undefined;
    if (ack) this.track(new Promise<void>((resolve) => (finished = resolve)));
    const settle = (response: Ack): void => {
      guard.settled();
      finished();
      ack?.(response);
    };
    if (ack) packet[packet.length - 1] = settle;
    guard.run(() => {
      if (!ack) guard.settled();
      // Waited for its turn while the connection went away: nothing to do, but the next one may start.
      if (!socket.connected) {
        if (ack) settle({ ok: false, error: SERVER_CLOSING });
        return;
      }
      const current = this.currentMembers.peek(socket.data.member.id);
      if (current) {
        socket.data.member = current;
        next();
        return;
      }
      this.currentMembers.resolve(socket.data.member).then(
        (member) => {
          socket.data.member = member;
          next();
        },
        (error: unknown) => {
          if (ack) settle(toErrorAck(error));
          if (error instanceof TokenInvalidError) socket.disconnect(true);
        },
      );
    });
  }

  private track(work: Promise<unknown>): void {
    this.unfinished.add(work);
    const done = () => void this.unfinished.delete(work);
    work.then(done, done);
  }

  /** Resolves when everything tracked now has finished, or after DRAIN_MS. */
  private async drained(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
    await Promise.race([Promise.allSettled([...this.unfinished]), timeout]);
    clearTimeout(timer);
  }

  private newFloodGuard(): SocketFloodGuard {
    return new SocketFloodGuard(
      {
        burst: this.config.SOCKET_EVENT_BURST,
        perSecond: this.config.SOCKET_EVENT_RATE_PER_SECOND,
        maxInFlight: MAX_EVENTS_IN_FLIGHT,
        disconnectAfterRefusals: DISCONNECT_AFTER_REFUSALS,
      },
      Date.now(),
    );
  }
}
