import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { updateReturning } from '@app/database';

export interface InvitationRow {
  id: string;
  email: string;
  themeId: string | null;
  message: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  email: string;
  theme_id: string | null;
  message: string;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS = `id, email, theme_id, message, invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at`;

function toInvitation(row: Row): InvitationRow {
  return {
    id: row.id,
    email: row.email,
    themeId: row.theme_id,
    message: row.message,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    acceptedBy: row.accepted_by,
    revokedAt: row.revoked_at,
  };
}

export interface InvitationFilter {
  /** Only invitations into these themes or sent by this member (an owner's view); none: all (staff). */
  mine?: { themeIds: readonly string[]; invitedBy: string };
  before?: [string, string];
  limit: number;
}

/** invitations: who was invited by whom into which theme; only the SHA-256 of a token is stored. */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(invitation: {
    tokenHash: string;
    email: string;
    themeId: string | null;
    message: string;
    invitedBy: string;
    expiresAt: Date;
  }): Promise<InvitationRow> {
    const [row] = await updateReturning<Row>(
      this.db,
      `INSERT INTO invitations (token_hash, email, theme_id, message, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        invitation.tokenHash,
        invitation.email,
        invitation.themeId,
        invitation.message,
        invitation.invitedBy,
        invitation.expiresAt,
      ],
    );
    return toInvitation(row);
  }

  async findById(id: string): Promise<InvitationRow | null> {
    const [row] = await this.db.query<Row[]>(`SELECT ${COLUMNS} FROM invitations WHERE id = $1`, [id]);
    return row ? toInvitation(row) : null;
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
    const [row] = await this.db.query<Row[]>(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1`, [
      tokenHash,
    ]);
    return row ? toInvitation(row) : null;
  }

  /** Newest first, keyset on (created_at, id); one more than `limit` tells of a next page. */
  async list(filter: InvitationFilter): Promise<InvitationRow[]> {
    const params: unknown[] = [filter.limit + 1];
    const where: string[] = [];
    if (filter.mine) {
      params.push(filter.mine.themeIds, filter.mine.invitedBy);
      where.push(`(theme_id = ANY($2::uuid[]) OR invited_by = $3)`);
    }
    if (filter.before) {
      params.push(filter.before[0], filter.before[1]);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows = await this.db.query<Row[]>(
      `SELECT ${COLUMNS} FROM invitations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
    return rows.map(toInvitation);
  }

  /**
   * Takes a pending invitation for a registration in one conditional statement, so two registrations with
   * one token cannot both have it. Null when it is not pending (used, revoked, expired or unknown).
   */
  async claim(tokenHash: string): Promise<InvitationRow | null> {
    const [row] = await updateReturning<Row>(
      this.db,
      `UPDATE invitations SET accepted_at = now()
        WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING ${COLUMNS}`,
      [tokenHash],
    );
    return row ? toInvitation(row) : null;
  }

  /** The registration that claimed it failed: pending again. */
  async release(id: string): Promise<void> {
    await this.db.query(`UPDATE invitations SET accepted_at = NULL WHERE id = $1 AND accepted_by IS NULL`, [
      id,
    ]);
  }

  async setAcceptedBy(id: string, memberId: string): Promise<void> {
    await this.db.query(`UPDATE invitations SET accepted_by = $2 WHERE id = $1`, [id, memberId]);
  }

  /** True when it was pending and is revoked now. */
  async revoke(id: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE invitations SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
        RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  /** For a member's data export: the invitations they sent, and the one(s) they registered with. */
  async ofMember(memberId: string): Promise<{ sent: InvitationRow[]; received: InvitationRow[] }> {
    const [sent, received] = await Promise.all([
      this.db.query<Row[]>(`SELECT ${COLUMNS} FROM invitations WHERE invited_by = $1 ORDER BY created_at`, [
        memberId,
      ]),
      this.db.query<Row[]>(`SELECT ${COLUMNS} FROM invitations WHERE accepted_by = $1 ORDER BY created_at`, [
        memberId,
      ]),
    ]);
    return { sent: sent.map(toInvitation), received: received.map(toInvitation) };
  }

  /**
   * The member left: what they sent and is still pending is revoked, and the address on the invitation they
   * registered with (theirs) is replaced, like the one on their row.
   */
  async forgetMember(memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE invitations SET revoked_at = now()
          WHERE invited_by = $1 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [memberId],
      );
      await tx.query(
        `UPDATE invitations SET email = 'left-' || accepted_by || '@deleted.invalid' WHERE accepted_by = $1`,
        [memberId],
      );
    });
  }
}
