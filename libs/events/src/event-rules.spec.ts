import { EventCancelledError, RsvpClosedError } from './events.errors';
import { nextRsvpStatus, reminderPlan, type RsvpTarget } from './event-rules';

const now = new Date('2026-12-05T00:00:00Z');
const open: RsvpTarget = {
  status: 'scheduled',
  capacity: 2,
  rsvpDeadline: null,
  endsAt: new Date('2026-12-20T00:00:00Z'),
};
const HOUR = 3600_000;

describe('nextRsvpStatus (seat assignment)', () => {
  it('seats a member while there are seats, and waitlists them once the event is full', () => {
    expect(nextRsvpStatus(open, null, 1, 'going', now)).toBe('going');
    expect(nextRsvpStatus(open, null, 2, 'going', now)).toBe('waitlisted');
    expect(nextRsvpStatus(open, 'interested', 2, 'going', now)).toBe('waitlisted');
  });

  it('keeps a seat or a place in line when the member says going again', () => {
    expect(nextRsvpStatus(open, 'going', 5, 'going', now)).toBe('going');
    expect(nextRsvpStatus(open, 'waitlisted', 1, 'going', now)).toBe('waitlisted');
  });

  it('has no limit without a capacity, and stores other answers as given', () => {
    expect(nextRsvpStatus({ ...open, capacity: null }, null, 10_000, 'going', now)).toBe('going');
    expect(nextRsvpStatus(open, 'going', 2, 'not_going', now)).toBe('not_going');
    expect(nextRsvpStatus(open, null, 2, 'interested', now)).toBe('interested');
  });

  it('refuses answers to a cancelled event, after the deadline, and after the end', () => {
    expect(() => nextRsvpStatus({ ...open, status: 'cancelled' }, null, 0, 'going', now)).toThrow(
      EventCancelledError,
    );
    const pastDeadline = { ...open, rsvpDeadline: new Date(now.getTime() - 1) };
    expect(() => nextRsvpStatus(pastDeadline, 'going', 1, 'not_going', now)).toThrow(RsvpClosedError);
    expect(() =>
      nextRsvpStatus({ ...open, endsAt: new Date(now.getTime() - 1) }, null, 0, 'going', now),
    ).toThrow(RsvpClosedError);
  });
});

describe('reminderPlan', () => {
  it('plans 24 h and 1 h reminders online, only 24 h on site, and none that are due already', () => {
    const start = new Date(now.getTime() + 48 * HOUR);
    expect(reminderPlan({ startsAt: start, format: 'online' }, now.getTime())).toEqual([
      { kind: '24h', delay: 24 * HOUR },
      { kind: '1h', delay: 47 * HOUR },
    ]);
    expect(reminderPlan({ startsAt: start, format: 'onsite' }, now.getTime())).toEqual([
      { kind: '24h', delay: 24 * HOUR },
    ]);
    const soon = new Date(now.getTime() + 2 * HOUR);
    expect(reminderPlan({ startsAt: soon, format: 'hybrid' }, now.getTime())).toEqual([
      { kind: '1h', delay: HOUR },
    ]);
  });
});
