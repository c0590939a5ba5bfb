import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface VisitDay {
  day: string;
  memberId: string;
}

export interface ActivityDayRow {
  day: string;
  visited: boolean;
  engaged: boolean;
}

/**
 * The activity domain's SQL: activity_days. Engagement is read from the views the chat and events domains
 * publish (chat_engagements, event_engagements: a member and an instant), never from their tables.
 */
@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One statement for a batch of visits (unnest); a day already marked is left as it is. Members unknown
   * to the members domain (a row removed since) are skipped rather than failing the batch. Rows go in key
   * order, as in markEngaged, so two workers' writes of the same member-days cannot deadlock.
   */
  async markVisited(visits: readonly VisitDay[]): Promise<void> {
    if (!visits.length) return;
    await this.db.query(
      `INSERT INTO activity_days (day, member_id, visited)
       SELECT v.day, v.member_id, true
         FROM unnest($1::date[], $2::uuid[]) AS v (day, member_id)
        WHERE EXISTS (SELECT 1 FROM member_cards m WHERE m.id = v.member_id)
        ORDER BY 1, 2
       ON CONFLICT (day, member_id) DO UPDATE SET visited = true WHERE NOT activity_days.visited`,
      [visits.map((visit) => visit.day), visits.map((visit) => visit.memberId)],
    );
  }

  /**
   * Marks engaged every member and Tokyo day with an engagement in [from, to): one INSERT … SELECT, idempotent
   * (a day already engaged is not rewritten). Returns how many member-days became engaged.
   */
  async markEngaged(from: Date, to: Date): Promise<number> {
    const rows = await this.db.query<{ count: number }[]>(
      `WITH marked AS (
         INSERT INTO activity_days (day, member_id, engaged)
         SELECT DISTINCT (e.at AT TIME ZONE 'Asia/Tokyo')::date, e.member_id, true
           FROM (SELECT member_id, at FROM chat_engagements WHERE at >= $1 AND at < $2
                 UNION ALL
                 SELECT member_id, at FROM event_engagements WHERE at >= $1 AND at < $2) e
          ORDER BY 1, 2
         ON CONFLICT (day, member_id) DO UPDATE SET engaged = true WHERE NOT activity_days.engaged
         RETURNING 1)
       SELECT count(*)::int AS count FROM marked`,
      [from, to],
    );
    return rows[0].count;
  }

  /** The earliest engagement of all, where a backfill starts; null on an empty database. */
  async firstEngagement(): Promise<Date | null> {
    const [row] = await this.db.query<{ at: Date | null }[]>(
      `SELECT least((SELECT min(at) FROM chat_engagements), (SELECT min(at) FROM event_engagements)) AS at`,
    );
    return row.at;
  }

  /** The latest day marked engaged: where a rollup that lost its watermark starts again. */
  async lastEngagedDay(): Promise<string | null> {
    const [row] = await this.db.query<{ day: string | null }[]>(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM activity_days WHERE engaged`,
    );
    return row.day;
  }

  /** The database's clock, so windows do not depend on the worker's. */
  async now(): Promise<Date> {
    const [row] = await this.db.query<{ now: Date }[]>(`SELECT clock_timestamp() AS now`);
    return row.now;
  }

  /** A member's days, oldest first (their data export). */
  async daysOf(memberId: string): Promise<ActivityDayRow[]> {
    return this.db.query<ActivityDayRow[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, visited, engaged FROM activity_days
        WHERE member_id = $1 ORDER BY day`,
      [memberId],
    );
  }
}
