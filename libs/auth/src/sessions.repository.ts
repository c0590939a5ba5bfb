import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { updateReturning } from '@app/database';
import { AuthSessionEntity, type SessionRevokedReason } from './auth-session.entity';

/**
 * How long the token a rotation replaced still works for a browser. Short: within it a stolen copy is not
 * detected, and the window is not renewed by using it.
 */
const PREVIOUS_TOKEN_GRACE = '10 seconds';

/** A session's metadata, for the member's own data export. */
export interface SessionRecord {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** A live session as its member sees it in their list of devices. */
export interface LiveSession {
  id: string;
  createdAt: Date;
  /** The last refresh (access tokens are refreshed every few minutes while the device is in use). */
  lastUsedAt: Date;
  userAgent: string | null;
}

/** auth_sessions: one row per signed-in device, holding only digests of its refresh tokens. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    session: Pick<AuthSessionEntity, 'id' | 'memberId' | 'tokenHash' | 'userAgent' | 'ip' | 'expiresAt'>,
  ): Promise<void> {
    // The database's clock, like created_at: a session is never last used before it began.
    await this.db.getRepository(AuthSessionEntity).insert({ ...session, rotatedAt: () => 'now()' });
  }

  /**
   * Replaces the session's current token digest by `nextHash` if `presentedHash` is the current one — or,
   * with `acceptJustReplaced`, the one the last rotation replaced, for PREVIOUS_TOKEN_GRACE after it. One
   * conditional statement, so two refreshes with the same token cannot both win. False when neither.
   */
  async rotate(
    sessionId: string,
    presentedHash: string,
    nextHash: string,
    expiresAt: Date,
    acceptJustReplaced: boolean,
  ): Promise<boolean> {
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
      [sessionId, presentedHash, nextHash, expiresAt, acceptJustReplaced],
    );
    return rows.length === 1;
  }

  /** True when a live session was revoked now. */
  async revoke(sessionId: string, reason: SessionRevokedReason): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL AND expires_at > now()', { sessionId })
      .execute();
    return result.affected === 1;
  }

  /** The member's sessions that still work, most recently used first. */
  async liveOf(memberId: string): Promise<LiveSession[]> {
    const rows = await this.db.query<
      { id: string; created_at: Date; rotated_at: Date; user_agent: string | null }[]
    >(
      `SELECT id, created_at, rotated_at, user_agent FROM auth_sessions
        WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > now()
        ORDER BY rotated_at DESC, id`,
      [memberId],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      lastUsedAt: row.rotated_at,
      userAgent: row.user_agent,
    }));
  }

  /** Ends one live session of this member; false when it is not theirs, or not live. */
  async revokeOwn(memberId: string, sessionId: string, reason: SessionRevokedReason): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $3
        WHERE id = $1 AND member_id = $2 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id`,
      [sessionId, memberId, reason],
    );
    return rows.length === 1;
  }

  /** Ends every live session of the member but `keepSessionId` (null: all); returns how many. */
  async revokeAllOf(
    memberId: string,
    reason: SessionRevokedReason,
    keepSessionId: string | null,
  ): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE member_id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND ($3::uuid IS NULL OR id <> $3::uuid)
        RETURNING id`,
      [memberId, reason, keepSessionId],
    );
    return rows.length;
  }

  /** A member's sessions as they may see them (never the token digests), newest first; for their data export. */
  async describe(memberId: string): Promise<SessionRecord[]> {
    const rows = await this.db.query<
      {
        id: string;
        user_agent: string | null;
        ip: string | null;
        created_at: Date;
        rotated_at: Date;
        expires_at: Date;
        revoked_at: Date | null;
        revoked_reason: string | null;
      }[]
    >(
      `SELECT id, user_agent, ip, created_at, rotated_at, expires_at, revoked_at, revoked_reason
         FROM auth_sessions WHERE member_id = $1 ORDER BY created_at DESC, id`,
      [memberId],
    );
    return rows.map((row) => ({
      id: row.id,
      userAgent: row.user_agent,
      ip: row.ip,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.rotated_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      revokedAt: row.revoked_at?.toISOString() ?? null,
      revokedReason: row.revoked_reason,
    }));
  }

  /** Deletes every session of a member (they left): no refresh token of theirs works any more. */
  async deleteAllOf(memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM auth_sessions WHERE member_id = $1`, [memberId]);
  }
}
