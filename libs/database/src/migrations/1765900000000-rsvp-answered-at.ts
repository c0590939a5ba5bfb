import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A changed RSVP is engagement on the day it changed (issue 15: "an RSVP"). `updated_at` cannot tell: a
 * waitlist promotion and staff recording attendance bump it too. `answered_at` is the member's own last
 * answer, written only by their RSVP; event_engagements now publishes it beside the first answer
 * (`created_at`, which also dates a walk-in's row) and the check-in. Rows answered before this migration keep
 * only their first answer's day.
 */
export class RsvpAnsweredAt1765900000000 implements MigrationInterface {
  name = 'RsvpAnsweredAt1765900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_rsvps ADD COLUMN answered_at timestamptz(3)`);
    await db.query(
      `CREATE INDEX event_rsvps_answered_idx ON event_rsvps (answered_at) WHERE answered_at IS NOT NULL`,
    );
    await db.query(`
      CREATE OR REPLACE VIEW event_engagements AS
        SELECT member_id, created_at AS at FROM event_rsvps
        UNION ALL
        SELECT member_id, checked_in_at FROM event_rsvps WHERE checked_in_at IS NOT NULL
        UNION ALL
        SELECT member_id, answered_at FROM event_rsvps WHERE answered_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW event_engagements`);
    await db.query(`
      CREATE VIEW event_engagements AS
        SELECT member_id, created_at AS at FROM event_rsvps
        UNION ALL
        SELECT member_id, checked_in_at FROM event_rsvps WHERE checked_in_at IS NOT NULL`);
    await db.query(`DROP INDEX event_rsvps_answered_idx`);
    await db.query(`ALTER TABLE event_rsvps DROP COLUMN answered_at`);
  }
}
