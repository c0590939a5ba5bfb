import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views that domains publish for others' single-statement reads (docs/architecture.md, "Who owns what"):
 * a domain's tables are its own, and another domain joins only these.
 * - member_cards (members): how a member is shown beside what they wrote — name, furigana, avatar.
 * - theme_members (themes): the one definition of who belongs to a theme — its followers (for a private
 *   theme, those a manager added) and its owners.
 */
export class PublishedViews1765000000000 implements MigrationInterface {
  name = 'PublishedViews1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE VIEW member_cards AS SELECT id, display_name, furigana, avatar_url FROM members`);
    await db.query(`
      CREATE VIEW theme_members AS
        SELECT theme_id, member_id FROM theme_follows
        UNION
        SELECT theme_id, member_id FROM theme_owners`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW theme_members`);
    await db.query(`DROP VIEW member_cards`);
  }
}
