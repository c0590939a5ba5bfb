import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { DEFAULT_PAGE_SIZE, decodeTimeIdCursor, encodeTimeIdCursor } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { updateReturning } from '@app/database';
import {
  QUEUES,
  REMINDER_KINDS,
  REMINDER_LEAD_MS,
  reminderJobId,
  restoreOnReconnect,
  type EventMailJob,
  type EventReminderJob,
  type ReminderKind,
} from '@app/queue';
import { ThemesService } from '@app/themes';
import type {
  AttendeeDto,
  CreateEventDto,
  EventDto,
  EventQueryDto,
  MyRsvpDto,
  RsvpDto,
  UpdateEventDto,
} from './dto/event.dto';
import { EventEntity, type RsvpStatus } from './event.entity';
import {
  EventCancelledError,
  EventNotFoundError,
  InvalidEventTimesError,
  NotEventManagerError,
  RsvpClosedError,
  VenueRequiredError,
} from './events.errors';

const isStaff = (member: AuthMember) => member.role === 'coordinator' || member.role === 'admin';

interface RsvpRow {
  status: RsvpStatus;
  waitlist_position: number | null;
  checked_in_at: Date | null;
  updated_at: Date;
}

export interface EventChange {
  event: EventDto;
  /** What members should hear in the theme's channel, if anything. */
  announcement: 'created' | 'rescheduled' | 'cancelled' | null;
}

/** Events, RSVPs with capacity and a waitlist, attendance, and the reminder schedule. */
@Injectable()
export class EventsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemesService,
    @InjectQueue(QUEUES.eventReminders) private readonly reminders: Queue<EventReminderJob>,
    @InjectQueue(QUEUES.eventMail) private readonly mails: Queue<EventMailJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: CreateEventDto, caller: AuthMember): Promise<EventChange> {
    await this.assertCanManage(caller, input.themeId ?? null);
    const fields = this.validFields(input, null);
    const repository = this.db.getRepository(EventEntity);
    const saved = await repository.save(
      repository.create({ ...fields, status: 'scheduled', sequence: 0, createdBy: caller.id }),
    );
    await this.scheduleReminders(saved, null);
    return { event: await this.get(saved.id, caller), announcement: 'created' };
  }

  async update(id: string, changes: UpdateEventDto, caller: AuthMember): Promise<EventChange> {
    const current = await this.managedEvent(id, caller);
    if (current.status === 'cancelled') throw new EventCancelledError();
    if (changes.themeId !== undefined && changes.themeId !== current.themeId) {
      await this.assertCanManage(caller, changes.themeId);
    }
    const fields = this.validFields({ ...current, ...changes }, current);
    const moved =
      fields.startsAt.getTime() !== current.startsAt.getTime() ||
      fields.endsAt.getTime() !== current.endsAt.getTime();
    const promoted = await this.db.transaction(async (tx) => {
      await tx.getRepository(EventEntity).update({ id }, { ...fields, sequence: current.sequence + 1 });
      return this.fillFreeSeats(tx, id);
    });
    // The format decides the kinds too (no 1-hour reminder on site), so a new format reschedules as well.
    if (moved || fields.format !== current.format) {
      await this.scheduleReminders({ ...current, ...fields }, current.startsAt);
    }
    await this.mailPromoted(id, promoted);
    return { event: await this.get(id, caller), announcement: moved ? 'rescheduled' : null };
  }

  /** Cancels: reminders are removed and everyone who RSVPed is mailed. */
  async cancel(id: string, caller: AuthMember): Promise<EventChange> {
    const current = await this.managedEvent(id, caller);
    if (current.status === 'cancelled') throw new EventCancelledError();
    await this.db
      .getRepository(EventEntity)
      .update({ id }, { status: 'cancelled', cancelledAt: new Date(), sequence: current.sequence + 1 });
    await this.removeReminders(current.id, current.startsAt);
    const rsvped = await this.db.query<{ member_id: string }[]>(
      `SELECT member_id FROM event_rsvps WHERE event_id = $1 AND status <> 'not_going'`,
      [id],
    );
    if (rsvped.length) {
      await this.mails.add(
        'event-cancelled',
        { kind: 'event-cancelled', eventId: id, memberIds: rsvped.map((r) => r.member_id) },
        { jobId: `cancelled-${id}` },
      );
    }
    return { event: await this.get(id, caller), announcement: 'cancelled' };
  }

  async get(id: string, viewer: AuthMember): Promise<EventDto> {
    const event = await this.visibleEvent(id, viewer);
    const [dto] = await this.toDtos([event], viewer);
    return dto;
  }

  /** Upcoming first (events that have not ended), keyset-paginated on (starts_at, id). */
  async list(
    query: EventQueryDto,
    viewer: AuthMember,
  ): Promise<{ items: EventDto[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const readable = await this.themes.visibleThemeIds(viewer);
    const builder = this.db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.ends_at >= :from', { from: query.from ?? new Date() })
      .andWhere('(e.theme_id IS NULL OR e.theme_id = ANY(:readable::uuid[]))', { readable })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit + 1);
    if (query.to) builder.andWhere('e.starts_at < :to', { to: query.to });
    if (query.theme) {
      const theme = await this.themes.visibleTheme(query.theme, viewer);
      builder.andWhere('e.theme_id = :themeId', { themeId: theme.id });
    }
    if (query.cursor) {
      const [startsAt, id] = decodeTimeIdCursor(query.cursor);
      builder.andWhere('(e.starts_at, e.id) > (:startsAt::timestamptz, :id::uuid)', { startsAt, id });
    }
    const rows = await builder.getMany();
    const items = await this.toDtos(rows.slice(0, limit), viewer);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, nextCursor: last ? encodeTimeIdCursor(last.startsAt, last.id) : null };
  }

  /**
   * Going beyond the capacity joins the waitlist, in order. The event row is locked for the change, so
   * concurrent RSVPs never overbook; a going member who withdraws hands the seat to the first waitlisted.
   */
  async rsvp(id: string, input: RsvpDto, member: AuthMember): Promise<EventDto> {
    await this.visibleEvent(id, member);
    const promoted = await this.db.transaction(async (tx) => {
      const [event] = await tx.query<EventEntityRow[]>(
        `SELECT id, status, capacity, rsvp_deadline, ends_at FROM events WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (event.status === 'cancelled') throw new EventCancelledError();
      const now = new Date();
      if ((event.rsvp_deadline && event.rsvp_deadline < now) || event.ends_at < now)
        throw new RsvpClosedError();

      const [previous] = await tx.query<{ status: RsvpStatus }[]>(
        `SELECT status FROM event_rsvps WHERE event_id = $1 AND member_id = $2`,
        [id, member.id],
      );
      const next = input.status === 'going' ? await this.seatFor(tx, event, previous?.status) : input.status;
      await tx.query(
        `INSERT INTO event_rsvps (event_id, member_id, status, waitlisted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, member_id) DO UPDATE SET
           status = EXCLUDED.status,
           waitlisted_at = CASE WHEN event_rsvps.status = 'waitlisted' AND EXCLUDED.status = 'waitlisted'
                                THEN event_rsvps.waitlisted_at ELSE EXCLUDED.waitlisted_at END,
           updated_at = now()`,
        [id, member.id, next, next === 'waitlisted' ? now : null],
      );
      return previous?.status === 'going' && next !== 'going' ? this.fillFreeSeats(tx, id) : [];
    });
    await this.mailPromoted(id, promoted);
    return this.get(id, member);
  }

  async attendees(id: string, caller: AuthMember): Promise<AttendeeDto[]> {
    await this.managedEvent(id, caller);
    const rows = await this.db.query<
      {
        member_id: string;
        display_name: string;
        status: RsvpStatus;
        position: number | null;
        checked_in_at: Date | null;
      }[]
    >(
      `SELECT r.member_id, m.display_name, r.status, r.checked_in_at,
              CASE WHEN r.status = 'waitlisted' THEN
                (SELECT count(*) FROM event_rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
                   AND (w.waitlisted_at, w.member_id) <= (r.waitlisted_at, r.member_id))::int END AS position
         FROM event_rsvps r JOIN members m ON m.id = r.member_id
        WHERE r.event_id = $1 AND r.status <> 'not_going'
        ORDER BY array_position(ARRAY['going', 'waitlisted', 'interested'], r.status), r.waitlisted_at, m.display_name`,
      [id],
    );
    return rows.map((row) => ({
      memberId: row.member_id,
      displayName: row.display_name,
      status: row.status,
      waitlistPosition: row.position,
      checkedInAt: row.checked_in_at?.toISOString() ?? null,
    }));
  }

  /** Attendance (what the city counts), recorded by organisers for members who RSVPed or walked in. */
  async checkIn(id: string, memberId: string, attended: boolean, caller: AuthMember): Promise<AttendeeDto[]> {
    await this.managedEvent(id, caller);
    await this.db.query(
      `INSERT INTO event_rsvps (event_id, member_id, status, checked_in_at) VALUES ($1, $2, 'going', $3)
       ON CONFLICT (event_id, member_id) DO UPDATE SET checked_in_at = EXCLUDED.checked_in_at, updated_at = now()`,
      [id, memberId, attended ? new Date() : null],
    );
    return this.attendees(id, caller);
  }

  /** The event as stored, or EVENT_NOT_FOUND when the viewer may not see it (a private theme's). */
  async visibleEvent(id: string, viewer: AuthMember): Promise<EventEntity> {
    const event = await this.db.getRepository(EventEntity).findOneBy({ id });
    if (!event) throw new EventNotFoundError();
    if (event.themeId && !(await this.themes.visibleThemeIds(viewer)).includes(event.themeId)) {
      throw new EventNotFoundError();
    }
    return event;
  }

  async canManage(member: AuthMember, themeId: string | null): Promise<boolean> {
    if (isStaff(member)) return true;
    return themeId !== null && (await this.themes.isOwner(themeId, member.id));
  }

  private async assertCanManage(member: AuthMember, themeId: string | null): Promise<void> {
    if (!(await this.canManage(member, themeId))) throw new NotEventManagerError();
  }

  private async managedEvent(id: string, caller: AuthMember): Promise<EventEntity> {
    const event = await this.visibleEvent(id, caller);
    await this.assertCanManage(caller, event.themeId);
    return event;
  }

  /** The stored fields after checking what no decorator can: times in order, a venue where one is needed. */
  private validFields(input: CreateEventDto, current: EventEntity | null) {
    const fields = {
      title: input.title,
      description: input.description ?? current?.description ?? '',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeZone: input.timeZone ?? current?.timeZone ?? 'Asia/Tokyo',
      format: input.format,
      venueName: input.venueName ?? null,
      venueAddress: input.venueAddress ?? null,
      joinUrl: input.joinUrl ?? null,
      themeId: input.themeId ?? null,
      capacity: input.capacity ?? null,
      rsvpDeadline: input.rsvpDeadline ?? null,
    };
    if (fields.endsAt <= fields.startsAt) throw new InvalidEventTimesError('endsAt must be after startsAt');
    if (fields.rsvpDeadline && fields.rsvpDeadline > fields.endsAt) {
      throw new InvalidEventTimesError('rsvpDeadline must not be after the event ends');
    }
    if (fields.format !== 'online' && !fields.venueName) throw new VenueRequiredError();
    return fields;
  }

  private async seatFor(tx: EntityManager, event: EventEntityRow, previous: RsvpStatus | undefined) {
    if (previous === 'going' || previous === 'waitlisted') return previous;
    if (event.capacity === null) return 'going';
    const [{ going }] = await tx.query<{ going: number }[]>(
      `SELECT count(*)::int AS going FROM event_rsvps WHERE event_id = $1 AND status = 'going'`,
      [event.id],
    );
    return going < event.capacity ? 'going' : 'waitlisted';
  }

  /** Moves waitlisted members into free seats, first come first served; returns who got one. */
  private async fillFreeSeats(tx: EntityManager, eventId: string): Promise<string[]> {
    const rows = await updateReturning<{ member_id: string }>(
      tx,
      `WITH event AS (SELECT capacity FROM events WHERE id = $1 FOR UPDATE),
            free AS (SELECT CASE WHEN (SELECT capacity FROM event) IS NULL THEN NULL
                                 ELSE greatest((SELECT capacity FROM event) - count(*), 0) END AS seats
                       FROM event_rsvps WHERE event_id = $1 AND status = 'going'),
            chosen AS (SELECT member_id FROM event_rsvps
                        WHERE event_id = $1 AND status = 'waitlisted'
                        ORDER BY waitlisted_at, member_id
                        LIMIT (SELECT seats FROM free))
       UPDATE event_rsvps r SET status = 'going', waitlisted_at = NULL, updated_at = now()
         FROM chosen WHERE r.event_id = $1 AND r.member_id = chosen.member_id
       RETURNING r.member_id`,
      [eventId],
    );
    return rows.map((row) => row.member_id);
  }

  private async mailPromoted(eventId: string, memberIds: string[]): Promise<void> {
    await Promise.all(
      memberIds.map((memberId) =>
        this.mails.add(
          'waitlist-promoted',
          { kind: 'waitlist-promoted', eventId, memberId },
          { jobId: `promoted-${eventId}-${memberId}-${Date.now()}` },
        ),
      ),
    );
  }

  /**
   * The reminder jobs exist only in Redis: a Redis that restarted without its data has lost them. At start
   * and whenever the queue's connection comes back, every upcoming event's reminders are added again (the
   * job ids are deterministic, so existing ones are left as they are).
   */
  onApplicationBootstrap(): Promise<void> {
    return restoreOnReconnect(this.reminders, 'event reminders', () => this.restoreReminders());
  }

  private async restoreReminders(): Promise<void> {
    const upcoming = await this.db.getRepository(EventEntity).find({
      select: { id: true, startsAt: true, format: true },
      where: { status: 'scheduled', startsAt: MoreThan(new Date()) },
    });
    for (const event of upcoming) await this.scheduleReminders(event, null);
  }

  /** One delayed job per kind; a reminder whose time has passed is not scheduled. */
  private async scheduleReminders(
    event: Pick<EventEntity, 'id' | 'startsAt' | 'format'>,
    previousStart: Date | null,
  ) {
    if (previousStart) await this.removeReminders(event.id, previousStart);
    const kinds: ReminderKind[] = event.format === 'onsite' ? ['24h'] : [...REMINDER_KINDS];
    for (const kind of kinds) {
      const delay = event.startsAt.getTime() - REMINDER_LEAD_MS[kind] - Date.now();
      if (delay <= 0) continue;
      await this.reminders.add(
        'event-reminder',
        { eventId: event.id, kind, startsAt: event.startsAt.toISOString() },
        { jobId: reminderJobId(event.id, kind, event.startsAt), delay },
      );
    }
  }

  private async removeReminders(eventId: string, startsAt: Date): Promise<void> {
    await Promise.all(
      REMINDER_KINDS.map((kind) => this.reminders.remove(reminderJobId(eventId, kind, startsAt))),
    );
  }

  private async toDtos(events: EventEntity[], viewer: AuthMember): Promise<EventDto[]> {
    if (!events.length) return [];
    const ids = events.map((e) => e.id);
    const counts = await this.db.query<{ event_id: string; status: RsvpStatus; count: number }[]>(
      `SELECT event_id, status, count(*)::int AS count FROM event_rsvps WHERE event_id = ANY($1::uuid[])
        GROUP BY event_id, status`,
      [ids],
    );
    const mine = await this.db.query<(RsvpRow & { event_id: string })[]>(
      `SELECT r.event_id, r.status, r.checked_in_at, r.updated_at,
              CASE WHEN r.status = 'waitlisted' THEN
                (SELECT count(*) FROM event_rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
                   AND (w.waitlisted_at, w.member_id) <= (r.waitlisted_at, r.member_id))::int END AS waitlist_position
         FROM event_rsvps r WHERE r.event_id = ANY($1::uuid[]) AND r.member_id = $2`,
      [ids, viewer.id],
    );
    const themes = await this.db.query<{ id: string; slug: string; title: string }[]>(
      `SELECT id, slug, title FROM themes WHERE id = ANY($1::uuid[])`,
      [events.map((e) => e.themeId).filter((id): id is string => id !== null)],
    );
    return Promise.all(
      events.map(async (event) => {
        const count = (status: RsvpStatus) =>
          counts.find((c) => c.event_id === event.id && c.status === status)?.count ?? 0;
        const rsvp = mine.find((r) => r.event_id === event.id);
        const canManage = await this.canManage(viewer, event.themeId);
        const myRsvp: MyRsvpDto | null = rsvp
          ? {
              status: rsvp.status,
              waitlistPosition: rsvp.waitlist_position,
              checkedIn: rsvp.checked_in_at !== null,
              updatedAt: rsvp.updated_at.toISOString(),
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
          theme: themes.find((t) => t.id === event.themeId) ?? null,
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

  /** Link to the event in the web app (also used by emails and calendars). */
  eventUrl(id: string): string {
    return `${this.config.PUBLIC_URL}/events/${id}`;
  }
}

interface EventEntityRow {
  id: string;
  status: 'scheduled' | 'cancelled';
  capacity: number | null;
  rsvp_deadline: Date | null;
  ends_at: Date;
}
