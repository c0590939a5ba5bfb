import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1764080000000 implements MigrationInterface {
  name = 'Events1764080000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CONSTRAINT events_title_check CHECK (char_length(title) BETWEEN 1 AND 120),
        description text NOT NULL DEFAULT '' CONSTRAINT events_description_check CHECK (char_length(description) <= 5000),
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3) NOT NULL,
        time_zone text NOT NULL DEFAULT 'Asia/Tokyo',
        format text NOT NULL CONSTRAINT events_format_check CHECK (format IN ('online', 'onsite', 'hybrid')),
        venue_name text CONSTRAINT events_venue_name_check CHECK (char_length(venue_name) <= 200),
        venue_address text CONSTRAINT events_venue_address_check CHECK (char_length(venue_address) <= 300),
        join_url text CONSTRAINT events_join_url_check CHECK (join_url ~ '^https?://' AND char_length(join_url) <= 500),
        theme_id uuid REFERENCES themes (id) ON DELETE SET NULL,
        capacity integer CONSTRAINT events_capacity_check CHECK (capacity > 0),
        rsvp_deadline timestamptz(3),
        status text NOT NULL DEFAULT 'scheduled' CONSTRAINT events_status_check CHECK (status IN ('scheduled', 'cancelled')),
        cancelled_at timestamptz(3),
        -- iCalendar SEQUENCE: bumped on every change a calendar must pick up.
        sequence integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES members (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT events_time_order_check CHECK (ends_at > starts_at)
      )`);
    await db.query(`CREATE INDEX events_starts_idx ON events (starts_at, id)`);
    await db.query(`CREATE INDEX events_theme_idx ON events (theme_id, starts_at)`);

    await db.query(`
      CREATE TABLE event_rsvps (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        status text NOT NULL CONSTRAINT event_rsvps_status_check CHECK (status IN ('going', 'waitlisted', 'interested', 'not_going')),
        -- Waitlist order: when the member asked for a seat.
        waitlisted_at timestamptz(3),
        checked_in_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, member_id)
      )`);
    await db.query(`CREATE INDEX event_rsvps_member_idx ON event_rsvps (member_id)`);
    await db.query(
      `CREATE INDEX event_rsvps_waitlist_idx ON event_rsvps (event_id, waitlisted_at) WHERE status = 'waitlisted'`,
    );

    // At most one reminder (and one cancellation notice) per member, event, kind and start, whatever the
    // queue does: a row is claimed before the mail goes out.
    await db.query(`
      CREATE TABLE event_mail_deliveries (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT event_mail_deliveries_kind_check CHECK (kind IN ('24h', '1h', 'cancelled')),
        starts_at timestamptz(3) NOT NULL,
        sent_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, member_id, kind, starts_at)
      )`);

    await db.query(`
      CREATE TABLE calendar_tokens (
        member_id uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX calendar_tokens_hash_key ON calendar_tokens (token_hash)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['calendar_tokens', 'event_mail_deliveries', 'event_rsvps', 'events']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
