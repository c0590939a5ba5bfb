import { MembersAndSessions1763900000000 } from './1763900000000-members-and-sessions';
import { ThemesAndChat1763990000000 } from './1763990000000-themes-and-chat';
import { Events1764080000000 } from './1764080000000-events';
import { Digests1764860000000 } from './1764860000000-digests';
import { RefreshGrace1764950000000 } from './1764950000000-refresh-grace';
import { PublishedViews1765000000000 } from './1765000000000-published-views';
import { ThemeArchive1765100000000 } from './1765100000000-theme-archive';
import { AccountSecurity1765100000001 } from './1765100000001-account-security';
import { InvitationsAndLeaving1765200000000 } from './1765200000000-invitations-and-leaving';
import { SearchStatistics1765300000000 } from './1765300000000-search-statistics';
import { DigestWindowIndex1765350000000 } from './1765350000000-digest-window-index';
import { Projects1765400000000 } from './1765400000000-projects';
import { Activity1765500000000 } from './1765500000000-activity';
import { EngagedDaysIndex1765600000000 } from './1765600000000-engaged-days-index';
import { ActivitySummaries1765700000000 } from './1765700000000-activity-summaries';
import { DigestPeriodFigures1765800000000 } from './1765800000000-digest-period-figures';
import { RsvpAnsweredAt1765900000000 } from './1765900000000-rsvp-answered-at';

/** Listed explicitly (not globbed) so the same list works from TypeScript in tests and JavaScript in dist. */
export const migrations = [
  MembersAndSessions1763900000000,
  ThemesAndChat1763990000000,
  Events1764080000000,
  Digests1764860000000,
  RefreshGrace1764950000000,
  PublishedViews1765000000000,
  ThemeArchive1765100000000,
  AccountSecurity1765100000001,
  InvitationsAndLeaving1765200000000,
  SearchStatistics1765300000000,
  DigestWindowIndex1765350000000,
  Projects1765400000000,
  Activity1765500000000,
  EngagedDaysIndex1765600000000,
  ActivitySummaries1765700000000,
  DigestPeriodFigures1765800000000,
  RsvpAnsweredAt1765900000000,
];
