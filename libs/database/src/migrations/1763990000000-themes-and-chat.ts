import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ThemesAndChat1763990000000 implements MigrationInterface {
  name = 'ThemesAndChat1763990000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE themes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CONSTRAINT themes_slug_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
        title text NOT NULL CONSTRAINT themes_title_check CHECK (char_length(title) BETWEEN 1 AND 100),
        summary text NOT NULL DEFAULT '' CONSTRAINT themes_summary_check CHECK (char_length(summary) <= 2000),
        title_en text CONSTRAINT themes_title_en_check CHECK (char_length(title_en) <= 100),
        summary_en text CONSTRAINT themes_summary_en_check CHECK (char_length(summary_en) <= 2000),
        status text NOT NULL DEFAULT 'recruiting'
          CONSTRAINT themes_status_check CHECK (status IN ('recruiting', 'active', 'ended')),
        visibility text NOT NULL DEFAULT 'public'
          CONSTRAINT themes_visibility_check CHECK (visibility IN ('public', 'private')),
        created_by uuid REFERENCES members (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX themes_slug_key ON themes (slug)`);

    await db.query(`
      CREATE TABLE theme_owners (
        theme_id uuid NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, member_id)
      )`);
    await db.query(`CREATE INDEX theme_owners_member_idx ON theme_owners (member_id)`);

    // Following is what gives a member a public theme's channels; for a private theme a coordinator or
    // owner adds the follow on the member's behalf (added_by).
    await db.query(`
      CREATE TABLE theme_follows (
        theme_id uuid NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        added_by uuid REFERENCES members (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (theme_id, member_id)
      )`);
    await db.query(`CREATE INDEX theme_follows_member_idx ON theme_follows (member_id)`);

    await db.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        theme_id uuid NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
        slug text NOT NULL CONSTRAINT channels_slug_check CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
        name text NOT NULL CONSTRAINT channels_name_check CHECK (char_length(name) BETWEEN 1 AND 80),
        -- The last seq handed out; incremented in the sending transaction, so committed seqs have no gaps.
        last_seq bigint NOT NULL DEFAULT 0,
        archived_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX channels_theme_slug_key ON channels (theme_id, slug)`);

    // Character bigrams of the lower-cased text: a GIN index over them finds 2-character Japanese words
    // (漆器, 塩尻) that trigram indexes cannot.
    await db.query(`
      CREATE FUNCTION salon_bigrams(t text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
          FROM generate_series(1, char_length(t) - 1) AS i
      $$`);

    await db.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        author_id uuid REFERENCES members (id) ON DELETE SET NULL,
        kind text NOT NULL DEFAULT 'user' CONSTRAINT messages_kind_check CHECK (kind IN ('user', 'system')),
        client_message_id text CONSTRAINT messages_client_message_id_check CHECK (char_length(client_message_id) BETWEEN 1 AND 100),
        body text NOT NULL,
        parent_id uuid REFERENCES messages (id) ON DELETE CASCADE,
        reply_count integer NOT NULL DEFAULT 0,
        last_reply_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        edited_at timestamptz(3),
        deleted_at timestamptz(3),
        search_bigrams text[] GENERATED ALWAYS AS (salon_bigrams(body)) STORED,
        CONSTRAINT messages_body_check CHECK (
          (deleted_at IS NULL AND char_length(body) BETWEEN 1 AND 4000) OR (deleted_at IS NOT NULL AND body = '')
        )
      )`);
    await db.query(`CREATE UNIQUE INDEX messages_channel_seq_key ON messages (channel_id, seq)`);
    // A retried send is recognised by the database, not by a cache.
    await db.query(
      `CREATE UNIQUE INDEX messages_client_message_key ON messages (author_id, client_message_id)`,
    );
    await db.query(
      `CREATE INDEX messages_parent_idx ON messages (parent_id, seq) WHERE parent_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX messages_created_idx ON messages (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX messages_search_idx ON messages USING gin (search_bigrams)`);

    await db.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        emoji text NOT NULL CONSTRAINT message_reactions_emoji_check CHECK (char_length(emoji) BETWEEN 1 AND 32),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, member_id, emoji)
      )`);

    await db.query(`
      CREATE TABLE message_mentions (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, member_id)
      )`);
    await db.query(
      `CREATE INDEX message_mentions_member_idx ON message_mentions (member_id, channel_id, seq)`,
    );

    await db.query(`
      CREATE TABLE channel_reads (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        last_read_seq bigint NOT NULL DEFAULT 0 CONSTRAINT channel_reads_seq_check CHECK (last_read_seq >= 0),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, channel_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'channel_reads',
      'message_mentions',
      'message_reactions',
      'messages',
      'channels',
      'theme_follows',
      'theme_owners',
      'themes',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP FUNCTION salon_bigrams(text)`);
  }
}
