import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** How members answered digests, for the city's figures: links followed (digest_clicks), unsubscribes. */
@Injectable()
export class DigestResponsesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The first click per member and period keeps its time; every click is counted. Only a digest the member
   * was sent is credited (as with unsubscribes), so the figures can count a period's clicks without
   * checking each one's delivery.
   */
  async recordClick(memberId: string, period: string): Promise<void> {
    await this.db.query(
      `INSERT INTO digest_clicks (member_id, period)
       SELECT $1, $2 WHERE EXISTS (
         SELECT 1 FROM digest_deliveries WHERE member_id = $1 AND period = $2 AND status = 'sent')
       ON CONFLICT (member_id, period) DO UPDATE SET clicks = digest_clicks.clicks + 1`,
      [memberId, period],
    );
  }

  /**
   * A member turned digests off. The period (from the unsubscribe link, which does not sign it) is kept only
   * when that member was sent a digest for it, so a hand-edited link cannot credit another digest.
   */
  async recordUnsubscribe(memberId: string, period: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO digest_unsubscribes (member_id, period)
       VALUES ($1, (SELECT period FROM digest_deliveries WHERE member_id = $1 AND period = $2))`,
      [memberId, period],
    );
  }
}
