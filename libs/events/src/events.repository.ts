import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import { preparedQuery, updateReturning } from '@app/database';
import { EventEntity, type EventFormat, type RsvpStatus } from './event.entity';
import type { EventFields, RsvpTarget } from './event-rules';

export interface EventListFilter {
  /** Upcoming (and running) events end at or after this instant; listed soonest first. */
  endingFrom?: Date;
  /** Past events ended before this instant; listed most recent first. */
  endedBefore?: Date;
  startingBefore?: Date;
  themeId?: string;
  /** Events of these themes and salon-wide ones (no theme). */
  visibleThemeIds: readonly string[];
  after?: [string, string];
  limit: number;
}

/** An event ahead as a digest lists it, with the member's answer. */
export interface UpcomingEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  format: EventFormat;
  venueName: string | null;
  myRsvp: RsvpStatus | null;
}

export interface MyRsvpRow {
  eventId: string;
  status: RsvpStatus;
  waitlistPosition: number | null;
  checkedInAt: Date | null;
  updatedAt: Date;
}

export interface AttendeeRow {
  memberId: string;
  displayName: string;
  former: boolean;
  furigana: string | null;
  avatarUrl: string | null;
  status: RsvpStatus;
  waitlistPosition: number | null;
  checkedInAt: Date | null;
}

/** An event a member takes part in, as their profile lists it. */
export interface TakenPartRow {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  format: EventFormat;
  themeId: string | null;
  status: RsvpStatus;
  checkedIn: boolean;
}

/** The waitlist position of `r` among its event's waitlisted members (SQL for `FROM event_rsvps r`). */
const WAITLIST_POSITION = `CASE WHEN r.status = 'waitlisted' THEN
  (SELECT count(*) FROM event_rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
     AND (w.waitlisted_at, w.member_id) <= (r.waitlisted_at, r.member_id))::int END`;

/** events and event_rsvps: what is planned, and who answered how. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string): Promise<EventEntity | null> {
    return this.db.getRepository(EventEntity).findOneBy({ id });
  }

  firstCreatedBy(creatorId: string, title: string): Promise<EventEntity | null> {
    return this.db
      .getRepository(EventEntity)
      .findOne({ where: { title, createdBy: creatorId }, order: { createdAt: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<EventEntity[]> {
    // findBy with an empty In() would still ask; nothing to ask for.
    if (!ids.length) return Promise.resolve([]);
    return this.db.getRepository(EventEntity).findBy({ id: In([...ids]) });
  }

  async insert(fields: EventFields, createdBy: string): Promise<EventEntity> {
    const repository = this.db.getRepository(EventEntity);
    return repository.save(repository.create({ ...fields, status: 'scheduled', sequence: 0, createdBy }));
  }

  /** New fields (SEQUENCE one up), then the waitlisted members a larger capacity seats; returns them. */
  async update(id: string, fields: EventFields, sequence: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      await tx.getRepository(EventEntity).update({ id }, { ...fields, sequence });
      return this.fillFreeSeats(tx, id);
    });
  }

  async cancel(id: string, sequence: number): Promise<void> {
    await this.db
      .getRepository(EventEntity)
      .update({ id }, { status: 'cancelled', cancelledAt: new Date(), sequence });
  }

  /**
   * Ordered by start, soonest first (or most recent first for past events), keyset-paginated on
   * (starts_at, id); `limit + 1` rows.
   */
  list(filter: EventListFilter): Promise<EventEntity[]> {
    const newestFirst = filter.endedBefore !== undefined;
    const order = newestFirst ? 'DESC' : 'ASC';
    const builder = this.db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('(e.theme_id IS NULL OR e.theme_id = ANY(:visible::uuid[]))', {
        visible: filter.visibleThemeIds,
      })
      .orderBy('e.starts_at', order)
      .addOrderBy('e.id', order)
      .limit(filter.limit + 1);
    if (filter.endingFrom) builder.andWhere('e.ends_at >= :from', { from: filter.endingFrom });
    if (filter.endedBefore) builder.andWhere('e.ends_at < :before', { before: filter.endedBefore });
    if (filter.startingBefore) builder.andWhere('e.starts_at < :to', { to: filter.startingBefore });
    if (filter.themeId) builder.andWhere('e.theme_id = :themeId', { themeId: filter.themeId });
    if (filter.after) {
      const [startsAt, id] = filter.after;
      builder.andWhere(`(e.starts_at, e.id) ${newestFirst ? '<' : '>'} (:startsAt::timestamptz, :id::uuid)`, {
        startsAt,
        id,
      });
    }
    return builder.getMany();
  }

  /** Scheduled events that have not started: their reminders are still to come. */
  upcoming(): Promise<Pick<EventEntity, 'id' | 'startsAt' | 'format'>[]> {
    return this.db.getRepository(EventEntity).find({
      select: { id: true, startsAt: true, format: true },
      where: { status: 'scheduled', startsAt: MoreThan(new Date()) },
    });
  }

  /**
   * For each member (with the themes they belong to), the scheduled events starting within the next days,
   * soonest first, with their answer: salon-wide ones, those of their themes, and those they answered in
   * `answeredIn`. One statement for a digest worker's batch of members; every member asked for is in the map.
   */
  async upcomingForMembers(
    requests: readonly { memberId: string; themeIds: readonly string[] }[],
    answeredIn: readonly string[],
    days: number,
    limit: number,
  ): Promise<Map<string, UpcomingEvent[]>> {
    const pairs = requests.flatMap((request) =>
      request.themeIds.map((themeId) => [request.memberId, themeId] as const),
    );
    const rows = await preparedQuery<{
      member_id: string;
      id: string;
      title: string;
      starts_at: Date;
      ends_at: Date;
      format: EventFormat;
      venue_name: string | null;
      my_rsvp: RsvpStatus | null;
    }>(
      this.db,
      'events_upcoming_for_members',
      `WITH pairs AS MATERIALIZED (
         SELECT * FROM unnest($2::uuid[], $3::uuid[]) AS p (member_id, theme_id))
       SELECT k.member_id, x.* FROM unnest($1::uuid[]) AS k (member_id)
        CROSS JOIN LATERAL (
          SELECT e.id, e.title, e.starts_at, e.ends_at, e.format, e.venue_name, r.status AS my_rsvp
            FROM events e LEFT JOIN event_rsvps r ON r.event_id = e.id AND r.member_id = k.member_id
           WHERE e.status = 'scheduled' AND e.starts_at >= now() AND e.starts_at < now() + make_interval(days => $5)
             AND (e.theme_id IS NULL
                  OR e.theme_id IN (SELECT p.theme_id FROM pairs p WHERE p.member_id = k.member_id)
                  OR (r.status IN ('going', 'waitlisted', 'interested') AND e.theme_id = ANY($4::uuid[])))
           ORDER BY e.starts_at, e.id LIMIT $6) x`,
      [
        requests.map((request) => request.memberId),
        pairs.map((pair) => pair[0]),
        pairs.map((pair) => pair[1]),
        answeredIn,
        days,
        limit,
      ],
    );
    const byMember = new Map<string, UpcomingEvent[]>(requests.map((request) => [request.memberId, []]));
    for (const row of rows) {
      byMember.get(row.member_id)?.push({
        id: row.id,
        title: row.title,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        format: row.format,
        venueName: row.venue_name,
        myRsvp: row.my_rsvp,
      });
    }
    return byMember;
  }

  /** Counts per event and status. */
  async counts(
    eventIds: readonly string[],
  ): Promise<{ eventId: string; status: RsvpStatus; count: number }[]> {
    const rows = await this.db.query<{ event_id: string; status: RsvpStatus; count: number }[]>(
      `SELECT event_id, status, count(*)::int AS count FROM event_rsvps WHERE event_id = ANY($1::uuid[])
        GROUP BY event_id, status`,
      [eventIds],
    );
    return rows.map((row) => ({ eventId: row.event_id, status: row.status, count: row.count }));
  }

  async rsvpsOf(memberId: string, eventIds: readonly string[]): Promise<MyRsvpRow[]> {
    const rows = await this.db.query<
      {
        event_id: string;
        status: RsvpStatus;
        waitlist_position: number | null;
        checked_in_at: Date | null;
        updated_at: Date;
      }[]
    >(
      `SELECT r.event_id, r.status, r.checked_in_at, r.updated_at, ${WAITLIST_POSITION} AS waitlist_position
         FROM event_rsvps r WHERE r.event_id = ANY($1::uuid[]) AND r.member_id = $2`,
      [eventIds, memberId],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      status: row.status,
      waitlistPosition: row.waitlist_position,
      checkedInAt: row.checked_in_at,
      updatedAt: row.updated_at,
    }));
  }

  /**
   * Records a member's answer with the event's row locked, so concurrent answers never overbook: `decide`
   * (the seat rule) sees the event, the member's previous answer and the seats taken. A member who gives up
   * a seat hands it to the first waitlisted; returns who got a seat that way.
   */
  async answer(
    eventId: string,
    memberId: string,
    decide: (event: RsvpTarget, previous: RsvpStatus | null, goingCount: number) => RsvpStatus,
  ): Promise<{ status: RsvpStatus; previous: RsvpStatus | null; promoted: string[] }> {
    return this.db.transaction(async (tx) => {
      const [event] = await tx.query<
        { status: RsvpTarget['status']; capacity: number | null; rsvp_deadline: Date | null; ends_at: Date }[]
      >(`SELECT status, capacity, rsvp_deadline, ends_at FROM events WHERE id = $1 FOR UPDATE`, [eventId]);
      const [previous] = await tx.query<{ status: RsvpStatus }[]>(
        `SELECT status FROM event_rsvps WHERE event_id = $1 AND member_id = $2`,
        [eventId, memberId],
      );
      const [{ going }] = await tx.query<{ going: number }[]>(
        `SELECT count(*)::int AS going FROM event_rsvps WHERE event_id = $1 AND status = 'going'`,
        [eventId],
      );
      const status = decide(
        {
          status: event.status,
          capacity: event.capacity,
          rsvpDeadline: event.rsvp_deadline,
          endsAt: event.ends_at,
        },
        previous?.status ?? null,
        going,
      );
      await tx.query(
        `INSERT INTO event_rsvps (event_id, member_id, status, waitlisted_at, answered_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (event_id, member_id) DO UPDATE SET
           status = EXCLUDED.status,
           answered_at = now(),
           waitlisted_at = CASE WHEN event_rsvps.status = 'waitlisted' AND EXCLUDED.status = 'waitlisted'
                                THEN event_rsvps.waitlisted_at ELSE EXCLUDED.waitlisted_at END,
           updated_at = now()`,
        [eventId, memberId, status, status === 'waitlisted' ? new Date() : null],
      );
      const promoted =
        previous?.status === 'going' && status !== 'going' ? await this.fillFreeSeats(tx, eventId) : [];
      return { status, previous: previous?.status ?? null, promoted };
    });
  }

  /** Going, then the waitlist in order, then interested; with names from the members' cards. */
  async attendees(eventId: string): Promise<AttendeeRow[]> {
    const rows = await this.db.query<
      {
        member_id: string;
        display_name: string;
        furigana: string | null;
        avatar_url: string | null;
        former: boolean;
        status: RsvpStatus;
        position: number | null;
        checked_in_at: Date | null;
      }[]
    >(
      `SELECT r.member_id, m.display_name, m.furigana, m.avatar_url, m.former, r.status, r.checked_in_at, ${WAITLIST_POSITION} AS position
         FROM event_rsvps r JOIN member_cards m ON m.id = r.member_id
        WHERE r.event_id = $1 AND r.status <> 'not_going'
        ORDER BY array_position(ARRAY['going', 'waitlisted', 'interested'], r.status), r.waitlisted_at, m.display_name`,
      [eventId],
    );
    return rows.map((row) => ({
      memberId: row.member_id,
      displayName: row.display_name,
      former: row.former,
      furigana: row.furigana,
      avatarUrl: row.avatar_url,
      status: row.status,
      waitlistPosition: row.position,
      checkedInAt: row.checked_in_at,
    }));
  }

  /** Attendance: a walk-in without an answer is recorded as going. */
  async checkIn(eventId: string, memberId: string, attended: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO event_rsvps (event_id, member_id, status, checked_in_at) VALUES ($1, $2, 'going', $3)
       ON CONFLICT (event_id, member_id) DO UPDATE SET checked_in_at = EXCLUDED.checked_in_at, updated_at = now()`,
      [eventId, memberId, attended ? new Date() : null],
    );
  }

  /** Members with an answer other than not going (who hear of a cancellation). */
  async answeredMemberIds(eventId: string): Promise<string[]> {
    const rows = await this.db.query<{ member_id: string }[]>(
      `SELECT member_id FROM event_rsvps WHERE event_id = $1 AND status <> 'not_going'`,
      [eventId],
    );
    return rows.map((row) => row.member_id);
  }

  async goingMemberIds(eventId: string): Promise<string[]> {
    const rows = await this.db.query<{ member_id: string }[]>(
      `SELECT member_id FROM event_rsvps WHERE event_id = $1 AND status = 'going' ORDER BY member_id`,
      [eventId],
    );
    return rows.map((row) => row.member_id);
  }

  async statusOf(eventId: string, memberId: string): Promise<RsvpStatus | null> {
    const [row] = await this.db.query<{ status: RsvpStatus }[]>(
      `SELECT status FROM event_rsvps WHERE event_id = $1 AND member_id = $2`,
      [eventId, memberId],
    );
    return row?.status ?? null;
  }

  /** A member's answered events (going, waitlisted, interested) ending after `since`, for their calendar feed. */
  async answeredBy(memberId: string, since: Date): Promise<{ eventId: string; status: RsvpStatus }[]> {
    const rows = await this.db.query<{ id: string; status: RsvpStatus }[]>(
      `SELECT e.id, r.status FROM events e JOIN event_rsvps r ON r.event_id = e.id AND r.member_id = $1
        WHERE r.status IN ('going', 'waitlisted', 'interested') AND e.ends_at > $2
        ORDER BY e.starts_at, e.id`,
      [memberId, since],
    );
    return rows.map((row) => ({ eventId: row.id, status: row.status }));
  }

  /**
   * The scheduled events a member takes part in (going, waitlisted, interested, or checked in) among those
   * of `visibleThemeIds` and salon-wide ones: up to `limit` not yet ended (soonest first), then up to
   * `limit` ended since `since` (latest first).
   */
  async takenPartBy(
    memberId: string,
    visibleThemeIds: readonly string[],
    since: Date,
    limit: number,
  ): Promise<TakenPartRow[]> {
    const rows = await this.db.query<
      {
        id: string;
        title: string;
        starts_at: Date;
        ends_at: Date;
        time_zone: string;
        format: EventFormat;
        theme_id: string | null;
        status: RsvpStatus;
        checked_in: boolean;
      }[]
    >(
      `WITH mine AS (
         SELECT e.id, e.title, e.starts_at, e.ends_at, e.time_zone, e.format, e.theme_id, r.status,
                r.checked_in_at IS NOT NULL AS checked_in
           FROM events e JOIN event_rsvps r ON r.event_id = e.id AND r.member_id = $1
          WHERE e.status = 'scheduled'
            AND (r.status IN ('going', 'waitlisted', 'interested') OR r.checked_in_at IS NOT NULL)
            AND (e.theme_id IS NULL OR e.theme_id = ANY($2::uuid[])))
       (SELECT * FROM mine WHERE ends_at >= now() ORDER BY starts_at, id LIMIT $4)
       UNION ALL
       (SELECT * FROM mine WHERE ends_at < now() AND ends_at >= $3 ORDER BY starts_at DESC, id DESC LIMIT $4)`,
      [memberId, visibleThemeIds, since, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.time_zone,
      format: row.format,
      themeId: row.theme_id,
      status: row.status,
      checkedIn: row.checked_in,
    }));
  }

  /** Moves waitlisted members into free seats, first come first served; returns who got one. */
  /** A member's answers with the events they are about, oldest event first: their data export. */
  async answersOf(memberId: string): Promise<
    {
      eventId: string;
      title: string;
      startsAt: string;
      status: RsvpStatus;
      checkedInAt: string | null;
      answeredAt: string;
      updatedAt: string;
    }[]
  > {
    const rows = await this.db.query<
      {
        event_id: string;
        title: string;
        starts_at: Date;
        status: RsvpStatus;
        checked_in_at: Date | null;
        created_at: Date;
        updated_at: Date;
      }[]
    >(
      `SELECT r.event_id, e.title, e.starts_at, r.status, r.checked_in_at, r.created_at, r.updated_at
         FROM event_rsvps r JOIN events e ON e.id = r.event_id
        WHERE r.member_id = $1 ORDER BY e.starts_at, e.id`,
      [memberId],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      title: row.title,
      startsAt: row.starts_at.toISOString(),
      status: row.status,
      checkedInAt: row.checked_in_at?.toISOString() ?? null,
      answeredAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  /** Events not over yet that the member answered other than not going (a member leaving gives them up). */
  async openAnswersOf(memberId: string): Promise<string[]> {
    const rows = await this.db.query<{ event_id: string }[]>(
      `SELECT r.event_id FROM event_rsvps r JOIN events e ON e.id = r.event_id
        WHERE r.member_id = $1 AND r.status <> 'not_going' AND e.ends_at > now()`,
      [memberId],
    );
    return rows.map((row) => row.event_id);
  }

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
}
