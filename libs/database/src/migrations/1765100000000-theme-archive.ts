import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ThemeArchive1765100000000 implements MigrationInterface {
  name = 'ThemeArchive1765100000000';

  async up(db: QueryRunner): Promise<void> {
    // An archived theme is read-only: its history stays readable, nothing new is written in it (no
    // messages, channels or events). Null while the theme is open (see theme-rights.ts).
    await db.query(`ALTER TABLE themes ADD COLUMN archived_at timestamptz(3)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE themes DROP COLUMN archived_at`);
  }
}
