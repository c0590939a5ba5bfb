import type { ThemeVisibility } from './theme.entity';

/** How a member stands in a theme: the one definition of belonging is follower or owner (`theme_members`). */
export interface Standing {
  follower: boolean;
  owner: boolean;
  /** Coordinators and admins. */
  staff: boolean;
}

export interface ThemeRights {
  /** The theme is shown to them (its page, its events); a private theme's existence is hidden otherwise. */
  canSee: boolean;
  /** Its channels and their messages: the theme's members and the staff. */
  canRead: boolean;
  /** Delete others' messages, manage channels, members and events: owners and staff. */
  canModerate: boolean;
}

/** A theme's members: its followers (for a private theme, those a manager added) and its owners. */
export function isThemeMember(standing: Pick<Standing, 'follower' | 'owner'>): boolean {
  return standing.follower || standing.owner;
}

/**
 * The one access rule of the salon's themes (docs/architecture.md): members and staff read, owners and
 * staff moderate, everyone sees a public theme and only readers see a private one.
 */
export function themeRights(visibility: ThemeVisibility, standing: Standing): ThemeRights {
  const canModerate = standing.staff || standing.owner;
  const canRead = canModerate || isThemeMember(standing);
  return { canSee: canRead || visibility === 'public', canRead, canModerate };
}

/** Whether a theme and one of its channels take new things; archived ones are read-only for everyone. */
export interface Openness {
  themeArchived: boolean;
  channelArchived: boolean;
}

/** Why a member may not write (post, react, edit, type) in a channel; the theme's archive comes first. */
export type PostRefusal = 'not-a-reader' | 'theme-archived' | 'channel-archived';

export function postRefusal(rights: ThemeRights, place: Openness): PostRefusal | null {
  if (!rights.canRead) return 'not-a-reader';
  if (place.themeArchived) return 'theme-archived';
  if (place.channelArchived) return 'channel-archived';
  return null;
}

/** Posting also needs the theme and the channel open: archived ones are read-only for everyone. */
export function canPostIn(rights: ThemeRights, place: Openness): boolean {
  return postRefusal(rights, place) === null;
}

/** Why a member may not add to a theme (a channel, an event): managers only, and never to an archived theme. */
export type AddRefusal = 'not-a-manager' | 'theme-archived';

export function addRefusal(
  rights: Pick<ThemeRights, 'canModerate'>,
  themeArchived: boolean,
): AddRefusal | null {
  if (!rights.canModerate) return 'not-a-manager';
  if (themeArchived) return 'theme-archived';
  return null;
}

/**
 * postRefusal(…) === null as a SQL condition on a channel row (`channel`: its alias; `memberId` and `staff`:
 * the statement's parameters), for statements that write only where the member may post and so need no
 * separate rights check first (the chat's send). When the condition fails, ThemeAccess says why.
 */
export function mayPostSql(channel: string, memberId: string, staff: string): string {
  return `(${channel}.archived_at IS NULL AND EXISTS (
    SELECT 1 FROM themes posting_theme
     WHERE posting_theme.id = ${channel}.theme_id AND posting_theme.archived_at IS NULL
       AND (${staff} OR EXISTS (SELECT 1 FROM theme_members posting_member
                                 WHERE posting_member.theme_id = posting_theme.id
                                   AND posting_member.member_id = ${memberId}))))`;
}
