import { Injectable } from '@nestjs/common';
import { isStaff, type AuthMember } from '@app/auth';
import { DomainEvents } from '@app/common';
import { MembersService } from '@app/members';
import type { ChannelEntity } from './channel.entity';
import type { ChannelDto, CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';
import type { CreateThemeDto, ThemeDto, ThemeRefDto, UpdateThemeDto } from './dto/theme.dto';
import { ThemeAccess, type LostAccess, type VisibleTheme } from './theme-access';
import { ThemeAccessLost } from './themes.events';
import {
  ChannelNotFoundError,
  ChannelSlugTakenError,
  NotThemeManagerError,
  ThemeNotFoundError,
  ThemeSlugTakenError,
} from './themes.errors';
import { ThemesRepository, type ChannelPlace } from './themes.repository';

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

/** Themes and their channels: what they are, who follows and owns them; the rights are ThemeAccess's. */
@Injectable()
export class ThemesService {
  constructor(
    private readonly themes: ThemesRepository,
    private readonly access: ThemeAccess,
    private readonly members: MembersService,
    private readonly events: DomainEvents,
  ) {}

  /** Themes the caller can see: every public one, and the private ones they belong to. */
  async list(viewer: AuthMember): Promise<ThemeDto[]> {
    return this.toThemeDtos(await this.access.visibleThemes(viewer));
  }

  async get(slug: string, viewer: AuthMember): Promise<ThemeDto> {
    const [dto] = await this.toThemeDtos([await this.access.visibleTheme(slug, viewer)]);
    return dto;
  }

  async create(input: CreateThemeDto, creator: AuthMember): Promise<ThemeDto> {
    await this.members.assertExist(input.ownerIds ?? []);
    const id = await this.themes.create(
      {
        slug: input.slug,
        title: input.title,
        summary: input.summary ?? '',
        titleEn: input.titleEn ?? null,
        summaryEn: input.summaryEn ?? null,
        status: input.status ?? 'recruiting',
        visibility: input.visibility ?? 'public',
        createdBy: creator.id,
      },
      input.ownerIds ?? [],
    );
    if (!id) throw new ThemeSlugTakenError();
    return this.get(input.slug, creator);
  }

  async update(slug: string, changes: UpdateThemeDto, caller: AuthMember): Promise<ThemeDto> {
    const theme = await this.managedTheme(slug, caller);
    if (changes.ownerIds !== undefined && !isStaff(caller)) throw new NotThemeManagerError();
    await this.members.assertExist(changes.ownerIds ?? []);
    await this.themes.update(
      theme.id,
      {
        title: changes.title ?? undefined,
        summary: changes.summary ?? undefined,
        status: changes.status ?? undefined,
        visibility: changes.visibility ?? undefined,
        ...(changes.archived !== undefined &&
          changes.archived !== theme.archived && { archivedAt: changes.archived ? new Date() : null }),
        ...(changes.titleEn !== undefined && { titleEn: changes.titleEn }),
        ...(changes.summaryEn !== undefined && { summaryEn: changes.summaryEn }),
      },
      changes.ownerIds,
    );
    return this.get(slug, caller);
  }

  /**
   * Public themes: anyone may follow. A private theme is invisible (THEME_NOT_FOUND) to everyone but its
   * members, owners and staff, so only those a manager added can reach this.
   */
  async follow(slug: string, member: AuthMember): Promise<ThemeDto> {
    const theme = await this.access.visibleTheme(slug, member);
    await this.themes.follow(theme.id, member.id, null);
    return this.get(slug, member);
  }

  /** Leaving a theme takes its channels away (ThemeAccessLost) unless the member still reads it. */
  async unfollow(slug: string, member: AuthMember): Promise<ThemeDto> {
    const theme = await this.access.visibleTheme(slug, member);
    await this.themes.unfollow(theme.id, member.id);
    await this.lost(await this.access.lostOnLeaving(theme.id, member));
    return this.get(slug, member);
  }

  /** A coordinator or owner adds a member (the way into a private theme). */
  async addMember(slug: string, memberId: string, caller: AuthMember): Promise<void> {
    const theme = await this.managedTheme(slug, caller);
    await this.members.assertExist([memberId]);
    await this.themes.follow(theme.id, memberId, caller.id);
  }

  async removeMember(slug: string, memberId: string, caller: AuthMember): Promise<void> {
    const theme = await this.managedTheme(slug, caller);
    const removed = await this.members.get(memberId);
    await this.themes.unfollow(theme.id, memberId);
    await this.lost(await this.access.lostOnLeaving(theme.id, { id: removed.id, role: removed.role }));
  }

  async channels(slug: string, viewer: AuthMember): Promise<ChannelDto[]> {
    const theme = await this.access.visibleTheme(slug, viewer);
    return (await this.themes.channels([theme.id])).map(toChannelDto);
  }

  async createChannel(slug: string, input: CreateChannelDto, caller: AuthMember): Promise<ChannelDto> {
    const theme = await this.access.visibleTheme(slug, caller);
    this.access.assertCanAddTo(theme);
    const channel = await this.themes.createChannel(theme.id, input.slug, input.name);
    if (!channel) throw new ChannelSlugTakenError();
    return toChannelDto(channel);
  }

  async updateChannel(
    slug: string,
    channelId: string,
    changes: UpdateChannelDto,
    caller: AuthMember,
  ): Promise<ChannelDto> {
    const theme = await this.access.visibleTheme(slug, caller);
    this.access.assertCanAddTo(theme);
    const channel = await this.themes.findChannel(theme.id, channelId);
    if (!channel) throw new ChannelNotFoundError();
    if (changes.name !== undefined) channel.name = changes.name;
    if (changes.archived !== undefined)
      channel.archivedAt = changes.archived ? (channel.archivedAt ?? new Date()) : null;
    await this.themes.updateChannel(channel);
    return toChannelDto(channel);
  }

  /** The themes a member belongs to, as the viewer may see them (private ones only to insiders). */
  async themesOf(memberId: string, viewer: AuthMember): Promise<ThemeRefDto[]> {
    const [belongs, visible] = await Promise.all([
      this.access.themeIdsOf(memberId),
      this.access.visibleThemeIds(viewer),
    ]);
    const seen = new Set(visible);
    const themes = await this.themes.themesByIds(belongs.filter((id) => seen.has(id)));
    const byId = new Map(themes.map((theme) => [theme.id, theme]));
    return belongs.flatMap((id) => {
      const theme = byId.get(id);
      return theme ? [{ id: theme.id, slug: theme.slug, title: theme.title, status: theme.status }] : [];
    });
  }

  /** The themes a member belongs to with their channels, for GET /api/me/themes. */
  async followed(member: AuthMember): Promise<{ theme: ThemeDto; channels: ChannelDto[] }[]> {
    const mine = (await this.access.visibleThemes(member)).filter((t) => t.follower || t.owner);
    const themes = await this.toThemeDtos(mine);
    const channels = await this.themes.channels(themes.map((theme) => theme.id));
    return themes.map((theme) => ({
      theme,
      channels: channels.filter((c) => c.themeId === theme.id).map(toChannelDto),
    }));
  }

  /** Where each of these channels lives (theme slug and title, channel slug and name), by channel id. */
  async channelPlaces(channelIds: readonly string[]): Promise<Map<string, Omit<ChannelPlace, 'channelId'>>> {
    const places = await this.themes.channelPlaces([...new Set(channelIds)]);
    return new Map(places.map(({ channelId, ...place }) => [channelId, place]));
  }

  /** The channels of these themes, oldest first. */
  channelsOf(themeIds: readonly string[]): Promise<ChannelEntity[]> {
    return this.themes.channels(themeIds);
  }

  /** A theme's newest followers in a window (`limit` at most) and how many there were. */
  newFollowers(
    themeId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ ids: string[]; total: number }> {
    return this.themes.newFollowers(themeId, from, to, limit);
  }

  themeIdBySlug(slug: string): Promise<string | null> {
    return this.themes.themeIdBySlug(slug);
  }

  /** The channel where a theme's announcements go: its open `general` channel. */
  generalChannelId(themeId: string): Promise<string | null> {
    return this.themes.generalChannelId(themeId);
  }

  /** Titles and slugs of these themes (for mails and digests), by id. */
  async refs(themeIds: readonly string[]): Promise<Map<string, ThemeRefDto & { titleEn: string | null }>> {
    const themes = await this.themes.themesByIds(themeIds);
    return new Map(
      themes.map((t) => [
        t.id,
        { id: t.id, slug: t.slug, title: t.title, titleEn: t.titleEn, status: t.status },
      ]),
    );
  }

  private async managedTheme(slug: string, caller: AuthMember): Promise<VisibleTheme> {
    const theme = await this.access.visibleTheme(slug, caller);
    if (!theme.canModerate) throw new NotThemeManagerError();
    return theme;
  }

  private async lost(lost: LostAccess): Promise<void> {
    if (lost.channelIds.length) await this.events.publish(new ThemeAccessLost(lost));
  }

  private async toThemeDtos(visible: VisibleTheme[]): Promise<ThemeDto[]> {
    if (!visible.length) return [];
    const ids = visible.map((theme) => theme.id);
    const [themes, owners, counts] = await Promise.all([
      this.themes.themesByIds(ids),
      this.themes.ownerIds(ids),
      this.themes.followerCounts(ids),
    ]);
    const cards = new Map(
      (await this.members.cards([...new Set([...owners.values()].flat())])).map((card) => [card.id, card]),
    );
    return visible.map((row) => {
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
        archived: theme.archivedAt !== null,
        archivedAt: theme.archivedAt?.toISOString() ?? null,
        owners: (owners.get(theme.id) ?? []).flatMap((id) => {
          const card = cards.get(id);
          return card ? [{ id: card.id, displayName: card.displayName, avatarUrl: card.avatarUrl }] : [];
        }),
        followerCount: counts.get(theme.id) ?? 0,
        following: row.follower,
        createdAt: theme.createdAt.toISOString(),
      };
    });
  }
}
