import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '@app/common';

export class EventNotFoundError extends NotFoundError {
  constructor() {
    super('EVENT_NOT_FOUND', 'No such event');
  }
}

export class NotEventManagerError extends ForbiddenError {
  constructor() {
    super('NOT_EVENT_MANAGER', 'Only coordinators, and theme owners for their theme, manage events');
  }
}

export class EventCancelledError extends ConflictError {
  constructor() {
    super('EVENT_CANCELLED', 'The event is cancelled');
  }
}

export class RsvpClosedError extends ConflictError {
  constructor() {
    super('RSVP_CLOSED', 'RSVPs for this event are closed (past the deadline or the event has ended)');
  }
}

/** Names the field at fault (`details.fields`, as VALIDATION_FAILED does), so a form can show it there. */
export class InvalidEventTimesError extends InvalidInputError {
  constructor(field: 'endsAt' | 'rsvpDeadline', message: string) {
    super('INVALID_EVENT_TIMES', message, { fields: [{ field, code: 'INVALID_EVENT_TIMES', message }] });
  }
}

export class VenueRequiredError extends InvalidInputError {
  constructor() {
    const message = 'On-site and hybrid events need a venue name';
    super('VENUE_REQUIRED', message, { fields: [{ field: 'venueName', code: 'VENUE_REQUIRED', message }] });
  }
}

export class CalendarTokenInvalidError extends NotFoundError {
  constructor() {
    super('CALENDAR_NOT_FOUND', 'No calendar feed at this address (the token may have been revoked)');
  }
}
