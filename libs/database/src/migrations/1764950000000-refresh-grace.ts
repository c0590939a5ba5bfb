import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshGrace1764950000000 implements MigrationInterface {
  name = 'RefreshGrace1764950000000';

  async up(db: QueryRunner): Promise<void> {
    // The refresh token a rotation replaced, and until when a browser may still present it: a page reload
    // that cancels the refresh after the api rotated the cookie, but before the browser stored the new one,
    // presents the old cookie again (see SessionService.rotate).
    await db.query(`
      ALTER TABLE auth_sessions
        ADD COLUMN previous_token_hash text,
        ADD COLUMN previous_valid_until timestamptz(3)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE auth_sessions DROP COLUMN previous_token_hash, DROP COLUMN previous_valid_until`,
    );
  }
}
