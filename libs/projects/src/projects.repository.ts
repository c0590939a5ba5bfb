import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ParticipantRole, ProjectStatus } from './project-rules';

/** A project as stored; its dates are `YYYY-MM-DD` strings (days, never turned into instants). */
export interface ProjectRow {
  id: string;
  themeId: string;
  title: string;
  startsOn: string;
  endsOn: string;
  status: ProjectStatus;
  createdAt: Date;
  updatedAt: Date;
}

export type ProjectFields = Pick<ProjectRow, 'title' | 'startsOn' | 'endsOn' | 'status'>;

/** A participant with their card (`member_cards`: a member who left shows as former). */
export interface ParticipantRow {
  projectId: string;
  memberId: string;
  role: ParticipantRole;
  addedAt: Date;
  displayName: string;
  furigana: string | null;
  avatarUrl: string | null;
  former: boolean;
}

/** A project a member took part in, with their role. */
export interface ParticipationRow extends ProjectRow {
  role: ParticipantRole;
  addedAt: Date;
}

const PROJECT_COLUMNS = `p.id, p.theme_id, p.title, to_char(p.starts_on, 'YYYY-MM-DD') AS starts_on,
  to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on, p.status, p.created_at, p.updated_at`;

interface ProjectRecord {
  id: string;
  theme_id: string;
  title: string;
  starts_on: string;
  ends_on: string;
  status: ProjectStatus;
  created_at: Date;
  updated_at: Date;
}

function toProject(row: ProjectRecord): ProjectRow {
  return {
    id: row.id,
    themeId: row.theme_id,
    title: row.title,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** projects and project_participants (and the view project_participations others join). */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(themeId: string, fields: ProjectFields, createdBy: string): Promise<string> {
    const [row] = await this.db.query<{ id: string }[]>(
      `INSERT INTO projects (theme_id, title, starts_on, ends_on, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [themeId, fields.title, fields.startsOn, fields.endsOn, fields.status, createdBy],
    );
    return row.id;
  }

  async update(id: string, fields: ProjectFields): Promise<void> {
    await this.db.query(
      `UPDATE projects SET title = $2, starts_on = $3, ends_on = $4, status = $5, updated_at = now()
        WHERE id = $1`,
      [id, fields.title, fields.startsOn, fields.endsOn, fields.status],
    );
  }

  async findById(id: string): Promise<ProjectRow | null> {
    const [row] = await this.db.query<ProjectRecord[]>(
      `SELECT ${PROJECT_COLUMNS} FROM projects p WHERE p.id = $1`,
      [id],
    );
    return row ? toProject(row) : null;
  }

  /** A theme's projects, the latest first (by first day). */
  async listByTheme(themeId: string): Promise<ProjectRow[]> {
    const rows = await this.db.query<ProjectRecord[]>(
      `SELECT ${PROJECT_COLUMNS} FROM projects p WHERE p.theme_id = $1
        ORDER BY p.starts_on DESC, p.created_at DESC, p.id`,
      [themeId],
    );
    return rows.map(toProject);
  }

  /** The participants of these projects with their cards, in the order they were added. */
  async participants(projectIds: readonly string[]): Promise<ParticipantRow[]> {
    if (!projectIds.length) return [];
    const rows = await this.db.query<
      {
        project_id: string;
        member_id: string;
        role: ParticipantRole;
        added_at: Date;
        display_name: string;
        furigana: string | null;
        avatar_url: string | null;
        former: boolean;
      }[]
    >(
      `SELECT pp.project_id, pp.member_id, pp.role, pp.added_at,
              c.display_name, c.furigana, c.avatar_url, c.former
         FROM project_participants pp JOIN member_cards c ON c.id = pp.member_id
        WHERE pp.project_id = ANY($1::uuid[])
        ORDER BY pp.added_at, pp.member_id`,
      [projectIds],
    );
    return rows.map((row) => ({
      projectId: row.project_id,
      memberId: row.member_id,
      role: row.role,
      addedAt: row.added_at,
      displayName: row.display_name,
      furigana: row.furigana,
      avatarUrl: row.avatar_url,
      former: row.former,
    }));
  }

  /** Adds the member with this role, or gives a participant this role (keeping when they were added). */
  async setParticipant(
    projectId: string,
    memberId: string,
    role: ParticipantRole,
    addedBy: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO project_participants (project_id, member_id, role, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (project_id, member_id) DO UPDATE SET role = EXCLUDED.role`,
      [projectId, memberId, role, addedBy],
    );
  }

  async removeParticipant(projectId: string, memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM project_participants WHERE project_id = $1 AND member_id = $2`, [
      projectId,
      memberId,
    ]);
  }

  /**
   * The projects a member took part in, of these themes only (or of every theme when `themeIds` is null:
   * their own data export), the latest first.
   */
  async participationsOf(memberId: string, themeIds: readonly string[] | null): Promise<ParticipationRow[]> {
    const rows = await this.db.query<(ProjectRecord & { role: ParticipantRole; added_at: Date })[]>(
      `SELECT ${PROJECT_COLUMNS}, pp.role, pp.added_at
         FROM project_participants pp JOIN projects p ON p.id = pp.project_id
        WHERE pp.member_id = $1 AND ($2::uuid[] IS NULL OR p.theme_id = ANY($2::uuid[]))
        ORDER BY p.starts_on DESC, p.created_at DESC, p.id`,
      [memberId, themeIds],
    );
    return rows.map((row) => ({ ...toProject(row), role: row.role, addedAt: row.added_at }));
  }

  /**
   * Who took part in a project of these themes: in one project (`projectId`), and/or only in projects whose
   * last day is before `endedBefore` (alumni, `YYYY-MM-DD`).
   */
  async participantIds(filter: {
    themeIds: readonly string[];
    projectId?: string;
    endedBefore?: string;
  }): Promise<string[]> {
    const rows = await this.db.query<{ member_id: string }[]>(
      `SELECT DISTINCT pp.member_id
         FROM project_participants pp JOIN projects p ON p.id = pp.project_id
        WHERE p.theme_id = ANY($1::uuid[])
          AND ($2::uuid IS NULL OR p.id = $2)
          AND ($3::date IS NULL OR p.ends_on < $3::date)`,
      [filter.themeIds, filter.projectId ?? null, filter.endedBefore ?? null],
    );
    return rows.map((row) => row.member_id);
  }
}
