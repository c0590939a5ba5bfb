import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { PRESENCE_BROADCAST_WINDOW_MS, PRESENCE_HEARTBEAT_MS, PresenceService } from '@app/chat';
import {
  rooms,
  type ChatNamespace,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from './chat.events';
import { KeyedThrottle } from './keyed-throttle';

type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Who is online in each theme, as this process's connections tell it: a connection enters a theme when it
 * joins one of its channels and leaves with its last one (or when it closes, or loses access). The
 * record is PresenceService's (Redis, shared by every api process); this keeps it current with a
 * heartbeat, sweeps out the connections of processes that died, and tells a theme when its online list
 * changed — at once, or folded into one broadcast at the end of PRESENCE_BROADCAST_WINDOW_MS.
 */
@Injectable()
export class ChatPresence implements OnModuleDestroy {
  private readonly logger = new Logger(ChatPresence.name);
  private namespace: ChatNamespace | null = null;
  private heartbeat?: NodeJS.Timeout;
  private readonly broadcasts = new KeyedThrottle(PRESENCE_BROADCAST_WINDOW_MS, (themeId) =>
    this.broadcast(themeId),
  );

  constructor(private readonly presence: PresenceService) {}

  attach(namespace: ChatNamespace): void {
    this.namespace = namespace;
    this.heartbeat = setInterval(() => void this.refresh(), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** At shutdown, after the gateway drained: no more heartbeats or broadcasts. */
  detach(): void {
    this.namespace = null;
    clearInterval(this.heartbeat);
    this.broadcasts.clear();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  /**
   * The connection joined one of the theme's channels (its rooms already joined). Everyone in the theme
   * hears of it only when the member just came online there; a connection new to the theme otherwise
   * learns the list once, to itself.
   */
  async joined(socket: ChatSocket, themeId: string, newToTheme: boolean): Promise<void> {
    const firstIn = await this.presence.enter(themeId, socket.data.member.id, socket.id);
    const told = firstIn && (await this.changed(themeId));
    if (newToTheme && !told) {
      socket.emit('presence', { themeId, memberIds: await this.presence.online(themeId) });
    }
  }

  /** The connection left the theme's last channel (or lost access to the theme). */
  async left(themeId: string, memberId: string, socketId: string): Promise<void> {
    if (await this.presence.leave(themeId, memberId, socketId)) await this.changed(themeId);
  }

  /** The connection closed: it leaves every theme it was in. */
  async disconnected(socket: ChatSocket): Promise<void> {
    const themes = [...(socket.data.themes?.keys() ?? [])];
    await Promise.all(themes.map((themeId) => this.left(themeId, socket.data.member.id, socket.id))).catch(
      (error: unknown) => this.logger.warn({ err: error }, 'presence cleanup failed'),
    );
  }

  /** Tells the theme its online list changed; resolves true when the broadcast went out now. */
  private async changed(themeId: string): Promise<boolean> {
    const now = this.broadcasts.trigger(themeId);
    if (!now) return false;
    await now;
    return true;
  }

  /** Reads the list when it goes out, so a broadcast folded into a window's end carries the latest one. */
  private async broadcast(themeId: string): Promise<void> {
    try {
      const memberIds = await this.presence.online(themeId);
      this.namespace?.to(rooms.theme(themeId)).emit('presence', { themeId, memberIds });
    } catch (error: unknown) {
      this.logger.warn({ err: error, themeId }, 'presence broadcast failed');
    }
  }

  /**
   * Keeps this process's connections present; entries of a crashed process expire on their own. A socket
   * that was made to leave a theme's room (lost access, possibly from another process) is dropped here.
   */
  private async refresh(): Promise<void> {
    const sockets = [...(this.namespace?.sockets.values() ?? [])] as ChatSocket[];
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
        if (changed.has(themeId) || (await this.presence.sweep(themeId))) await this.changed(themeId);
      }),
    ).catch((error: unknown) => this.logger.warn({ err: error }, 'presence sweep failed'));
  }
}
