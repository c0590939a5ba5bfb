import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projects (rounds of a theme: a 3-month side-job project with its theme owner, say) and who took part, with
 * their role. A project whose `ends_on` has passed (a day in Asia/Tokyo) makes its participants alumni of it:
 * derived from `ends_on`, never stored, so nothing has to run when a project ends.
 * - Dates are `date`s (the city counts in Japanese days), not instants.
 * - Participation outlives the member's account: a member who leaves stays a (former) participant, as past
 *   RSVPs stay, because the city's figures count who took part.
 */
export class Projects1765400000000 implements MigrationInterface {
  name = 'Projects1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        theme_id uuid NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
        title text NOT NULL CONSTRAINT projects_title_check CHECK (char_length(title) BETWEEN 1 AND 120),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        status text NOT NULL DEFAULT 'planned'
          CONSTRAINT projects_status_check CHECK (status IN ('planned', 'running', 'ended')),
        created_by uuid REFERENCES members (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT projects_date_order_check CHECK (ends_on >= starts_on)
      )`);
    // A theme's rounds, newest first; projects that ended by a day (alumni, and the KPIs built on them).
    await db.query(`CREATE INDEX projects_theme_idx ON projects (theme_id, starts_on DESC, id)`);
    await db.query(`CREATE INDEX projects_ends_on_idx ON projects (ends_on, id)`);

    await db.query(`
      CREATE TABLE project_participants (
        project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        role text NOT NULL CONSTRAINT project_participants_role_check
          CHECK (role IN ('theme_owner', 'side_job_professional', 'coordinator', 'supporter')),
        added_by uuid REFERENCES members (id) ON DELETE SET NULL,
        added_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, member_id)
      )`);
    // A member's projects (their profile, the directory's alumni filter).
    await db.query(
      `CREATE INDEX project_participants_member_idx ON project_participants (member_id, project_id)`,
    );
    // Published for other domains' single-statement joins (the KPIs): who took part in which theme's project,
    // in what role and when it ran. Alumni of a project are its rows with ends_on before today in Tokyo.
    await db.query(`
      CREATE VIEW project_participations AS
        SELECT pp.project_id, p.theme_id, pp.member_id, pp.role, p.starts_on, p.ends_on, p.status, pp.added_at
          FROM project_participants pp JOIN projects p ON p.id = pp.project_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW project_participations`);
    await db.query(`DROP TABLE project_participants`);
    await db.query(`DROP TABLE projects`);
  }
}
