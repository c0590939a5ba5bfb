import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The figures' raw inputs (issue 15): who visited or was engaged on which Asia/Tokyo day (one row per member
 * and day, never a row per request), digest links followed and digest unsubscribes.
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
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE digest_unsubscribes`);
    await db.query(`DROP TABLE digest_clicks`);
    await db.query(`DROP TABLE activity_days`);
  }
}
