import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { updateReturning } from '@app/database';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './auth.errors';
import { AuthSessionEntity } from './auth-session.entity';
import { TokenService } from './token.service';

/**
 * How long the token a rotation replaced still works for a browser. Short: within it a stolen copy is not
 * detected, and the window is not renewed by using it.
 */
const PREVIOUS_TOKEN_GRACE = '10 seconds';

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Opens a session and returns its first refresh token. */
  async start(memberId: string, meta: SessionMeta): Promise<string> {
    const sessionId = randomUUID();
    const refreshToken = await this.tokens.signRefreshToken({ memberId, sessionId });
    await this.db.getRepository(AuthSessionEntity).insert({
      id: sessionId,
      memberId,
      tokenHash: this.tokens.digest(refreshToken),
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      ip: meta.ip ?? null,
      rotatedAt: new Date(),
      expiresAt: this.expiry(),
    });
    return refreshToken;
  }

  /**
   * Swaps a current refresh token for a new one; returns the member and the new token. With
   * `acceptJustReplaced` (browsers, whose refresh token is a cookie), the token this session's last rotation
   * replaced is accepted too for PREVIOUS_TOKEN_GRACE after it: a reload can cancel a refresh after the api
   * rotated but before the browser stored the new cookie, and that is a lost answer, not a stolen token.
   * Any other token signed for the session that is not the current one revokes the whole session.
   */
  async rotate(
    refreshToken: string,
    { acceptJustReplaced = false }: { acceptJustReplaced?: boolean } = {},
  ): Promise<{ memberId: string; refreshToken: string }> {
    const { memberId, sessionId } = await this.tokens.verifyRefreshToken(refreshToken);
    const next = await this.tokens.signRefreshToken({ memberId, sessionId });
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE auth_sessions
          SET previous_token_hash = CASE WHEN token_hash = $2 THEN token_hash ELSE previous_token_hash END,
              previous_valid_until = CASE WHEN token_hash = $2 THEN now() + interval '${PREVIOUS_TOKEN_GRACE}'
                                          ELSE previous_valid_until END,
              token_hash = $3, rotated_at = now(), expires_at = $4
        WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND (token_hash = $2 OR ($5 AND previous_token_hash = $2 AND previous_valid_until > now()))
        RETURNING id`,
      [
        sessionId,
        this.tokens.digest(refreshToken),
        this.tokens.digest(next),
        this.expiry(),
        acceptJustReplaced,
      ],
    );
    if (rows.length === 1) return { memberId, refreshToken: next };

    const revoked = await this.revokeSession(sessionId, 'reuse_detected');
    throw revoked ? new RefreshTokenReusedError() : new RefreshTokenInvalidError();
  }

  /** Logout: revokes the session the token belongs to. */
  async revoke(refreshToken: string): Promise<void> {
    const { sessionId } = await this.tokens.verifyRefreshToken(refreshToken);
    await this.revokeSession(sessionId, 'logout');
  }

  /** True when a live session was revoked now. */
  private async revokeSession(sessionId: string, reason: 'logout' | 'reuse_detected'): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL AND expires_at > now()', { sessionId })
      .execute();
    return result.affected === 1;
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.JWT_REFRESH_TTL_SECONDS * 1000);
  }
}
