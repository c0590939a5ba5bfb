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

export class InvalidEventTimesError extends InvalidInputError {
  constructor(message: string) {
    super('INVALID_EVENT_TIMES', message);
  }
}

export class VenueRequiredError extends InvalidInputError {
  constructor() {
    super('VENUE_REQUIRED', 'On-site and hybrid events need a venue name');
  }
}

export class CalendarTokenInvalidError extends NotFoundError {
  constructor() {
    super('CALENDAR_NOT_FOUND', 'No calendar feed at this address (the token may have been revoked)');
  }
}
