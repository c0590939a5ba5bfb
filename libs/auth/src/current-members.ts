import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { REDIS, watchRedisErrors } from '@app/redis';
import { TokenInvalidError } from './auth.errors';
import type { AuthMember, Role } from './roles';
import { TokenService } from './token.service';

/**
 * A member's role as it is now, or null once they are gone. The members domain provides it (auth may
 * not read its tables); see MemberLookupModule.
 */
export abstract class SubjectLookup {
  abstract roleOf(memberId: string): Promise<Role | null>;
}

/**
 * How long a process trusts what it read about a member. Role changes and deletions clear it at once in
 * every process (pub/sub), and a subscriber that was cut off starts afresh when it is back, so this only
 * bounds a change whose publish itself failed. At 10 s, 1,000 connected members cost 100 lookups a second.
 */
const CACHE_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * An access token says who signed in and what they were; this says whether they still are. Every use of
 * a token (each HTTP request, each Socket.IO connection and event) asks it: a member who was deleted gets
 * TOKEN_INVALID, a demoted admin is a member again, at once in every process. Reads are cached for a
 * few seconds per process, and `forget()` (on a role change or a deletion) clears the entry in every
 * process through Redis pub/sub.
 */
@Injectable()
export class CurrentMembers implements OnApplicationShutdown {
  private readonly logger = new Logger(CurrentMembers.name);
  private readonly cache = new Map<string, { role: Role; at: number }>();
  private readonly channel: string;
  /** Subscribed on first use, so processes that never check a token (cli) open no connection. */
  private subscriber: Redis | null = null;

  constructor(
    private readonly lookup: SubjectLookup,
    private readonly tokens: TokenService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = `${config.REDIS_KEY_PREFIX}member-standing`;
  }

  /** A Socket.IO handshake's token: signature, expiry and kind (TokenService), then the member as they are now. */
  async authenticate(accessToken: string): Promise<AuthMember> {
    return this.resolve(await this.tokens.verifyAccessToken(accessToken));
  }

  /** The member as read within the last few seconds, without I/O; null when they must be read again. */
  peek(memberId: string): AuthMember | null {
    const cached = this.cache.get(memberId);
    return cached && Date.now() - cached.at < CACHE_MS ? { id: memberId, role: cached.role } : null;
  }

  /** The caller as they are now; TOKEN_INVALID when the token's member no longer exists. */
  async resolve(claimed: AuthMember): Promise<AuthMember> {
    this.subscribe();
    const cached = this.peek(claimed.id);
    if (cached) return withSession(cached, claimed);
    const role = await this.lookup.roleOf(claimed.id);
    if (!role) {
      this.cache.delete(claimed.id);
      throw new TokenInvalidError();
    }
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(claimed.id, { role, at: Date.now() });
    return withSession({ id: claimed.id, role }, claimed);
  }

  /** A member's role changed or they were deleted: every process reads them again. */
  async forget(memberId: string): Promise<void> {
    this.cache.delete(memberId);
    // Without Redis the other processes still read the change within CACHE_MS.
    await this.redis.publish(this.channel, memberId).catch((error: unknown) => {
      this.logger.warn({ err: error, memberId }, 'could not tell other processes of a member change');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private subscribe(): void {
    if (this.subscriber) return;
    // A duplicate without the key prefix: channels are named in full.
    const subscriber = watchRedisErrors(this.redis.duplicate({ keyPrefix: '' }), 'member-standing');
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, memberId: string) => this.cache.delete(memberId));
    // While the subscription is down, changes may be missed: start afresh when it is back.
    subscriber.on('ready', () => this.cache.clear());
    subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'member change subscription failed; relying on the cache expiry');
    });
  }
}

/** The member as they are now, on the device the token was issued for. */
function withSession(member: AuthMember, claimed: AuthMember): AuthMember {
  return claimed.sessionId ? { ...member, sessionId: claimed.sessionId } : member;
}
