import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { SessionRevokedReason } from './auth-session.entity';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './auth.errors';
import { SessionsRepository, type LiveSession, type SessionRecord } from './sessions.repository';
import { TokenService } from './token.service';

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

/**
 * Refresh-token sessions. Every refresh replaces the stored digest; presenting a token that this
 * server signed for the session but that is no longer current means a copy is in someone else's
 * hands, so the whole session is revoked.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Opens a session and returns its first refresh token. */
  async start(memberId: string, meta: SessionMeta): Promise<string> {
    return (await this.open(memberId, meta)).refreshToken;
  }

  /** Opens a session; its id goes into the access tokens issued for it. */
  async open(memberId: string, meta: SessionMeta): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = randomUUID();
    const refreshToken = await this.tokens.signRefreshToken({ memberId, sessionId });
    await this.sessions.insert({
      id: sessionId,
      memberId,
      tokenHash: this.tokens.digest(refreshToken),
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      ip: meta.ip ?? null,
      expiresAt: this.expiry(),
    });
    return { sessionId, refreshToken };
  }

  /**
   * Swaps a current refresh token for a new one; returns the member and the new token. With
   * `acceptJustReplaced` (browsers, whose refresh token is a cookie), the token this session's last rotation
   * replaced is accepted too for a few seconds after it: a reload can cancel a refresh after the api rotated
   * but before the browser stored the new cookie, and that is a lost answer, not a stolen token. Any other
   * token signed for the session that is not the current one revokes the whole session.
   */
  async rotate(
    refreshToken: string,
    { acceptJustReplaced = false }: { acceptJustReplaced?: boolean } = {},
  ): Promise<{ memberId: string; sessionId: string; refreshToken: string }> {
    const { memberId, sessionId } = await this.tokens.verifyRefreshToken(refreshToken);
    const next = await this.tokens.signRefreshToken({ memberId, sessionId });
    const rotated = await this.sessions.rotate(
      sessionId,
      this.tokens.digest(refreshToken),
      this.tokens.digest(next),
      this.expiry(),
      acceptJustReplaced,
    );
    if (rotated) return { memberId, sessionId, refreshToken: next };
    const revoked = await this.sessions.revoke(sessionId, 'reuse_detected');
    throw revoked ? new RefreshTokenReusedError() : new RefreshTokenInvalidError();
  }

  /** Logout: revokes the session the token belongs to. */
  async revoke(refreshToken: string): Promise<void> {
    const { sessionId } = await this.tokens.verifyRefreshToken(refreshToken);
    await this.sessions.revoke(sessionId, 'logout');
  }

  /** The member's signed-in devices. */
  liveOf(memberId: string): Promise<LiveSession[]> {
    return this.sessions.liveOf(memberId);
  }

  /** The member ends one of their sessions; false when it is not theirs or already over. */
  endOwn(memberId: string, sessionId: string): Promise<boolean> {
    return this.sessions.revokeOwn(memberId, sessionId, 'ended_by_member');
  }

  /** Ends every session of the member except `keepSessionId` (their current device), or all with null. */
  endAll(
    memberId: string,
    reason: SessionRevokedReason,
    keepSessionId: string | null = null,
  ): Promise<number> {
    return this.sessions.revokeAllOf(memberId, reason, keepSessionId);
  }

  /** Every session of a member, without token digests (their data export). */
  describeAll(memberId: string): Promise<SessionRecord[]> {
    return this.sessions.describe(memberId);
  }

  /** The member left: every session is deleted at once (refreshing answers REFRESH_TOKEN_INVALID). */
  deleteAll(memberId: string): Promise<void> {
    return this.sessions.deleteAllOf(memberId);
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000);
  }
}
