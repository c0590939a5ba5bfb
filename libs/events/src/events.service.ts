import { Injectable } from '@nestjs/common';
import { isStaff, type AuthMember } from '@app/auth';
import { DEFAULT_PAGE_SIZE, DomainEvents, decodeTimeIdCursor, encodeTimeIdCursor } from '@app/common';
import { ThemeAccess, ThemesService } from '@app/themes';
import type {
  AttendeeDto,
  CreateEventDto,
  EventDto,
  EventQueryDto,
  MyRsvpDto,
  RsvpDto,
  UpdateEventDto,
} from './dto/event.dto';
import { AttendanceRecorded, EventCancelled, EventScheduled, RsvpChanged } from './event.events';
import type { EventEntity, RsvpStatus } from './event.entity';
import { eventFields, nextRsvpStatus } from './event-rules';
import { EventCancelledError, EventNotFoundError, NotEventManagerError } from './events.errors';
import type { MemberEventDto } from './dto/member-event.dto';
import { EventsRepository, type UpcomingEvent } from './events.repository';

/** How far back a profile lists the events a member took part in. */
const RECENT_EVENTS_DAYS = 180;

/**
 * Events, RSVPs with capacity and a waitlist, and attendance. What follows from a change — the channel's
 * announcement, reminders, mails — is done by the subscribers of the events published here (event.events.ts).
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly access: ThemeAccess,
    private readonly themes: ThemesService,
    private readonly domainEvents: DomainEvents,
  ) {}

  async create(input: CreateEventDto, caller: AuthMember): Promise<EventDto> {
    await this.assertCanManage(caller, input.themeId ?? null);
    // An archived theme takes no new events (THEME_ARCHIVED).
    if (input.themeId) await this.access.assertOpen(input.themeId);
    const saved = await this.events.insert(eventFields(input, null), caller.id);
    await this.domainEvents.publish(new EventScheduled(saved, 'created', null, []));
    return this.get(saved.id, caller);
  }

  async update(id: string, changes: UpdateEventDto, caller: AuthMember): Promise<EventDto> {
    const current = await this.managedEvent(id, caller);
    if (current.status === 'cancelled') throw new EventCancelledError();
    if (changes.themeId !== undefined && changes.themeId !== current.themeId) {
      await this.assertCanManage(caller, changes.themeId);
    }
    const themeId = changes.themeId !== undefined ? changes.themeId : current.themeId;
    if (themeId) await this.access.assertOpen(themeId);
    const fields = eventFields({ ...current, ...changes }, current);
    const promoted = await this.events.update(id, fields, current.sequence + 1);
    const moved =
      fields.startsAt.getTime() !== current.startsAt.getTime() ||
      fields.endsAt.getTime() !== current.endsAt.getTime();
    const updated = await this.stored(id);
    await this.domainEvents.publish(
      new EventScheduled(updated, moved ? 'rescheduled' : 'changed', current, promoted),
    );
    return this.get(id, caller);
  }

  /** Cancels: the event stays readable, with everyone who had answered told (EventCancelled). */
  async cancel(id: string, caller: AuthMember): Promise<EventDto> {
    const current = await this.managedEvent(id, caller);
    if (current.status === 'cancelled') throw new EventCancelledError();
    await this.events.cancel(id, current.sequence + 1);
    const cancelled = await this.stored(id);
    await this.domainEvents.publish(new EventCancelled(cancelled, await this.events.answeredMemberIds(id)));
    return this.get(id, caller);
  }

  async get(id: string, viewer: AuthMember): Promise<EventDto> {
    const [dto] = await this.toDtos([await this.visibleEvent(id, viewer)], viewer);
    return dto;
  }

  /** Upcoming first (events that have not ended), keyset-paginated on (starts_at, id). */
  async list(
    query: EventQueryDto,
    viewer: AuthMember,
  ): Promise<{ items: EventDto[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const now = new Date();
    const rows = await this.events.list({
      ...(query.past ? { endingFrom: query.from, endedBefore: now } : { endingFrom: query.from ?? now }),
      startingBefore: query.to,
      themeId: query.theme ? (await this.access.visibleTheme(query.theme, viewer)).id : undefined,
      visibleThemeIds: await this.access.visibleThemeIds(viewer),
      after: query.cursor ? decodeTimeIdCursor(query.cursor) : undefined,
      limit,
    });
    const items = await this.toDtos(rows.slice(0, limit), viewer);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeTimeIdCursor(last.startsAt, last.id) : null };
  }

  /**
   * Going beyond the capacity joins the waitlist, in order (nextRsvpStatus, under the event's row lock, so
   * concurrent answers never overbook); a going member who withdraws hands the seat to the first waitlisted.
   */
  async rsvp(id: string, input: RsvpDto, member: AuthMember): Promise<EventDto> {
    await this.visibleEvent(id, member);
    const now = new Date();
    const { status, previous, promoted } = await this.events.answer(id, member.id, (event, previous, going) =>
      nextRsvpStatus(event, previous, going, input.status, now),
    );
    await this.domainEvents.publish(new RsvpChanged(id, member.id, status, previous, promoted));
    return this.get(id, member);
  }

  async attendees(id: string, caller: AuthMember): Promise<AttendeeDto[]> {
    await this.managedEvent(id, caller);
    return (await this.events.attendees(id)).map((row) => ({
      memberId: row.memberId,
      displayName: row.displayName,
      former: row.former,
      furigana: row.furigana,
      avatarUrl: row.avatarUrl,
      status: row.status,
      waitlistPosition: row.waitlistPosition,
      checkedInAt: row.checkedInAt?.toISOString() ?? null,
    }));
  }

  /** Attendance (what the city counts), recorded by organisers for members who RSVPed or walked in. */
  async checkIn(id: string, memberId: string, attended: boolean, caller: AuthMember): Promise<AttendeeDto[]> {
    await this.managedEvent(id, caller);
    await this.events.checkIn(id, memberId, attended);
    await this.domainEvents.publish(new AttendanceRecorded(id, memberId, attended));
    return this.attendees(id, caller);
  }

  /** The event as stored, or EVENT_NOT_FOUND when the viewer may not see it (a private theme's). */
  async visibleEvent(id: string, viewer: AuthMember): Promise<EventEntity> {
    const event = await this.events.findById(id);
    if (!event) throw new EventNotFoundError();
    if (event.themeId && !(await this.access.visibleThemeIds(viewer)).includes(event.themeId)) {
      throw new EventNotFoundError();
    }
    return event;
  }

  /** Coordinators and admins manage every event, a theme's owners those of their theme. */
  async canManage(member: AuthMember, themeId: string | null): Promise<boolean> {
    if (isStaff(member)) return true;
    return themeId !== null && (await this.access.canModerate(themeId, member));
  }

  /** The first event this member created with this title (the demo data finds its own by title). */
  firstCreatedBy(creatorId: string, title: string): Promise<EventEntity | null> {
    return this.events.firstCreatedBy(creatorId, title);
  }

  /**
   * For each member, the scheduled events in the next days that they should hear of: salon-wide ones, those
   * of their themes, and those they answered in a public theme (`publicThemeIds`, which the caller may
   * reuse). Several members at once (a digest worker's batch); every member asked for is in the map.
   */
  upcomingForMembers(
    requests: readonly { memberId: string; themeIds: readonly string[] }[],
    publicThemeIds: readonly string[],
    days: number,
    limit: number,
  ): Promise<Map<string, UpcomingEvent[]>> {
    return this.events.upcomingForMembers(requests, publicThemeIds, days, limit);
  }

  /**
   * The events a member takes part in, as `viewer` may see them (a private theme's only for its members):
   * up to `limit` upcoming (soonest first), then up to `limit` of the last 180 days (latest first).
   * Cancelled events and "not going" answers are left out.
   */
  async takenPartBy(memberId: string, viewer: AuthMember, limit = 10): Promise<MemberEventDto[]> {
    const since = new Date(Date.now() - RECENT_EVENTS_DAYS * 24 * 3600_000);
    const rows = await this.events.takenPartBy(
      memberId,
      await this.access.visibleThemeIds(viewer),
      since,
      limit,
    );
    const themes = await this.themes.refs(rows.flatMap((row) => (row.themeId ? [row.themeId] : [])));
    const now = Date.now();
    return rows.map((row) => {
      const theme = row.themeId ? themes.get(row.themeId) : undefined;
      return {
        id: row.id,
        title: row.title,
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
        timeZone: row.timeZone,
        format: row.format,
        theme: theme ? { id: theme.id, slug: theme.slug, title: theme.title } : null,
        rsvp: row.status === 'not_going' ? 'going' : row.status,
        attended: row.checkedIn,
        past: row.endsAt.getTime() < now,
      };
    });
  }

  private async assertCanManage(member: AuthMember, themeId: string | null): Promise<void> {
    if (!(await this.canManage(member, themeId))) throw new NotEventManagerError();
  }

  private async managedEvent(id: string, caller: AuthMember): Promise<EventEntity> {
    const event = await this.visibleEvent(id, caller);
    await this.assertCanManage(caller, event.themeId);
    return event;
  }

  private async stored(id: string): Promise<EventEntity> {
    const event = await this.events.findById(id);
    if (!event) throw new EventNotFoundError();
    return event;
  }

  private async toDtos(events: EventEntity[], viewer: AuthMember): Promise<EventDto[]> {
    if (!events.length) return [];
    const ids = events.map((e) => e.id);
    const [counts, mine, themes] = await Promise.all([
      this.events.counts(ids),
      this.events.rsvpsOf(viewer.id, ids),
      this.themes.refs(events.map((e) => e.themeId).filter((id): id is string => id !== null)),
    ]);
    return Promise.all(
      events.map(async (event) => {
        const count = (status: RsvpStatus) =>
          counts.find((c) => c.eventId === event.id && c.status === status)?.count ?? 0;
        const rsvp = mine.find((r) => r.eventId === event.id);
        const canManage = await this.canManage(viewer, event.themeId);
        const theme = event.themeId ? themes.get(event.themeId) : undefined;
        const myRsvp: MyRsvpDto | null = rsvp
          ? {
              status: rsvp.status,
              waitlistPosition: rsvp.waitlistPosition,
              checkedIn: rsvp.checkedInAt !== null,
              updatedAt: rsvp.updatedAt.toISOString(),
            }
          : null;
        return {
          id: event.id,
          title: event.title,
          description: event.description,
          startsAt: event.startsAt.toISOString(),
          endsAt: event.endsAt.toISOString(),
          timeZone: event.timeZone,
          format: event.format,
          venueName: event.venueName,
          venueAddress: event.venueAddress,
          joinUrl: canManage || rsvp?.status === 'going' ? event.joinUrl : null,
          theme: theme ? { id: theme.id, slug: theme.slug, title: theme.title } : null,
          capacity: event.capacity,
          rsvpDeadline: event.rsvpDeadline?.toISOString() ?? null,
          status: event.status,
          cancelledAt: event.cancelledAt?.toISOString() ?? null,
          counts: { going: count('going'), interested: count('interested'), waitlisted: count('waitlisted') },
          myRsvp,
          canManage,
          createdAt: event.createdAt.toISOString(),
          updatedAt: event.updatedAt.toISOString(),
        };
      }),
    );
  }
}
