import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Digests1764860000000 implements MigrationInterface {
  name = 'Digests1764860000000';

  async up(db: QueryRunner): Promise<void> {
    // Weekly on Monday at 08:00 in the member's own time zone unless they say otherwise.
    // sendWeekday is ISO 8601: 1 = Monday … 7 = Sunday.
    await db.query(`
      ALTER TABLE members
        ADD COLUMN digest_frequency text NOT NULL DEFAULT 'weekly'
          CONSTRAINT members_digest_frequency_check CHECK (digest_frequency IN ('weekly', 'daily', 'off')),
        ADD COLUMN digest_weekday smallint NOT NULL DEFAULT 1
          CONSTRAINT members_digest_weekday_check CHECK (digest_weekday BETWEEN 1 AND 7),
        ADD COLUMN digest_hour smallint NOT NULL DEFAULT 8
          CONSTRAINT members_digest_hour_check CHECK (digest_hour BETWEEN 0 AND 23),
        -- Permanent SMTP refusals in a row; at the limit the address is marked undeliverable.
        ADD COLUMN mail_bounce_count integer NOT NULL DEFAULT 0,
        ADD COLUMN mail_undeliverable_at timestamptz(3)`);
    // A theme's messages in a digest window: its channels' rows in a time range, not every message of
    // the salon in that range (messages_created_idx) filtered by channel.
    await db.query(`CREATE INDEX messages_channel_created_idx ON messages (channel_id, created_at)`);

    // The scheduler walks members in id order, skipping those who get no digest.
    await db.query(
      `CREATE INDEX members_digest_due_idx ON members (id)
        WHERE digest_frequency <> 'off' AND mail_undeliverable_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE digest_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        frequency text NOT NULL CONSTRAINT digest_runs_frequency_check CHECK (frequency IN ('weekly', 'daily')),
        trigger text NOT NULL CONSTRAINT digest_runs_trigger_check CHECK (trigger IN ('schedule', 'admin')),
        requested_by uuid REFERENCES members (id) ON DELETE SET NULL,
        enqueued integer NOT NULL DEFAULT 0,
        finished_enqueuing_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX digest_runs_created_idx ON digest_runs (created_at DESC, id DESC)`);

    // One row per member per period, whatever the queue does: the unique key is what makes a digest
    // go out at most once. The mail is handed to SMTP only by the job that moves it queued → sending.
    await db.query(`
      CREATE TABLE digest_deliveries (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        period text NOT NULL CONSTRAINT digest_deliveries_period_check CHECK (period ~ '^\\d{4}-(W\\d{2}|\\d{2}-\\d{2})$'),
        frequency text NOT NULL CONSTRAINT digest_deliveries_frequency_check CHECK (frequency IN ('weekly', 'daily')),
        period_start timestamptz(3) NOT NULL,
        period_end timestamptz(3) NOT NULL,
        run_id uuid REFERENCES digest_runs (id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'queued'
          CONSTRAINT digest_deliveries_status_check CHECK (status IN ('queued', 'sending', 'sent', 'skipped', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        message_id text,
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, period)
      )`);
    await db.query(`CREATE INDEX digest_deliveries_run_idx ON digest_deliveries (run_id, status)`);
    await db.query(
      `CREATE INDEX digest_deliveries_member_sent_idx ON digest_deliveries (member_id, period_end DESC) WHERE status = 'sent'`,
    );
    // The rows still to send: the crash clean-up of each tick reads them by status. member_id and period
    // are in it so that claiming one row (status + key) is an exact lookup here too. With (status,
    // updated_at) instead, the planner — whose statistics, taken between runs, say that almost no row is
    // queued — chose this index over the primary key and filtered every queued row of the run for each
    // claim: quadratic in the members of a run.
    await db.query(
      `CREATE INDEX digest_deliveries_open_idx ON digest_deliveries (status, member_id, period) WHERE status IN ('queued', 'sending')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX messages_channel_created_idx`);
    await db.query(`DROP TABLE digest_deliveries`);
    await db.query(`DROP TABLE digest_runs`);
    await db.query(`DROP INDEX members_digest_due_idx`);
    await db.query(`
      ALTER TABLE members DROP COLUMN digest_frequency, DROP COLUMN digest_weekday, DROP COLUMN digest_hour,
        DROP COLUMN mail_bounce_count, DROP COLUMN mail_undeliverable_at`);
  }
}
