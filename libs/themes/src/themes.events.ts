import type { LostAccess } from './theme-access';

/** A member can no longer read some of a theme's channels (they left it, or were removed from it). */
export class ThemeAccessLost {
  constructor(readonly lost: LostAccess) {}
}
