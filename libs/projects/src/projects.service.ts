import { Injectable } from '@nestjs/common';
import type { AuthMember } from '@app/auth';
import { tokyoDay } from '@app/common';
import { MemberNotFoundError, MembersService } from '@app/members';
import { ThemeAccess, ThemesService, type VisibleTheme } from '@app/themes';
import type {
  CreateProjectDto,
  MemberProjectDto,
  ParticipantDto,
  ProjectDto,
  UpdateProjectDto,
} from './dto/project.dto';
import { checkProjectDates, hasEnded, type ParticipantRole } from './project-rules';
import { MemberLeftError, ProjectNotFoundError } from './projects.errors';
import { ProjectsRepository, type ProjectFields, type ProjectRow } from './projects.repository';

/** Who the directory's project filters ask for (`project=<id>`, `alumni=true`). */
export interface ProjectPeopleFilter {
  project?: string;
  alumni?: boolean;
}

/**
 * A theme's projects (its rounds) and who took part, in which role. Managing them is managing the theme
 * (coordinators, admins and its owners; never in an archived theme), reading them is seeing the theme
 * (ThemeAccess). A project's participants are its alumni from the day after its last day in Tokyo
 * (project-rules.ts): nothing is taken from them when it ends.
 */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly access: ThemeAccess,
    private readonly themes: ThemesService,
    private readonly members: MembersService,
  ) {}

  /** A theme's projects with their participants, the latest first. */
  async list(slug: string, viewer: AuthMember): Promise<ProjectDto[]> {
    const theme = await this.access.visibleTheme(slug, viewer);
    return this.toDtos(await this.projects.listByTheme(theme.id), theme);
  }

  async get(id: string, viewer: AuthMember): Promise<ProjectDto> {
    const { project, theme } = await this.visibleProject(id, viewer);
    const [dto] = await this.toDtos([project], theme);
    return dto;
  }

  async create(slug: string, input: CreateProjectDto, caller: AuthMember): Promise<ProjectDto> {
    const theme = await this.access.visibleTheme(slug, caller);
    this.access.assertCanAddTo(theme);
    const fields: ProjectFields = {
      title: input.title,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      status: input.status ?? 'planned',
    };
    checkProjectDates(fields);
    const id = await this.projects.insert(theme.id, fields, caller.id);
    return this.get(id, caller);
  }

  /** The dates are checked as they would be after the change (a new endsOn against the stored startsOn). */
  async update(id: string, changes: UpdateProjectDto, caller: AuthMember): Promise<ProjectDto> {
    const { project } = await this.managedProject(id, caller);
    const fields: ProjectFields = {
      title: changes.title ?? project.title,
      startsOn: changes.startsOn ?? project.startsOn,
      endsOn: changes.endsOn ?? project.endsOn,
      status: changes.status ?? project.status,
    };
    checkProjectDates(fields);
    await this.projects.update(id, fields);
    return this.get(id, caller);
  }

  /**
   * Adds a member with a role, or changes a participant's role. MEMBER_NOT_FOUND for no such member,
   * MEMBER_LEFT for one who left the salon. A participant becomes a member of the theme (as a manager adding
   * them would make them), so they read its channels; the project ending takes none of it away.
   */
  async setParticipant(
    id: string,
    memberId: string,
    role: ParticipantRole,
    caller: AuthMember,
  ): Promise<ProjectDto> {
    const { project, theme } = await this.managedProject(id, caller);
    const [card] = await this.members.cards([memberId]);
    if (!card) throw new MemberNotFoundError();
    if (card.former) throw new MemberLeftError();
    await this.projects.setParticipant(project.id, memberId, role, caller.id);
    await this.themes.addMember(theme.slug, memberId, caller);
    return this.get(id, caller);
  }

  /** Takes a member off the project (nothing else: they stay in the theme). Removing a non-participant is a no-op. */
  async removeParticipant(id: string, memberId: string, caller: AuthMember): Promise<ProjectDto> {
    const { project } = await this.managedProject(id, caller);
    await this.projects.removeParticipant(project.id, memberId);
    return this.get(id, caller);
  }

  /** The projects a member took part in, as `viewer` may see them (a private theme's only for insiders). */
  async projectsOf(memberId: string, viewer: AuthMember): Promise<MemberProjectDto[]> {
    const rows = await this.projects.participationsOf(memberId, await this.access.visibleThemeIds(viewer));
    const themes = await this.themes.refs([...new Set(rows.map((row) => row.themeId))]);
    const today = tokyoDay(new Date());
    return rows.flatMap((row) => {
      const theme = themes.get(row.themeId);
      if (!theme) return [];
      return [
        {
          projectId: row.id,
          themeSlug: theme.slug,
          themeTitle: theme.title,
          themeTitleEn: theme.titleEn,
          title: row.title,
          role: row.role,
          startsOn: row.startsOn,
          endsOn: row.endsOn,
          status: row.status,
          alumni: hasEnded(row.endsOn, today),
        },
      ];
    });
  }

  /**
   * The members the directory's project filters leave in, or undefined when none is given: a project's
   * participants (PROJECT_NOT_FOUND unless the viewer may see it), alumni (of any project that ended, or of
   * that project once it ended). Only projects of themes the viewer may see count.
   */
  async peopleOf(filter: ProjectPeopleFilter, viewer: AuthMember): Promise<string[] | undefined> {
    if (!filter.project && !filter.alumni) return undefined;
    if (filter.project) await this.visibleProject(filter.project, viewer);
    return this.projects.participantIds({
      themeIds: await this.access.visibleThemeIds(viewer),
      projectId: filter.project,
      endedBefore: filter.alumni ? tokyoDay(new Date()) : undefined,
    });
  }

  /** The first project of a theme with this title (the demo data finds its own by title). */
  async findByTitle(themeId: string, title: string): Promise<ProjectRow | null> {
    return (await this.projects.listByTheme(themeId)).find((project) => project.title === title) ?? null;
  }

  private async visibleProject(
    id: string,
    viewer: AuthMember,
  ): Promise<{ project: ProjectRow; theme: VisibleTheme }> {
    const project = await this.projects.findById(id);
    const theme = project && (await this.access.visibleThemeById(project.themeId, viewer));
    if (!project || !theme) throw new ProjectNotFoundError();
    return { project, theme };
  }

  /** NOT_THEME_MANAGER unless the caller manages the theme, THEME_ARCHIVED when it is archived. */
  private async managedProject(
    id: string,
    caller: AuthMember,
  ): Promise<{ project: ProjectRow; theme: VisibleTheme }> {
    const found = await this.visibleProject(id, caller);
    this.access.assertCanAddTo(found.theme);
    return found;
  }

  private async toDtos(projects: ProjectRow[], theme: VisibleTheme): Promise<ProjectDto[]> {
    if (!projects.length) return [];
    const [participants, refs] = await Promise.all([
      this.projects.participants(projects.map((project) => project.id)),
      this.themes.refs([theme.id]),
    ]);
    const ref = refs.get(theme.id);
    const today = tokyoDay(new Date());
    return projects.map((project) => {
      const ended = hasEnded(project.endsOn, today);
      return {
        id: project.id,
        theme: {
          id: theme.id,
          slug: theme.slug,
          title: ref?.title ?? theme.slug,
          titleEn: ref?.titleEn ?? null,
          archived: theme.archived,
        },
        title: project.title,
        startsOn: project.startsOn,
        endsOn: project.endsOn,
        status: project.status,
        ended,
        participants: participants
          .filter((row) => row.projectId === project.id)
          .map((row): ParticipantDto => ({
            memberId: row.memberId,
            displayName: row.displayName,
            furigana: row.furigana,
            avatarUrl: row.avatarUrl,
            former: row.former,
            role: row.role,
            alumni: ended,
            addedAt: row.addedAt.toISOString(),
          })),
        canManage: theme.canModerate,
        createdAt: project.createdAt.toISOString(),
        updatedAt: project.updatedAt.toISOString(),
      };
    });
  }
}
