/** The api's response shapes this client reads (docs/api.md is the contract). */

export type Role = 'member' | 'coordinator' | 'admin';

export interface Member {
  id: string;
  displayName: string;
  furigana: string | null;
  avatarUrl: string | null;
  role: Role;
}

export interface OwnProfile extends Member {
  email: string;
  /** Digests and event mails go only to a verified address. */
  emailVerified: boolean;
  /** An address change waiting for its verification. */
  pendingEmail: string | null;
  locale: 'ja' | 'en';
  timeZone: string;
}

export interface AuthResult {
  accessToken: string;
  expiresIn: number;
  member: OwnProfile;
}

export interface ThemeOwner {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}

export type ThemeStatus = 'recruiting' | 'active' | 'ended';

export interface Theme {
  id: string;
  slug: string;
  title: string;
  summary: string;
  titleEn: string | null;
  summaryEn: string | null;
  status: ThemeStatus;
  visibility: 'public' | 'private';
  /** Archived themes are read only. */
  archived: boolean;
  archivedAt: string | null;
  owners: ThemeOwner[];
  followerCount: number;
  following: boolean;
  createdAt: string;
}

export interface Channel {
  id: string;
  themeId: string;
  slug: string;
  name: string;
  archived: boolean;
  lastSeq: number;
}

export interface Unread {
  channelId: string;
  lastReadSeq: number;
  unread: number;
  mentions: number;
}

export interface FollowedTheme {
  theme: Theme;
  channels: (Channel & { unread: Unread })[];
}

export interface Reaction {
  emoji: string;
  count: number;
  memberIds: string[];
}

export interface Message {
  id: string;
  channelId: string;
  seq: number;
  kind: 'user' | 'system';
  /** `former`: the author left the salon (shown as 退会したメンバー / Former member). */
  author: { id: string; displayName: string; avatarUrl: string | null; former?: boolean } | null;
  body: string;
  clientMessageId: string | null;
  parentId: string | null;
  replyCount: number;
  mentions: { id: string; displayName: string; former?: boolean }[];
  reactions: Reaction[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface MessageLocation {
  themeSlug: string;
  themeTitle: string;
  channelSlug: string;
  channelName: string;
}

export interface LocatedMessage extends MessageLocation {
  message: Message;
}

export interface MentionHit extends Message, MessageLocation {
  unread: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export type EventFormat = 'online' | 'onsite' | 'hybrid';
export type RsvpStatus = 'going' | 'waitlisted' | 'interested' | 'not_going';

export interface SalonEvent {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  format: EventFormat;
  venueName: string | null;
  venueAddress: string | null;
  /** Only for members going, and organisers. */
  joinUrl: string | null;
  theme: { id: string; slug: string; title: string } | null;
  capacity: number | null;
  rsvpDeadline: string | null;
  status: 'scheduled' | 'cancelled';
  cancelledAt: string | null;
  counts: { going: number; interested: number; waitlisted: number };
  myRsvp: {
    status: RsvpStatus;
    /** 1 = next to get a seat. */
    waitlistPosition: number | null;
    checkedIn: boolean;
    updatedAt: string;
  } | null;
  canManage: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What POST/PATCH /api/events take. */
export interface EventInput {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  format: EventFormat;
  venueName: string | null;
  venueAddress: string | null;
  joinUrl: string | null;
  themeId: string | null;
  capacity: number | null;
  rsvpDeadline: string | null;
}

export interface Attendee {
  memberId: string;
  former?: boolean;
  displayName: string;
  furigana: string | null;
  avatarUrl: string | null;
  status: RsvpStatus;
  waitlistPosition: number | null;
  checkedInAt: string | null;
}

/** GET /api/admin/digests/runs (coordinators and admins). */
export interface DigestRun {
  id: string;
  frequency: 'weekly' | 'daily';
  trigger: 'schedule' | 'admin';
  createdAt: string;
  enqueuingDone: boolean;
  enqueued: number;
  pending: number;
  sent: number;
  skipped: number;
  failed: number;
}

/** GET /api/members/me/sessions: one signed-in device. */
export interface AccountSession {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  current: boolean;
}

// The directory, profiles and settings (pages /members, /members/:id, /settings/*).

export type Relation =
  | 'resident'
  | 'former_resident'
  | 'side_job_professional'
  | 'theme_owner'
  | 'coordinator'
  | 'supporter'
  | 'other';

export interface ProfileLink {
  label: string;
  url: string;
}

export interface PastProject {
  theme: string;
  role?: string;
  year?: number;
}

/** What any signed-in member sees of another (GET /api/members, /api/members/:id). */
export interface PublicProfile extends Member {
  bio: string;
  skills: string[];
  relation: Relation | null;
  homeArea: string | null;
  pastProjects: PastProject[];
  links: ProfileLink[];
  openToHelp: boolean;
  createdAt: string;
}

export interface ThemeRef {
  id: string;
  slug: string;
  title: string;
  status: ThemeStatus;
}

/** An event on a profile: one the member is going to, waiting for, interested in, or attended. */
export interface MemberEvent {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  format: 'online' | 'onsite' | 'hybrid';
  theme: { id: string; slug: string; title: string } | null;
  rsvp: 'going' | 'waitlisted' | 'interested';
  attended: boolean;
  past: boolean;
}

export interface MemberProfile extends PublicProfile {
  themes: ThemeRef[];
  events: MemberEvent[];
  projects: MemberProject[];
}

/** GET/PATCH /api/members/me */
export interface MyProfile extends PublicProfile, OwnProfile {
  themes: ThemeRef[];
  projects: MemberProject[];
}

export type ProjectStatus = 'planned' | 'running' | 'ended';
export type ParticipantRole = 'theme_owner' | 'side_job_professional' | 'coordinator' | 'supporter';

/** A project a member took part in (profiles' `projects`); `alumni`: it ended (in Japan), so they are its alumni. */
export interface MemberProject {
  projectId: string;
  themeSlug: string;
  themeTitle: string;
  themeTitleEn: string | null;
  title: string;
  role: ParticipantRole;
  startsOn: string;
  endsOn: string;
  status: ProjectStatus;
  alumni: boolean;
}

export interface Participant {
  memberId: string;
  displayName: string;
  furigana: string | null;
  avatarUrl: string | null;
  former: boolean;
  role: ParticipantRole;
  alumni: boolean;
  addedAt: string;
}

/** GET /api/themes/:slug/projects, /api/projects/:id; days are `YYYY-MM-DD`. */
export interface Project {
  id: string;
  theme: { id: string; slug: string; title: string; titleEn: string | null; archived: boolean };
  title: string;
  startsOn: string;
  endsOn: string;
  status: ProjectStatus;
  ended: boolean;
  participants: Participant[];
  canManage: boolean;
  createdAt: string;
  updatedAt: string;
}

export type DigestSetting = 'weekly' | 'daily' | 'off';

export interface NotificationSettings {
  digest: DigestSetting;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  sendWeekday: number;
  sendHour: number;
  timeZone: string;
  locale: 'ja' | 'en';
}

export interface CalendarTokenState {
  active: boolean;
  createdAt: string | null;
}

export interface CalendarToken {
  token: string;
  url: string;
}

/** A person as invitations show them; `former`: they left the salon. */
export interface InvitationPerson {
  id: string;
  displayName: string;
  former: boolean;
}

export type InvitationState = 'pending' | 'accepted' | 'expired' | 'revoked';

export interface Invitation {
  id: string;
  email: string;
  theme: { id: string; slug: string; title: string; titleEn: string | null } | null;
  message: string;
  state: InvitationState;
  invitedBy: InvitationPerson | null;
  acceptedBy: InvitationPerson | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** GET /api/invitations/preview: what the registration page shows of an invitation. */
export interface InvitationPreview {
  email: string;
  theme: { id: string; slug: string; title: string; titleEn: string | null } | null;
  invitedBy: string;
  message: string;
  expiresAt: string;
}

/**
 * `GET /api/admin/kpis?from&to` (coordinators and admins). Days are Asia/Tokyo; percentages 0–100 with one
 * decimal. A figure about fewer than 5 people is `null` and its object says `suppressed: true`; retention and
 * alumni months that have not ended are `null` too (without `suppressed`).
 */
export interface Kpis {
  from: string;
  to: string;
  involved: { fiscalYears: KpiFiscalYear[] };
  active: {
    dau: number | null;
    wau: number | null;
    mau: number | null;
    engagedMau: number | null;
    suppressed?: boolean;
    series: KpiDay[];
  };
  retention: { cohorts: KpiCohort[] };
  alumni: {
    overall: KpiAlumniCurve;
    projects: (KpiAlumniCurve & {
      projectId: string;
      title: string;
      /** The project's last day (`YYYY-MM-DD`); its participants are alumni from the day after. */
      endsOn?: string;
      participants: number | null;
    })[];
    reactivations: number | null;
  };
  events: {
    overall: {
      going: number | null;
      checkedIn: number | null;
      attendanceRate: number | null;
      noShows: number | null;
      repeatAttendees: number | null;
      suppressed?: boolean;
    };
    items: KpiEvent[];
  };
  digests: { periods: KpiDigestPeriod[] };
}

export type KpiTable = 'involved' | 'active' | 'retention' | 'alumni' | 'events' | 'digests';

export interface KpiFiscalYear {
  /** The year the April–March year starts in. */
  fiscalYear: number;
  involved: number | null;
  new: number | null;
  suppressed?: boolean;
}

export interface KpiDay {
  day: string;
  dau: number | null;
  engaged: number | null;
  suppressed?: boolean;
}

export interface KpiCohort {
  /** `YYYY-MM`: the join month. */
  month: string;
  size: number | null;
  m1: number | null;
  m3: number | null;
  m6: number | null;
  m12: number | null;
  suppressed?: boolean;
}

export interface KpiAlumniCurve {
  m3: number | null;
  m6: number | null;
  m12: number | null;
  suppressed?: boolean;
}

export interface KpiEvent {
  eventId: string;
  title: string;
  startsAt: string;
  /** False before the event starts: its attendance rate, no-shows and alumni are `null` then. */
  started?: boolean;
  going: number | null;
  checkedIn: number | null;
  attendanceRate: number | null;
  noShows: number | null;
  alumni: number | null;
  suppressed?: boolean;
}

export interface KpiDigestPeriod {
  period: string;
  sent: number | null;
  clicked: number | null;
  returned72h: number | null;
  unsubscribed: number | null;
  suppressed?: boolean;
}
