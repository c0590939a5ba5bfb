import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface NewHistoryMember {
  email: string;
  displayName: string;
  furigana: string;
  bio: string;
  skills: string[];
  relation: string;
  homeArea: string;
  joinedAt: Date;
  digestOff: boolean;
}

export interface HistoryDayRow {
  day: string;
  memberId: string;
  visited: boolean;
  engaged: boolean;
}

export interface PastEventRow {
  title: string;
  description: string;
  themeId: string | null;
  format: string;
  venueName: string | null;
  venueAddress: string | null;
  joinUrl: string | null;
  capacity: number | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

export interface PastRsvpRow {
  eventId: string;
  memberId: string;
  status: 'going' | 'interested';
  answeredAt: Date;
  checkedInAt: Date | null;
}

export interface PastDigestRow {
  memberId: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  sentAt: Date;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
}

type Count = { count: number }[];

/**
 * The demo history's own SQL (`npm run cli -- demo:history`), and only the demo's: it writes the past, which
 * no domain's services do — accounts that joined years ago, days of activity, events that already took place
 * with their answers and check-ins, digests sent in past weeks. Every statement is one INSERT … SELECT over
 * unnest'ed arrays with ON CONFLICT (or NOT EXISTS where a table has no key) so that running it again adds
 * nothing, and returns how many rows it added. Plain INSERTs, so the database's triggers see them as any.
 */
@Injectable()
export class DemoHistoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Members that do not exist yet (by email), verified, joined (created_at) when the plan says. They share one
   * password hash: the demo's password, hashed once (argon2 for each of them would take seconds of CPU).
   */
  async insertMembers(members: readonly NewHistoryMember[], passwordHash: string): Promise<number> {
    if (!members.length) return 0;
    const [{ count }] = await this.db.query<Count>(
      `WITH added AS (
         INSERT INTO members (email, password_hash, display_name, furigana, bio, skills, relation, home_area,
                              digest_frequency, email_verified_at, created_at, updated_at)
         SELECT m.email, $1, m.display_name, m.furigana, m.bio,
                ARRAY(SELECT jsonb_array_elements_text(m.skills)), m.relation, m.home_area,
                CASE WHEN m.digest_off THEN 'off' ELSE 'weekly' END, m.joined_at, m.joined_at, m.joined_at
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[],
                       $9::boolean[], $10::timestamptz[])
                AS m (email, display_name, furigana, bio, skills, relation, home_area, digest_off, joined_at)
         ON CONFLICT (email) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [
        passwordHash,
        members.map((m) => m.email),
        members.map((m) => m.displayName),
        members.map((m) => m.furigana),
        members.map((m) => m.bio),
        members.map((m) => JSON.stringify(m.skills)),
        members.map((m) => m.relation),
        members.map((m) => m.homeArea),
        members.map((m) => m.digestOff),
        members.map((m) => m.joinedAt),
      ],
    );
    return count;
  }

  /** Moves members' joining (created_at) back to the given instants; one already earlier is left alone. */
  async backdateJoins(joins: readonly { email: string; joinedAt: Date }[]): Promise<number> {
    if (!joins.length) return 0;
    const [{ count }] = await this.db.query<Count>(
      `WITH moved AS (
         UPDATE members m SET created_at = j.joined_at
           FROM unnest($1::text[], $2::timestamptz[]) AS j (email, joined_at)
          WHERE m.email = j.email AND m.created_at > j.joined_at
         RETURNING 1)
       SELECT count(*)::int AS count FROM moved`,
      [joins.map((j) => j.email), joins.map((j) => j.joinedAt)],
    );
    return count;
  }

  /** Member ids by email, for the emails that exist. */
  async idsByEmail(emails: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; email: string }[]>(
      `SELECT id, email FROM members WHERE email = ANY($1::text[])`,
      [emails],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  /**
   * Past days of activity, written directly: in the app the worker derives engaged days from the rows that
   * messages, reactions, RSVPs and check-ins write (ActivityRollup) and visits from Redis, but the demo's past
   * has no such rows for most days. A day already there only gains what it lacked (visited, engaged).
   */
  async insertActivityDays(days: readonly HistoryDayRow[]): Promise<number> {
    if (!days.length) return 0;
    const [{ count }] = await this.db.query<Count>(
      `WITH written AS (
         INSERT INTO activity_days (day, member_id, visited, engaged)
         SELECT d.day, d.member_id, d.visited, d.engaged
           FROM unnest($1::date[], $2::uuid[], $3::boolean[], $4::boolean[]) AS d (day, member_id, visited, engaged)
         ON CONFLICT (day, member_id) DO UPDATE
           SET visited = activity_days.visited OR EXCLUDED.visited, engaged = activity_days.engaged OR EXCLUDED.engaged
           WHERE (EXCLUDED.visited AND NOT activity_days.visited) OR (EXCLUDED.engaged AND NOT activity_days.engaged)
         RETURNING 1)
       SELECT count(*)::int AS count FROM written`,
      [
        days.map((d) => d.day),
        days.map((d) => d.memberId),
        days.map((d) => d.visited),
        days.map((d) => d.engaged),
      ],
    );
    return count;
  }

  /**
   * Events that already took place, created by `createdBy`, unless one of theirs has that title (as the seed
   * finds its events); no announcement or reminder, as they are past. Returns the ids of all of them by title.
   */
  async insertPastEvents(
    createdBy: string,
    events: readonly PastEventRow[],
  ): Promise<{ added: number; ids: Map<string, string> }> {
    if (!events.length) return { added: 0, ids: new Map() };
    const [{ count }] = await this.db.query<Count>(
      `WITH added AS (
         INSERT INTO events (title, description, theme_id, format, venue_name, venue_address, join_url, capacity,
                             starts_at, ends_at, created_by, created_at, updated_at)
         SELECT e.title, e.description, e.theme_id, e.format, e.venue_name, e.venue_address, e.join_url, e.capacity,
                e.starts_at, e.ends_at, $1, e.created_at, e.created_at
           FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
                       $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])
                AS e (title, description, theme_id, format, venue_name, venue_address, join_url, capacity,
                      starts_at, ends_at, created_at)
          WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.created_by = $1 AND x.title = e.title)
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [
        createdBy,
        events.map((e) => e.title),
        events.map((e) => e.description),
        events.map((e) => e.themeId),
        events.map((e) => e.format),
        events.map((e) => e.venueName),
        events.map((e) => e.venueAddress),
        events.map((e) => e.joinUrl),
        events.map((e) => e.capacity),
        events.map((e) => e.startsAt),
        events.map((e) => e.endsAt),
        events.map((e) => e.createdAt),
      ],
    );
    const rows = await this.db.query<{ id: string; title: string }[]>(
      `SELECT DISTINCT ON (title) id, title FROM events
        WHERE created_by = $1 AND title = ANY($2::text[]) ORDER BY title, created_at`,
      [createdBy, events.map((e) => e.title)],
    );
    return { added: count, ids: new Map(rows.map((row) => [row.title, row.id])) };
  }

  /** Answers given (created_at) and check-ins at past events; an existing answer is left as it is. */
  async insertRsvps(rsvps: readonly PastRsvpRow[]): Promise<number> {
    if (!rsvps.length) return 0;
    const [{ count }] = await this.db.query<Count>(
      `WITH added AS (
         INSERT INTO event_rsvps (event_id, member_id, status, checked_in_at, created_at, updated_at)
         SELECT r.event_id, r.member_id, r.status, r.checked_in_at, r.answered_at, coalesce(r.checked_in_at, r.answered_at)
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[])
                AS r (event_id, member_id, status, answered_at, checked_in_at)
         ON CONFLICT (event_id, member_id) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [
        rsvps.map((r) => r.eventId),
        rsvps.map((r) => r.memberId),
        rsvps.map((r) => r.status),
        rsvps.map((r) => r.answeredAt),
        rsvps.map((r) => r.checkedInAt),
      ],
    );
    return count;
  }

  /**
   * Weekly digests sent in past weeks (one per member and period, as the key says), the links followed in
   * them (digest_clicks) and the unsubscribes from them (no key there: a member who has one gets no other).
   */
  async insertDigests(digests: readonly PastDigestRow[]): Promise<number> {
    if (!digests.length) return 0;
    const [{ count }] = await this.db.query<Count>(
      `WITH added AS (
         INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status, attempts,
                                        created_at, updated_at)
         SELECT d.member_id, d.period, 'weekly', d.period_start, d.period_end, 'sent', 1, d.period_end, d.sent_at
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
                AS d (member_id, period, period_start, period_end, sent_at)
         ON CONFLICT (member_id, period) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS count FROM added`,
      [
        digests.map((d) => d.memberId),
        digests.map((d) => d.period),
        digests.map((d) => d.periodStart),
        digests.map((d) => d.periodEnd),
        digests.map((d) => d.sentAt),
      ],
    );
    const clicked = digests.filter((d) => d.clickedAt);
    await this.db.query(
      `INSERT INTO digest_clicks (member_id, period, first_clicked_at, clicks)
       SELECT c.member_id, c.period, c.clicked_at, 1
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS c (member_id, period, clicked_at)
       ON CONFLICT (member_id, period) DO NOTHING`,
      [clicked.map((d) => d.memberId), clicked.map((d) => d.period), clicked.map((d) => d.clickedAt)],
    );
    const left = digests.filter((d) => d.unsubscribedAt);
    await this.db.query(
      `INSERT INTO digest_unsubscribes (member_id, period, unsubscribed_at)
       SELECT u.member_id, u.period, u.unsubscribed_at
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS u (member_id, period, unsubscribed_at)
        WHERE NOT EXISTS (SELECT 1 FROM digest_unsubscribes x WHERE x.member_id = u.member_id)`,
      [left.map((d) => d.memberId), left.map((d) => d.period), left.map((d) => d.unsubscribedAt)],
    );
    return count;
  }
}
