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

/** Posting also needs the channel open: an archived channel is read-only for everyone. */
export function canPostIn(rights: ThemeRights, archived: boolean): boolean {
  return rights.canRead && !archived;
}
