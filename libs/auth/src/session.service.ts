import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { updateReturning } from '@app/database';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './auth.errors';
import { AuthSessionEntity } from './auth-session.entity';
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

  /** Swaps a current refresh token for a new one; returns the member and the new token. */
  async rotate(refreshToken: string): Promise<{ memberId: string; refreshToken: string }> {
    const { memberId, sessionId } = await this.tokens.verifyRefreshToken(refreshToken);
    const next = await this.tokens.signRefreshToken({ memberId, sessionId });
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE auth_sessions
          SET token_hash = $3, rotated_at = now(), expires_at = $4
        WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id`,
      [sessionId, this.tokens.digest(refreshToken), this.tokens.digest(next), this.expiry()],
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
