import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@app/redis';

/** A connection counts as present until this long after its last heartbeat (a crashed process's sockets fade out). */
export const PRESENCE_TTL_MS = 90_000;
export const PRESENCE_HEARTBEAT_MS = 30_000;

/**
 * Who is online in a theme, shared by every api process through Redis: one sorted-set entry per
 * connection (`member:socket`), scored by when it expires.
 */
@Injectable()
export class PresenceService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async enter(themeId: string, memberId: string, socketId: string): Promise<void> {
    await this.redis.zadd(this.key(themeId), Date.now() + PRESENCE_TTL_MS, `${memberId}:${socketId}`);
  }

  async leave(themeId: string, memberId: string, socketId: string): Promise<void> {
    await this.redis.zrem(this.key(themeId), `${memberId}:${socketId}`);
  }

  /** Distinct members with at least one live connection in the theme. */
  async online(themeId: string): Promise<string[]> {
    const key = this.key(themeId);
    const now = Date.now();
    const [, entries] = await Promise.all([
      this.redis.zremrangebyscore(key, '-inf', now),
      this.redis.zrangebyscore(key, now, '+inf'),
    ]);
    return [...new Set(entries.map((entry) => entry.split(':')[0]))];
  }

  private key(themeId: string): string {
    return `presence:theme:${themeId}`;
  }
}
