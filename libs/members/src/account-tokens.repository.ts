import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { updateReturning } from '@app/database';

export type AccountTokenPurpose = 'verify_email' | 'password_reset';

/** A used token: whose it was, which address it was mailed to and when it was issued. */
export interface ConsumedToken {
  memberId: string;
  email: string;
  createdAt: Date;
}

/** account_tokens: the mailed single-use links, kept only as SHA-256 digests. */
@Injectable()
export class AccountTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(token: {
    memberId: string;
    purpose: AccountTokenPurpose;
    tokenHash: string;
    email: string;
    ttlSeconds: number;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO account_tokens (member_id, purpose, token_hash, email, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [token.memberId, token.purpose, token.tokenHash, token.email, token.ttlSeconds],
    );
  }

  /**
   * Marks the token used if it is of this purpose, unused and unexpired, in one conditional statement (two
   * uses racing: one wins). Null otherwise.
   */
  async consume(purpose: AccountTokenPurpose, tokenHash: string): Promise<ConsumedToken | null> {
    const [row] = await updateReturning<{ member_id: string; email: string; created_at: Date }>(
      this.db,
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING member_id, email, created_at`,
      [tokenHash, purpose],
    );
    return row ? { memberId: row.member_id, email: row.email, createdAt: row.created_at } : null;
  }

  /** Gives a consumed token back (the change it was for could not be made, e.g. the address was taken). */
  async release(tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE account_tokens SET used_at = NULL WHERE token_hash = $1`, [tokenHash]);
  }
}
