import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReminderKind } from '@app/queue';

export type EventMailClaim = ReminderKind | 'cancelled';

/** The token of a calendar feed is stored only as this digest. */
export const feedTokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/** event_mail_deliveries and calendar_tokens: what was mailed about events, and who has a private feed. */
@Injectable()
export class EventMailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Claims the (event, member, kind, start) mail; false when it was claimed before. */
  async claim(eventId: string, memberId: string, kind: EventMailClaim, startsAt: Date): Promise<boolean> {
    const rows = await this.db.query<{ member_id: string }[]>(
      `INSERT INTO event_mail_deliveries (event_id, member_id, kind, starts_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING member_id`,
      [eventId, memberId, kind, startsAt],
    );
    return rows.length > 0;
  }

  /** Gives a claim back (the mail did not go out, a retry may send it). */
  async release(eventId: string, memberId: string, kind: EventMailClaim, startsAt: Date): Promise<void> {
    await this.db.query(
      `DELETE FROM event_mail_deliveries WHERE event_id = $1 AND member_id = $2 AND kind = $3 AND starts_at = $4`,
      [eventId, memberId, kind, startsAt],
    );
  }

  async feedOwner(token: string): Promise<string | null> {
    const [row] = await this.db.query<{ member_id: string }[]>(
      `SELECT member_id FROM calendar_tokens WHERE token_hash = $1`,
      [feedTokenDigest(token)],
    );
    return row?.member_id ?? null;
  }

  async feedCreatedAt(memberId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ created_at: Date }[]>(
      `SELECT created_at FROM calendar_tokens WHERE member_id = $1`,
      [memberId],
    );
    return row?.created_at ?? null;
  }

  async replaceFeedToken(memberId: string, token: string): Promise<void> {
    await this.db.query(
      `INSERT INTO calendar_tokens (member_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (member_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [memberId, feedTokenDigest(token)],
    );
  }

  async deleteFeedToken(memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM calendar_tokens WHERE member_id = $1`, [memberId]);
  }
}
