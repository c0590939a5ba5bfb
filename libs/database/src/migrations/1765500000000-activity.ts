import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activity, counted honestly (issue 15): the tables the city's figures read.
 * - activity_days: one row per member and Asia/Tokyo day on which they visited (an authenticated request or
 *   socket connection) or were engaged (a message or reply, a reaction, an RSVP, a check-in). Never a row per
 *   request: visits reach it in batches from Redis, engagement is rolled up from the rows those actions
 *   already write (libs/activity), so counting adds no write to the chat send path.
 * - digest_clicks, digest_unsubscribes: the digest domain's, for its figures.
 * - Views published for the activity rollup's single statement (docs/architecture.md, "Who owns what"):
 *   chat_engagements (chat: members' messages and replies, reactions) and event_engagements (events: RSVPs
 *   and check-ins), each a member and the instant they did it.
 * - Indexes that let the rollup read only the last few minutes: messages already have one on created_at.
 * Rows of members who left stay (the member row is anonymised, not deleted, so the cascade never fires).
 * Existing history is rolled up at the end, so a database upgraded to this has its past engagement too.
 */
export class Activity1765500000000 implements MigrationInterface {
  name = 'Activity1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE activity_days (
        day date NOT NULL,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        visited boolean NOT NULL DEFAULT false,
        engaged boolean NOT NULL DEFAULT false,
        PRIMARY KEY (day, member_id)
      )`);
    await db.query(`CREATE INDEX activity_days_member_idx ON activity_days (member_id, day)`);

    await db.query(`
      CREATE TABLE digest_clicks (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        period text NOT NULL,
        first_clicked_at timestamptz(3) NOT NULL DEFAULT now(),
        clicks integer NOT NULL DEFAULT 1,
        PRIMARY KEY (member_id, period)
      )`);

    await db.query(`
      CREATE TABLE digest_unsubscribes (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        period text,
        unsubscribed_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX digest_unsubscribes_at_idx ON digest_unsubscribes (unsubscribed_at)`);

    await db.query(`CREATE INDEX message_reactions_created_idx ON message_reactions (created_at)`);
    await db.query(`CREATE INDEX event_rsvps_created_idx ON event_rsvps (created_at)`);
    await db.query(
      `CREATE INDEX event_rsvps_checked_in_idx ON event_rsvps (checked_in_at) WHERE checked_in_at IS NOT NULL`,
    );
    // A member's own acts only: system messages (event announcements) are nobody's engagement.
    await db.query(`
      CREATE VIEW chat_engagements AS
        SELECT author_id AS member_id, created_at AS at FROM messages
         WHERE kind = 'user' AND author_id IS NOT NULL
        UNION ALL
        SELECT member_id, created_at FROM message_reactions`);
    // An RSVP counts on the day it was first given (created_at); updated_at is not the member's alone
    // (a waitlist promotion and staff recording attendance bump it too), so a changed answer is not counted.
    await db.query(`
      CREATE VIEW event_engagements AS
        SELECT member_id, created_at AS at FROM event_rsvps
        UNION ALL
        SELECT member_id, checked_in_at FROM event_rsvps WHERE checked_in_at IS NOT NULL`);

    await db.query(`
      INSERT INTO activity_days (day, member_id, engaged)
      SELECT DISTINCT (e.at AT TIME ZONE 'Asia/Tokyo')::date, e.member_id, true
        FROM (SELECT member_id, at FROM chat_engagements
              UNION ALL SELECT member_id, at FROM event_engagements) e
      ON CONFLICT (day, member_id) DO UPDATE SET engaged = true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW event_engagements`);
    await db.query(`DROP VIEW chat_engagements`);
    await db.query(`DROP INDEX event_rsvps_checked_in_idx`);
    await db.query(`DROP INDEX event_rsvps_created_idx`);
    await db.query(`DROP INDEX message_reactions_created_idx`);
    await db.query(`DROP TABLE digest_unsubscribes`);
    await db.query(`DROP TABLE digest_clicks`);
    await db.query(`DROP TABLE activity_days`);
  }
}
