import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations (themes domain) and members who left (members domain).
 * - members.deleted_at: the member left; the row stays (its id is the author of messages) with every personal
 *   field wiped and the address replaced by one that can never be registered, so the real one can be again.
 * - member_cards gains `former`: how other domains show a member who left (the web client localises it).
 * - invitations: only the SHA-256 of a token is stored; single use (accepted_at), revocable, with an expiry.
 */
export class InvitationsAndLeaving1765200000000 implements MigrationInterface {
  name = 'InvitationsAndLeaving1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE members ADD COLUMN deleted_at timestamptz(3)`);
    await db.query(`
      CREATE OR REPLACE VIEW member_cards AS
        SELECT id, display_name, furigana, avatar_url, deleted_at IS NOT NULL AS former FROM members`);
    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        email text NOT NULL CONSTRAINT invitations_email_normalised_check CHECK (email = lower(btrim(email))),
        theme_id uuid REFERENCES themes (id) ON DELETE CASCADE,
        message text NOT NULL DEFAULT '' CONSTRAINT invitations_message_check CHECK (char_length(message) <= 1000),
        invited_by uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        accepted_at timestamptz(3),
        accepted_by uuid REFERENCES members (id) ON DELETE SET NULL,
        revoked_at timestamptz(3),
        CONSTRAINT invitations_one_end_check CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash)`);
    await db.query(`CREATE INDEX invitations_invited_by_idx ON invitations (invited_by, created_at DESC)`);
    await db.query(`CREATE INDEX invitations_theme_idx ON invitations (theme_id, created_at DESC)`);
    await db.query(`CREATE INDEX invitations_order_idx ON invitations (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX invitations_accepted_by_idx ON invitations (accepted_by)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE invitations`);
    await db.query(`DROP VIEW member_cards`);
    await db.query(`CREATE VIEW member_cards AS SELECT id, display_name, furigana, avatar_url FROM members`);
    await db.query(`ALTER TABLE members DROP COLUMN deleted_at`);
  }
}
