/**
 * The api's shapes as the suites see them: one set for test/e2e, test/faults and test/browser.
 *
 * Responses are the api's own response DTOs, imported as types only. `import type` is erased when a test
 * is compiled (swc for Jest, Playwright's transform), so no Nest decorator, class or module of the api loads
 * in a test; and when a response DTO changes, the type check of every test that reads it fails. Written by
 * hand here: what only apps/api declares (the error body, the Socket.IO contract, /api/me/themes, the health
 * check) and request bodies in their wire form (the input DTOs type dates as Date, after validation).
 */
import type {
  AuthorDto,
  MentionDto,
  MessageDto,
  MessagePageDto,
  ReactionSummaryDto,
  SearchHitDto,
  ThreadDto,
  UnreadDto,
} from '@app/chat';
import type { DigestRunDto, NotificationSettingsDto } from '@app/digest';
import type {
  AttendeeDto,
  EventDto,
  EventFormat,
  EventPageDto,
  MemberEventDto,
  RsvpStatus as EventRsvpStatus,
} from '@app/events';
import type {
  AuthResultDto,
  DirectoryPageDto,
  EmailChangeDto,
  EmailVerifiedDto,
  SessionDto,
  SessionListDto,
  OwnProfileDto,
  PastProjectDto,
  ProfileLinkDto,
  PublicProfileDto,
  Relation,
  UpdateProfileDto,
} from '@app/members';
import type { MemberProjectDto, ParticipantDto, ProjectDto } from '@app/projects';
import type {
  ChannelDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPreviewDto,
  ThemeDto,
  ThemeRefDto,
  ThemeStatus as Status,
  ThemeVisibility as Visibility,
} from '@app/themes';

// ---------------------------------------------------------------------------------------------------
// Members and sign-in
// ---------------------------------------------------------------------------------------------------

export type RelationValue = Relation;
export type PastProject = PastProjectDto;
export type ProfileLink = ProfileLinkDto;
export type PublicProfile = PublicProfileDto;
export type OwnProfile = OwnProfileDto;
/** PATCH /api/members/me */
export type ProfileChanges = UpdateProfileDto;
export type DirectoryPage = DirectoryPageDto;

/** The JSON session (no `session: 'cookie'`): the refresh token is in the body. */
export type AuthResult = AuthResultDto & { refreshToken: string };
/** The browser session (`session: 'cookie'`): the refresh token is a cookie, not in the body. */
export type CookieAuthResult = AuthResultDto;

/** POST /api/auth/verify-email */
export type EmailVerified = EmailVerifiedDto;
/** PATCH /api/members/me/email */
export type EmailChange = EmailChangeDto;
/** GET /api/members/me/sessions */
export type SessionList = SessionListDto;
export type Session = SessionDto;

// ---------------------------------------------------------------------------------------------------
// Errors (apps/api's exception filters)
// ---------------------------------------------------------------------------------------------------

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { fields?: FieldProblem[]; retryAfterSeconds?: number } & Record<string, unknown>;
  requestId: string;
}

// ---------------------------------------------------------------------------------------------------
// Themes and chat
// ---------------------------------------------------------------------------------------------------

export type ThemeStatus = Status;
export type ThemeVisibility = Visibility;
export type MemberRef = MentionDto;
export type Author = AuthorDto;
export type Theme = ThemeDto;
export type ThemeRef = ThemeRefDto;
export type Channel = ChannelDto;
export type ReactionSummary = ReactionSummaryDto;
export type ChatMessage = MessageDto;
export type Unread = UnreadDto;
export type MessagePage = MessagePageDto;
export type ThreadPage = ThreadDto;
export type SearchHit = SearchHitDto;

export interface Items<T> {
  items: T[];
}

/** GET /api/me/themes */
export interface MyTheme {
  theme: Theme;
  channels: (Channel & { unread: Unread })[];
}

/** POST /api/themes */
export interface ThemeInput {
  slug: string;
  title: string;
  summary?: string;
  titleEn?: string;
  summaryEn?: string;
  status?: ThemeStatus;
  visibility?: ThemeVisibility;
  ownerIds?: string[];
}

// The /chat namespace (apps/api/src/chat/chat.events.ts)

export interface AckError {
  ok: false;
  error: { code: string; message: string; details?: Record<string, unknown> };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
export type JoinAck = Ack<{ channel: Channel; messages: ChatMessage[]; hasMore: boolean }>;
export type MessageAck = Ack<{ message: ChatMessage }>;
export type ReadAck = Ack<Unread>;

/** What the server pushes, by event name. */
export interface ServerEvents {
  'message:new': ChatMessage;
  'message:updated': ChatMessage;
  'message:deleted': { messageId: string; channelId: string; seq: number };
  'reaction:updated': { messageId: string; channelId: string; reactions: ReactionSummary[] };
  typing: { channelId: string; member: MemberRef };
  presence: { themeId: string; memberIds: string[] };
  mention: { message: ChatMessage };
  unread: Unread;
}
export type ServerEvent = keyof ServerEvents;

// ---------------------------------------------------------------------------------------------------
// Events and digests
// ---------------------------------------------------------------------------------------------------

export type RsvpStatus = EventRsvpStatus;
export type EventBody = EventDto;
export type EventPage = EventPageDto;
/** An event on a member's profile (GET /api/members/:id `events`). */
export type MemberEvent = MemberEventDto;
/** GET /api/members/:id: the public profile with the themes and events the caller may see. */
export type MemberProfile = PublicProfileDto & {
  themes: ThemeRefDto[];
  events: MemberEventDto[];
  projects: MemberProjectDto[];
};
export type Attendee = AttendeeDto;

/** POST /api/events (PATCH takes any part of it) */
export interface EventInput {
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  timeZone?: string;
  /** An EventFormat; any string, for the tests of what the api refuses. */
  format: EventFormat | (string & {});
  venueName?: string | null;
  venueAddress?: string | null;
  joinUrl?: string | null;
  themeId?: string | null;
  capacity?: number | null;
  rsvpDeadline?: string | null;
}

export type NotificationSettings = NotificationSettingsDto;
/** A digest run as GET /api/admin/digests/runs lists it (createdAt arrives as an ISO string). */
export type DigestRun = Omit<DigestRunDto, 'createdAt'> & { createdAt: string };

// ---------------------------------------------------------------------------------------------------
// Platform (apps/api's health controller, the OpenAPI document)
// ---------------------------------------------------------------------------------------------------

export interface HealthCheck {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Health {
  status: string;
  checks: { postgres: HealthCheck; redis: HealthCheck };
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
  components?: { securitySchemes?: Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------------
// Invitations and leaving
// ---------------------------------------------------------------------------------------------------

export type Project = ProjectDto;
export type Participant = ParticipantDto;
/** A project on a member's profile (GET /api/members/:id and /me `projects`). */
export type MemberProject = MemberProjectDto;

export type Invitation = InvitationDto;
export type InvitationPage = InvitationPageDto;
export type InvitationPreview = InvitationPreviewDto;

/** GET /api/members/me/export, as parsed from the download. */
export interface MemberExportBody {
  format: string;
  exportedAt: string;
  memberId: string;
  profile: OwnProfile & { updatedAt: string };
  settings: NotificationSettings;
  sessions: {
    id: string;
    userAgent: string | null;
    ip: string | null;
    createdAt: string;
    lastUsedAt: string;
    expiresAt: string;
    revokedAt: string | null;
  }[];
  themes: {
    follows: { themeId: string; slug: string; title: string; addedBy: string | null; since: string }[];
    owns: { themeId: string; slug: string; title: string; since: string }[];
  };
  messages: {
    id: string;
    channelId: string;
    parentId: string | null;
    body: string;
    createdAt: string;
    deletedAt: string | null;
    place: { themeSlug: string; channelSlug: string } | null;
  }[];
  reactions: { messageId: string; emoji: string; createdAt: string }[];
  rsvps: { eventId: string; title: string; status: RsvpStatus; checkedInAt: string | null }[];
  calendarFeed: { createdAt: string } | null;
  digests: { period: string; frequency: string; status: string }[];
  invitations: { sent: Invitation[]; received: Invitation[] };
  projects: { projectId: string; themeId: string; title: string; role: string; endsOn: string }[];
}
