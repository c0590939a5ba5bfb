import type { ReminderKind } from '@app/queue';
import type { CreateEventDto } from './dto/event.dto';
import type { EventEntity, EventFormat, RsvpStatus } from './event.entity';
import {
  EventCancelledError,
  InvalidEventTimesError,
  RsvpClosedError,
  VenueRequiredError,
} from './events.errors';

export const REMINDER_KINDS = ['24h', '1h'] as const satisfies readonly ReminderKind[];
/** How long before the start each reminder goes out. */
export const REMINDER_LEAD_MS: Record<ReminderKind, number> = { '24h': 24 * 3600_000, '1h': 3600_000 };

export type EventFields = Pick<
  EventEntity,
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'format'
  | 'venueName'
  | 'venueAddress'
  | 'joinUrl'
  | 'themeId'
  | 'capacity'
  | 'rsvpDeadline'
>;

/** The stored fields after checking what no decorator can: times in order, a venue where one is needed. */
export function eventFields(input: CreateEventDto, current: EventEntity | null): EventFields {
  const fields: EventFields = {
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
  if (fields.endsAt <= fields.startsAt)
    throw new InvalidEventTimesError('endsAt', 'endsAt must be after startsAt');
  if (fields.rsvpDeadline && fields.rsvpDeadline > fields.endsAt) {
    throw new InvalidEventTimesError('rsvpDeadline', 'rsvpDeadline must not be after the event ends');
  }
  if (fields.format !== 'online' && !fields.venueName) throw new VenueRequiredError();
  return fields;
}

/** An event as an RSVP sees it, with its row locked. */
export interface RsvpTarget {
  status: 'scheduled' | 'cancelled';
  capacity: number | null;
  rsvpDeadline: Date | null;
  endsAt: Date;
}

/**
 * What a member's answer becomes: `going` takes a seat when there is one and joins the waitlist (in order)
 * when the event is full; a member already seated or waiting keeps their place; the other answers are
 * stored as given. Refused once the event is cancelled, past its RSVP deadline, or over.
 */
export function nextRsvpStatus(
  event: RsvpTarget,
  previous: RsvpStatus | null,
  goingCount: number,
  wanted: Exclude<RsvpStatus, 'waitlisted'>,
  now: Date,
): RsvpStatus {
  if (event.status === 'cancelled') throw new EventCancelledError();
  if ((event.rsvpDeadline && event.rsvpDeadline < now) || event.endsAt < now) throw new RsvpClosedError();
  if (wanted !== 'going') return wanted;
  if (previous === 'going' || previous === 'waitlisted') return previous;
  if (event.capacity === null) return 'going';
  return goingCount < event.capacity ? 'going' : 'waitlisted';
}

/** The reminders an event gets (no 1-hour reminder on site), with their delay from `now`; past ones are left out. */
export function reminderPlan(
  event: { startsAt: Date; format: EventFormat },
  now: number,
): { kind: ReminderKind; delay: number }[] {
  const kinds: readonly ReminderKind[] = event.format === 'onsite' ? ['24h'] : REMINDER_KINDS;
  return kinds
    .map((kind) => ({ kind, delay: event.startsAt.getTime() - REMINDER_LEAD_MS[kind] - now }))
    .filter(({ delay }) => delay > 0);
}
