import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@app/redis';

/** A connection counts as present until this long after its last heartbeat (a crashed process's sockets fade out). */
export const PRESENCE_TTL_MS = 90_000;
export const PRESENCE_HEARTBEAT_MS = 30_000;
/** At most one `presence` broadcast per theme per api process in this window; a burst of changes becomes one. */
export const PRESENCE_BROADCAST_WINDOW_MS = 1_000;

/**
 * KEYS: the theme's members, the member's connections in the theme. ARGV: member id, socket id, now, expiry,
 * ttl. Records the connection; answers 1 when the member was not online in the theme before (first in).
 */
const ENTER = `
local now = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], 'GT', ARGV[4], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if before and tonumber(before) > now then return 0 end
return 1`;

/**
 * Same KEYS; ARGV: member id, socket id, now. Forgets the connection; answers 1 when it was the member's last
 * live one in the theme (last out). The member's score follows their longest-living remaining connection.
 */
const LEAVE = `
local now = tonumber(ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local newest = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if #newest > 0 then
  redis.call('ZADD', KEYS[1], newest[2], ARGV[1])
  return 0
end
local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if before and tonumber(before) > now then return 1 end
return 0`;

/**
 * Who is online in a theme, shared by every api process through Redis. Per theme, a sorted set of members
 * scored by when their longest-living connection expires, and per member a sorted set of their connections
 * scored by expiry. Entering and leaving are Lua scripts, so every process agrees on when a member's online
 * state actually changes (first connection in, last one out) and only those changes need a broadcast.
 */
@Injectable()
export class PresenceService {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Records (or refreshes) a connection; true when the member just came online in the theme. */
  async enter(themeId: string, memberId: string, socketId: string): Promise<boolean> {
    const now = Date.now();
    const changed = await this.redis.eval(
      ENTER,
      2,
      this.membersKey(themeId),
      this.connectionsKey(themeId, memberId),
      memberId,
      socketId,
      now,
      now + PRESENCE_TTL_MS,
      PRESENCE_TTL_MS,
    );
    return changed === 1;
  }

  /** Forgets a connection; true when it was the member's last one in the theme. */
  async leave(themeId: string, memberId: string, socketId: string): Promise<boolean> {
    const changed = await this.redis.eval(
      LEAVE,
      2,
      this.membersKey(themeId),
      this.connectionsKey(themeId, memberId),
      memberId,
      socketId,
      Date.now(),
    );
    return changed === 1;
  }

  /** Drops members whose connections all expired (their process died); true when there were any. */
  async sweep(themeId: string): Promise<boolean> {
    return (await this.redis.zremrangebyscore(this.membersKey(themeId), '-inf', Date.now())) > 0;
  }

  /** Distinct members with at least one live connection in the theme. */
  async online(themeId: string): Promise<string[]> {
    return this.redis.zrangebyscore(this.membersKey(themeId), Date.now(), '+inf');
  }

  // The braces make a theme's keys one Redis Cluster hash slot, which a script touching two keys needs.
  private membersKey(themeId: string): string {
    return `presence:theme:{${themeId}}`;
  }

  private connectionsKey(themeId: string, memberId: string): string {
    return `presence:theme:{${themeId}}:member:${memberId}`;
  }
}
