import { Injectable } from '@nestjs/common';
import { isStaff, type AuthMember } from '@app/auth';
import { MembersService } from '@app/members';
import type { ChannelEntity } from './channel.entity';
import type { ThemeEntity } from './theme.entity';
import {
  addRefusal,
  isThemeMember,
  postRefusal,
  themeRights,
  type PostRefusal,
  type ThemeRights,
} from './theme-rights';
import {
  ChannelArchivedError,
  ChannelNotFoundError,
  NotAMemberError,
  NotThemeManagerError,
  ThemeArchivedError,
  ThemeNotFoundError,
} from './themes.errors';
import { ThemesRepository, type ThemeStandingRow } from './themes.repository';

/** What a member may do in one channel; computed afresh for every chat event. */
export interface ChannelAccess {
  channel: ChannelEntity;
  theme: Pick<ThemeEntity, 'id' | 'slug' | 'title' | 'visibility' | 'status' | 'archivedAt'>;
  canRead: boolean;
  canPost: boolean;
  /** Why they may not post (null when they may). */
  postRefusal: PostRefusal | null;
  canModerate: boolean;
}

/** What a member stopped being able to read, so their open connections can leave it. */
export interface LostAccess {
  memberId: string;
  themeId: string;
  /** Empty when the member still reads the theme (as staff or owner). */
  channelIds: string[];
}

export type VisibleTheme = ThemeStandingRow & ThemeRights;

/**
 * Who may see, read and moderate a theme: the one access rule (theme-rights.ts) applied to what the
 * database says of a member, for every caller — chat, events, digests, search, the directory, mentions.
 */
@Injectable()
export class ThemeAccess {
  constructor(
    private readonly themes: ThemesRepository,
    private readonly members: MembersService,
  ) {}

  /** Every theme the viewer may see (or the one with this slug), with their standing and rights. */
  async visibleThemes(viewer: AuthMember, slug?: string): Promise<VisibleTheme[]> {
    const rows = await this.themes.standings(viewer.id, { slug });
    return rows
      .map((row) => ({ ...row, ...themeRights(row.visibility, { ...row, staff: isStaff(viewer) }) }))
      .filter((theme) => theme.canSee);
  }

  /** THEME_NOT_FOUND when there is no such theme or the viewer may not see it (its existence stays hidden). */
  async visibleTheme(slug: string, viewer: AuthMember): Promise<VisibleTheme> {
    const [theme] = await this.visibleThemes(viewer, slug);
    if (!theme) throw new ThemeNotFoundError();
    return theme;
  }

  /** The theme with this id if the viewer may see it, else null (for things that belong to a theme: projects). */
  async visibleThemeById(id: string, viewer: AuthMember): Promise<VisibleTheme | null> {
    const [row] = await this.themes.standings(viewer.id, { id });
    if (!row) return null;
    const theme = { ...row, ...themeRights(row.visibility, { ...row, staff: isStaff(viewer) }) };
    return theme.canSee ? theme : null;
  }

  async visibleThemeIds(viewer: AuthMember): Promise<string[]> {
    return (await this.visibleThemes(viewer)).map((theme) => theme.id);
  }

  /** Themes everyone sees. */
  publicThemeIds(): Promise<string[]> {
    return this.themes.publicIds();
  }

  /** CHANNEL_NOT_FOUND also answers for channels of private themes the member does not belong to. */
  async channelAccess(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    const row = await this.themes.channelStanding(channelId, member.id);
    if (!row) throw new ChannelNotFoundError();
    const rights = themeRights(row.theme.visibility, { ...row, staff: isStaff(member) });
    if (!rights.canSee) throw new ChannelNotFoundError();
    const refusal = postRefusal(rights, {
      themeArchived: row.theme.archivedAt !== null,
      channelArchived: row.channel.archivedAt !== null,
    });
    return {
      channel: row.channel,
      theme: row.theme,
      canRead: rights.canRead,
      canPost: refusal === null,
      postRefusal: refusal,
      canModerate: rights.canModerate,
    };
  }

  /** channelAccess, failing unless the member may read. */
  async readableChannel(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    const access = await this.channelAccess(member, channelId);
    if (!access.canRead) throw new NotAMemberError();
    return access;
  }

  /** channelAccess, failing unless the member may post (THEME_ARCHIVED before CHANNEL_ARCHIVED). */
  async writableChannel(member: AuthMember, channelId: string): Promise<ChannelAccess> {
    const access = await this.readableChannel(member, channelId);
    switch (access.postRefusal) {
      case null:
        return access;
      case 'not-a-reader':
        throw new NotAMemberError();
      case 'theme-archived':
        throw new ThemeArchivedError();
      case 'channel-archived':
        throw new ChannelArchivedError();
    }
  }

  /**
   * Adding to a theme (a channel, an event): NOT_THEME_MANAGER unless the member manages it, THEME_ARCHIVED
   * when it is archived. For a theme the caller may see (VisibleTheme).
   */
  assertCanAddTo(theme: Pick<VisibleTheme, 'canModerate' | 'archived'>): void {
    switch (addRefusal(theme, theme.archived)) {
      case null:
        return;
      case 'not-a-manager':
        throw new NotThemeManagerError();
      case 'theme-archived':
        throw new ThemeArchivedError();
    }
  }

  /** THEME_ARCHIVED when the theme with this id is archived (for domains that check managing rights their way). */
  async assertOpen(themeId: string): Promise<void> {
    const theme = await this.themes.findById(themeId);
    if (theme?.archivedAt) throw new ThemeArchivedError();
  }

  /** Every channel the member may read, optionally of one theme (for search and mentions). */
  async readableChannelIds(member: AuthMember, themeSlug?: string): Promise<string[]> {
    const readable = new Set(
      (await this.visibleThemes(member, themeSlug)).filter((t) => t.canRead).map((t) => t.id),
    );
    return (await this.themes.allChannels()).filter((c) => readable.has(c.theme_id)).map((c) => c.id);
  }

  /** Owners and staff manage a theme's channels, members and events. */
  async canModerate(themeId: string, member: AuthMember): Promise<boolean> {
    if (isStaff(member)) return true;
    return (await this.themes.ownerIds([themeId])).get(themeId)?.includes(member.id) ?? false;
  }

  /** The theme's members: its followers and owners (`theme_members`). */
  memberIdsOf(themeId: string): Promise<string[]> {
    return this.themes.memberIds(themeId);
  }

  /** Who may read the theme's channels: its members and the staff (who may be mentioned there). */
  async readerIdsOf(themeId: string): Promise<string[]> {
    const [members, staff] = await Promise.all([this.themes.memberIds(themeId), this.members.staffCards()]);
    return [...new Set([...members, ...staff.map((card) => card.id)])];
  }

  /** The themes a member belongs to (follows or owns). */
  themeIdsOf(memberId: string): Promise<string[]> {
    return this.themes.themeIdsOfMember(memberId);
  }

  /** themeIdsOf for several members at once: every member asked for is in the map. */
  themeIdsOfMembers(memberIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.themes.themeIdsOfMembers(memberIds);
  }

  /** After a member left (or was removed from) a theme: its channels, unless they still read it. */
  async lostOnLeaving(themeId: string, member: AuthMember): Promise<LostAccess> {
    const [standing] = await this.themes.standings(member.id, { id: themeId });
    const stillReads =
      standing !== undefined &&
      themeRights(standing.visibility, { ...standing, staff: isStaff(member) }).canRead;
    const channelIds = stillReads ? [] : (await this.themes.channels([themeId])).map((c) => c.id);
    return { memberId: member.id, themeId, channelIds };
  }

  /** Whether the member belongs to the theme (used where belonging, not reading, matters). */
  async isMember(themeId: string, memberId: string): Promise<boolean> {
    const [standing] = await this.themes.standings(memberId, { id: themeId });
    return standing !== undefined && isThemeMember(standing);
  }
}
