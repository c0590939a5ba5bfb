import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MembersAndSessions1763900000000 implements MigrationInterface {
  name = 'MembersAndSessions1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // array_to_string is only STABLE; skills are text[], for which it is in fact immutable.
    await db.query(`
      CREATE FUNCTION salon_join_words(words text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(words, ' ') $$`);

    await db.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'member'
          CONSTRAINT members_role_check CHECK (role IN ('member', 'coordinator', 'admin')),
        display_name text NOT NULL
          CONSTRAINT members_display_name_check CHECK (char_length(display_name) BETWEEN 1 AND 50),
        furigana text
          CONSTRAINT members_furigana_check CHECK (char_length(furigana) <= 100),
        bio text NOT NULL DEFAULT ''
          CONSTRAINT members_bio_check CHECK (char_length(bio) <= 2000),
        skills text[] NOT NULL DEFAULT '{}'
          CONSTRAINT members_skills_check CHECK (cardinality(skills) <= 20),
        relation text
          CONSTRAINT members_relation_check CHECK (relation IN ('resident', 'former_resident',
            'side_job_professional', 'theme_owner', 'coordinator', 'supporter', 'other')),
        home_area text
          CONSTRAINT members_home_area_check CHECK (char_length(home_area) <= 100),
        past_projects jsonb NOT NULL DEFAULT '[]'
          CONSTRAINT members_past_projects_check CHECK (jsonb_typeof(past_projects) = 'array'),
        links jsonb NOT NULL DEFAULT '[]'
          CONSTRAINT members_links_check CHECK (jsonb_typeof(links) = 'array'),
        avatar_url text
          CONSTRAINT members_avatar_url_check CHECK (avatar_url ~ '^https?://'),
        locale text NOT NULL DEFAULT 'ja'
          CONSTRAINT members_locale_check CHECK (locale IN ('ja', 'en')),
        time_zone text NOT NULL DEFAULT 'Asia/Tokyo',
        open_to_help boolean NOT NULL DEFAULT false,
        search_text text GENERATED ALWAYS AS (lower(
          display_name || ' ' || coalesce(furigana, '') || ' ' || bio || ' ' || salon_join_words(skills)
        )) STORED,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT members_email_normalised_check CHECK (email = lower(btrim(email)))
      )`);
    await db.query(`CREATE UNIQUE INDEX members_email_key ON members (email)`);
    await db.query(`CREATE INDEX members_directory_order_idx ON members (created_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX members_search_text_trgm_idx ON members USING gin (search_text gin_trgm_ops)`,
    );
    await db.query(`CREATE INDEX members_skills_idx ON members USING gin (skills)`);

    await db.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        user_agent text,
        ip text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        rotated_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        revoked_at timestamptz(3),
        revoked_reason text
          CONSTRAINT auth_sessions_revoked_reason_check CHECK (revoked_reason IN ('logout', 'reuse_detected'))
      )`);
    await db.query(`CREATE INDEX auth_sessions_member_id_idx ON auth_sessions (member_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE auth_sessions`);
    await db.query(`DROP TABLE members`);
    await db.query(`DROP FUNCTION salon_join_words(text[])`);
  }
}
