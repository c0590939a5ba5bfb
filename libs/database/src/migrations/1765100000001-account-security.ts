import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountSecurity1765100000001 implements MigrationInterface {
  name = 'AccountSecurity1765100000001';

  async up(db: QueryRunner): Promise<void> {
    // email_verified_at: when the member showed they read mail at `email` (null: digests and event mails wait).
    // pending_email: an address asked for by PATCH /members/me/email, which takes over once verified.
    // password_changed_at: reset links issued before it are refused.
    await db.query(`
      ALTER TABLE members
        ADD COLUMN email_verified_at timestamptz(3),
        ADD COLUMN pending_email text
          CONSTRAINT members_pending_email_normalised_check CHECK (pending_email = lower(btrim(pending_email))),
        ADD COLUMN password_changed_at timestamptz(3)`);
    // Members who joined before addresses were checked keep their mails: they count as verified.
    await db.query(`UPDATE members SET email_verified_at = created_at`);

    // Single-use links mailed to a member: only the SHA-256 of the token is kept, with the address it was
    // sent to (a link for an address that is no longer the member's, or no longer pending, does nothing).
    await db.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        purpose text NOT NULL
          CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('verify_email', 'password_reset')),
        token_hash text NOT NULL,
        email text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3)
      )`);
    await db.query(`CREATE UNIQUE INDEX account_tokens_token_hash_key ON account_tokens (token_hash)`);
    await db.query(`CREATE INDEX account_tokens_member_id_idx ON account_tokens (member_id)`);

    // Sessions a member ends themselves: from the sessions list, or by changing or resetting the password.
    await db.query(`
      ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check,
        ADD CONSTRAINT auth_sessions_revoked_reason_check CHECK (revoked_reason IN
          ('logout', 'reuse_detected', 'ended_by_member', 'password_changed', 'password_reset'))`);
    await db.query(
      `CREATE INDEX auth_sessions_member_live_idx ON auth_sessions (member_id, rotated_at DESC) WHERE revoked_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX auth_sessions_member_live_idx`);
    await db.query(`
      UPDATE auth_sessions SET revoked_reason = 'logout'
       WHERE revoked_reason IN ('ended_by_member', 'password_changed', 'password_reset')`);
    await db.query(`
      ALTER TABLE auth_sessions DROP CONSTRAINT auth_sessions_revoked_reason_check,
        ADD CONSTRAINT auth_sessions_revoked_reason_check CHECK (revoked_reason IN ('logout', 'reuse_detected'))`);
    await db.query(`DROP TABLE account_tokens`);
    await db.query(
      `ALTER TABLE members DROP COLUMN email_verified_at, DROP COLUMN pending_email, DROP COLUMN password_changed_at`,
    );
  }
}
