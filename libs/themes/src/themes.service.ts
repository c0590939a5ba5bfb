import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { preparedQuery } from '@app/database';
import { MembersService } from '@app/members';
import { ChannelEntity } from './channel.entity';
import type { ChannelDto, CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';
import type {
  CreateThemeDto,
  ThemeDto,
  ThemeMemberRefDto,
  ThemeRefDto,
  UpdateThemeDto,
} from './dto/theme.dto';
import { ThemeEntity } from './theme.entity';
import {
  ChannelArchivedError,
  ChannelNotFoundError,
  ChannelSlugTakenError,
  NotAMemberError,
  NotThemeManagerError,
  ThemeNotFoundError,
  ThemeSlugTakenError,
} from './themes.errors';

/** What a member may do in one channel; computed afresh for every chat event. */
export interface ChannelAccess {
  channel: ChannelEntity;
  theme: Pick<ThemeEntity, 'id' | 'slug' | 'title' | 'visibility' | 'status'>;
  canRead: boolean;
  canPost: boolean;
  canModerate: boolean;
}

/** What a member stopped being able to read, so their open connections can leave it. */
export interface LostAccess {
  memberId: string;
  themeId: string;
  /** Empty when the member still reads the theme (as staff or owner). */
  channelIds: string[];
}

export const GENERAL_CHANNEL = { slug: 'general', name: '全体 General' };

const isStaff = (member: AuthMember) => member.role === 'coordinator' || member.role === 'admin';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

interface ChannelRow {
  id: string;
  theme_id: string;
  slug: string;
  name: string;
  last_seq: string;
  archived_at: Date | null;
  created_at: Date;
}

interface ThemeJoinRow {
  theme_slug: string;
  theme_title: string;
  theme_visibility: ThemeEntity['visibility'];
  theme_status: ThemeEntity['status'];
  following: boolean;
  owner: boolean;
}

interface ThemeRow {
  id: string;
  follower_count: number;
  following: boolean;
  owner: boolean;
}

@Injectable()
export class ThemesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly members: MembersService,
  ) {}

  /** Themes the caller can see: every public one, and the private ones they belong to. */
  async list(viewer: AuthMember): Promise<ThemeDto[]> {
    const rows = await this.themeRows(viewer, undefined);
    return this.toThemeDtos(rows);
  }

  async get(slug: string, viewer: AuthMember): Promise<ThemeDto> {
    const [row] = await this.themeRows(viewer, slug);
    if (!row) throw new ThemeNotFoundError();
    const [dto] = await this.toThemeDtos([row]);
    return dto;
  }

  /** A theme the viewer may see, or THEME_NOT_FOUND (a private theme's existence is not revealed). */
  async visibleTheme(
    slug: string,
    viewer: AuthMember,
  ): Promise<ThemeEntity & { following: boolean; owner: boolean }> {
    const [row] = await this.themeRows(viewer, slug);
    if (!row) throw new ThemeNotFoundError();
    const theme = await this.db.getRepository(ThemeEntity).findOneByOrFail({ id: row.id });
    return Object.assign(theme, { following: row.following, owner: row.owner });
  }

  async create(input: CreateThemeDto, creator: AuthMember): Promise<ThemeDto> {
    for (const ownerId of input.ownerIds ?? []) await this.members.get(ownerId);
    const id = await this.db
      .transaction(async (tx) => {
        const theme = await tx.getRepository(ThemeEntity).save(
          tx.getRepository(ThemeEntity).create({
            slug: input.slug,
            title: input.title,
            summary: input.summary ?? '',
            titleEn: input.titleEn ?? null,
            summaryEn: input.summaryEn ?? null,
            status: input.status ?? 'recruiting',
            visibility: input.visibility ?? 'public',
            createdBy: creator.id,
          }),
        );
        await tx.getRepository(ChannelEntity).insert({ themeId: theme.id, ...GENERAL_CHANNEL, lastSeq: 0 });
        await this.replaceOwners(tx, theme.id, input.ownerIds ?? []);
        return theme.id;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new ThemeSlugTakenError() : error;
      });
    const slug = (await this.db.getRepository(ThemeEntity).findOneByOrFail({ id })).slug;
    return this.get(slug, creator);
  }

  async update(slug: string, changes: UpdateThemeDto, caller: AuthMember): Promise<ThemeDto> {
    const theme = await this.managedTheme(slug, caller);
    if (changes.ownerIds !== undefined && !isStaff(caller)) throw new NotThemeManagerError();
    for (const ownerId of changes.ownerIds ?? []) await this.members.get(ownerId);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(ThemeEntity).update(
        { id: theme.id },
        {
          title: changes.title ?? undefined,
          summary: changes.summary ?? undefined,
          status: changes.status ?? undefined,
          visibility: changes.visibility ?? undefined,
          ...(changes.titleEn !== undefined && { titleEn: changes.titleEn }),
          ...(changes.summaryEn !== undefined && { summaryEn: changes.summaryEn }),
        },
      );
      if (changes.ownerIds) await this.replaceOwners(tx, theme.id, changes.ownerIds);
    });
    return this.get(slug, caller);
  }

  /**
   * Public themes: anyone may follow. A private theme is invisible (THEME_NOT_FOUND) to everyone but its
   * members, owners and staff, so only those a manager added can reach this.
   */
  async follow(slug: string, member: AuthMember): Promise<ThemeDto> {
    const theme = await this.visibleTheme(slug, member);
    await this.db.query(
      `INSERT INTO theme_follows (theme_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [theme.id, member.id],
    );
    return this.get(slug, member);
  }

  /** Returns the channels the member can no longer read, so open connections can leave them. */
  async unfollow(slug: string, member: AuthMember): Promise<{ theme: ThemeDto; lost: LostAccess }> {
    const theme = await this.visibleTheme(slug, member);
    await this.db.query(`DELETE FROM theme_follows WHERE theme_id = $1 AND member_id = $2`, [
      theme.id,
      member.id,
    ]);
    return {
      theme: await this.get(slug, member),
      lost: await this.lostAccess(theme.id, member),
    };
  }

  /** A coordinator or owner adds a member (the way into a private theme). */
  async addMember(slug: string, memberId: string, caller: AuthMember): Promise<void> {
    const theme = await this.managedTheme(slug, caller);
    await this.members.get(memberId);
    await this.db.query(
      `INSERT INTO theme_follows (theme_id, member_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [theme.id, memberId, caller.id],
    );
  }

  /** Returns what the removed member can no longer read. */
  async removeMember(slug: string, memberId: string, caller: AuthMember): Promise<LostAccess> {
    const theme = await this.managedTheme(slug, caller);
    const removed = await this.members.get(memberId);
    await this.db.query(`DELETE FROM theme_follows WHERE theme_id = $1 AND member_id = $2`, [
      theme.id,
      memberId,
    ]);
    return this.lostAccess(theme.id, { id: removed.id, role: removed.role });
  }

  async channels(slug: string, viewer: AuthMember): Promise<ChannelDto[]> {
    const theme = await this.visibleTheme(slug, viewer);
    const channels = await this.db
      .getRepository(ChannelEntity)
      .find({ where: { themeId: theme.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return channels.map(toChannelDto);
  }

  async createChannel(slug: string, input: CreateChannelDto, caller: AuthMember): Promise<ChannelDto> {
    const theme = await this.managedTheme(slug, caller);
    const repository = this.db.getRepository(ChannelEntity);
    const channel = await repository
      .save(repository.create({ themeId: theme.id, slug: input.slug, name: input.name, lastSeq: 0 }))
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new ChannelSlugTakenError() : error;
      });
    return toChannelDto(await repository.findOneByOrFail({ id: channel.id }));
  }

  async updateChannel(slug: string, channelId: string, changes: UpdateChannelDto, caller: AuthMember) {
    const theme = await this.managedTheme(slug, caller);
    const repository = this.db.getRepository(ChannelEntity);
    const channel = await repository.findOneBy({ id: channelId, themeId: theme.id });
    if (!channel) throw new ChannelNotFoundError();
    if (changes.name !== undefined) channel.name = changes.name;
    if (changes.archived !== undefined)
      channel.archivedAt = changes.archived ? (channel.archivedAt ?? new Date()) : null;
    await repository.update({ id: channel.id }, { name: channel.name, archivedAt: channel.archivedAt });
    return toChannelDto(channel);
  }

  /**
   * The rights of a member in a channel, from the database, now (one query: it runs for every chat event).
   * CHANNEL_NOT_FOUND also answers for channels of private themes the member does not belong to.
   */
  async channelAccess(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    // Prepared: it runs for nearly every chat event, and planning it cost more than running it.
    const [row] = await preparedQuery<ChannelRow & ThemeJoinRow>(
      this.db,
      'themes_channel_access',
      `SELECT c.id, c.theme_id, c.slug, c.name, c.last_seq, c.archived_at, c.created_at,
              t.slug AS theme_slug, t.title AS theme_title, t.visibility AS theme_visibility, t.status AS theme_status,
              EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $2) AS following,
              EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $2) AS owner
         FROM channels c JOIN themes t ON t.id = c.theme_id
        WHERE c.id = $1`,
      [channelId, member.id],
    );
    if (!row) throw new ChannelNotFoundError();
    const canModerate = isStaff(member) || row.owner;
    const canRead = canModerate || row.following;
    if (!canRead && row.theme_visibility === 'private') throw new ChannelNotFoundError();
    const channel = this.db.getRepository(ChannelEntity).create({
      id: row.id,
      themeId: row.theme_id,
      slug: row.slug,
      name: row.name,
      lastSeq: Number(row.last_seq),
      archivedAt: row.archived_at,
      createdAt: row.created_at,
    });
    const theme = {
      id: row.theme_id,
      slug: row.theme_slug,
      title: row.theme_title,
      visibility: row.theme_visibility,
      status: row.theme_status,
    };
    return { channel, theme, canRead, canPost: canRead && !channel.archivedAt, canModerate };
  }

  /** channelAccess, failing unless the member may read. */
  async readableChannel(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    const access = await this.channelAccess(member, channelId);
    if (!access.canRead) throw new NotAMemberError();
    return access;
  }

  /** channelAccess, failing unless the member may post. */
  async writableChannel(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    const access = await this.readableChannel(member, channelId);
    if (!access.canPost) throw new ChannelArchivedError();
    return access;
  }

  /** Themes the member can see (all public ones, and private ones they belong to): their events are visible. */
  async visibleThemeIds(member: AuthMember): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT t.id FROM themes t
        WHERE $2 OR EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1)
              OR EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1)
              OR t.visibility = 'public'`,
      [member.id, isStaff(member)],
    );
    return rows.map((row) => row.id);
  }

  async isOwner(themeId: string, memberId: string): Promise<boolean> {
    const [row] = await this.db.query<{ owner: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM theme_owners WHERE theme_id = $1 AND member_id = $2) AS owner`,
      [themeId, memberId],
    );
    return row.owner;
  }

  async themeIdBySlug(slug: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }[]>(`SELECT id FROM themes WHERE slug = $1`, [slug]);
    return row?.id ?? null;
  }

  /** The channel where a theme's announcements go: its `general` channel. */
  async generalChannelId(themeId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM channels WHERE theme_id = $1 AND slug = $2 AND archived_at IS NULL`,
      [themeId, GENERAL_CHANNEL.slug],
    );
    return row?.id ?? null;
  }

  /** Every channel the member may read, optionally of one theme (for search). */
  async readableChannelIds(member: AuthMember, themeSlug?: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT c.id FROM channels c JOIN themes t ON t.id = c.theme_id
        WHERE ($2::text IS NULL OR t.slug = $2)
          AND ($3 OR EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1)
                  OR EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1))`,
      [member.id, themeSlug ?? null, isStaff(member)],
    );
    return rows.map((row) => row.id);
  }

  /** The themes a member follows or owns, as another member may see them (private ones only to insiders). */
  async themesOf(memberId: string, viewer: AuthMember): Promise<ThemeRefDto[]> {
    return this.db.query<ThemeRefDto[]>(
      `SELECT t.id, t.slug, t.title, t.status FROM themes t
        WHERE (EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1)
               OR EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1))
          AND (t.visibility = 'public' OR $3
               OR EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $2)
               OR EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $2))
        ORDER BY t.created_at, t.id`,
      [memberId, viewer.id, isStaff(viewer)],
    );
  }

  /** For the directory's `theme=` filter: the theme's people, including those who stayed after it ended. */
  peopleScope(themeId: string): { clause: string; params: Record<string, unknown> } {
    return {
      clause: `m.id IN (SELECT member_id FROM theme_follows WHERE theme_id = :scopeThemeId
                        UNION SELECT member_id FROM theme_owners WHERE theme_id = :scopeThemeId)`,
      params: { scopeThemeId: themeId },
    };
  }

  /** The themes a member follows (or owns) with their channels, for GET /api/me/themes. */
  async followed(member: AuthMember): Promise<{ theme: ThemeDto; channels: ChannelDto[] }[]> {
    const rows = (await this.themeRows(member, undefined)).filter((row) => row.following || row.owner);
    const themes = await this.toThemeDtos(rows);
    const channels = themes.length
      ? await this.db
          .getRepository(ChannelEntity)
          .createQueryBuilder('c')
          .where('c.theme_id IN (:...ids)', { ids: themes.map((t) => t.id) })
          .orderBy('c.created_at', 'ASC')
          .addOrderBy('c.id', 'ASC')
          .getMany()
      : [];
    return themes.map((theme) => ({
      theme,
      channels: channels.filter((c) => c.themeId === theme.id).map(toChannelDto),
    }));
  }

  private async managedTheme(slug: string, caller: AuthMember) {
    const theme = await this.visibleTheme(slug, caller);
    if (!isStaff(caller) && !theme.owner) throw new NotThemeManagerError();
    return theme;
  }

  /** The theme's channels, unless the member still reads them as staff or owner. */
  private async lostAccess(themeId: string, member: AuthMember): Promise<LostAccess> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT c.id FROM channels c
        WHERE c.theme_id = $1 AND NOT $3
          AND NOT EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = $1 AND o.member_id = $2)`,
      [themeId, member.id, isStaff(member)],
    );
    return { memberId: member.id, themeId, channelIds: rows.map((row) => row.id) };
  }

  private async replaceOwners(tx: EntityManager, themeId: string, ownerIds: string[]): Promise<void> {
    await tx.query(`DELETE FROM theme_owners WHERE theme_id = $1`, [themeId]);
    if (ownerIds.length) {
      await tx.query(`INSERT INTO theme_owners (theme_id, member_id) SELECT $1, unnest($2::uuid[])`, [
        themeId,
        ownerIds,
      ]);
    }
  }

  private themeRows(viewer: AuthMember, slug: string | undefined): Promise<ThemeRow[]> {
    return this.db.query<ThemeRow[]>(
      `SELECT t.id,
              (SELECT count(*) FROM theme_follows f WHERE f.theme_id = t.id)::int AS follower_count,
              EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1) AS following,
              EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1) AS owner
         FROM themes t
        WHERE ($2::text IS NULL OR t.slug = $2)
          AND (t.visibility = 'public' OR $3
               OR EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1)
               OR EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1))
        ORDER BY t.created_at, t.id`,
      [viewer.id, slug ?? null, isStaff(viewer)],
    );
  }

  private async toThemeDtos(rows: ThemeRow[]): Promise<ThemeDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((row) => row.id);
    const themes = await this.db.getRepository(ThemeEntity).createQueryBuilder('t').whereInIds(ids).getMany();
    const owners = await this.db.query<(ThemeMemberRefDto & { theme_id: string })[]>(
      `SELECT o.theme_id, m.id, m.display_name AS "displayName", m.avatar_url AS "avatarUrl"
         FROM theme_owners o JOIN members m ON m.id = o.member_id
        WHERE o.theme_id = ANY($1::uuid[]) ORDER BY o.created_at, m.id`,
      [ids],
    );
    return rows.map((row) => {
      const theme = themes.find((t) => t.id === row.id);
      if (!theme) throw new ThemeNotFoundError();
      return {
        id: theme.id,
        slug: theme.slug,
        title: theme.title,
        summary: theme.summary,
        titleEn: theme.titleEn,
        summaryEn: theme.summaryEn,
        status: theme.status,
        visibility: theme.visibility,
        owners: owners
          .filter((o) => o.theme_id === theme.id)
          .map(({ id, displayName, avatarUrl }) => ({ id, displayName, avatarUrl })),
        followerCount: row.follower_count,
        following: row.following,
        createdAt: theme.createdAt.toISOString(),
      };
    });
  }
}

export function toChannelDto(channel: ChannelEntity): ChannelDto {
  return {
    id: channel.id,
    themeId: channel.themeId,
    slug: channel.slug,
    name: channel.name,
    archived: channel.archivedAt !== null,
    lastSeq: channel.lastSeq,
  };
}
