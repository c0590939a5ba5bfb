import type { EventEntity, RsvpStatus } from './event.entity';

/** An event was created or changed. `rescheduled`: its times moved; `previous` is the event as it was. */
export class EventScheduled {
  constructor(
    readonly event: EventEntity,
    readonly change: 'created' | 'rescheduled' | 'changed',
    readonly previous: EventEntity | null,
    /** Waitlisted members a larger capacity seated. */
    readonly promoted: string[],
  ) {}
}

export class EventCancelled {
  constructor(
    readonly event: EventEntity,
    /** Everyone who had answered (other than not going): they are told. */
    readonly answeredIds: string[],
  ) {}
}

/** A member answered; `promoted` are the waitlisted members who got the seat they gave up. */
export class RsvpChanged {
  constructor(
    readonly eventId: string,
    readonly memberId: string,
    readonly status: RsvpStatus,
    readonly previous: RsvpStatus | null,
    readonly promoted: string[],
  ) {}
}

/** An organiser recorded (or took back) a member's attendance. */
export class AttendanceRecorded {
  constructor(
    readonly eventId: string,
    readonly memberId: string,
    readonly attended: boolean,
  ) {}
}
