import type { AuthMember } from '@app/auth';
import type { DomainEvents } from '@app/common';
import type { ThemeAccess, ThemesService } from '@app/themes';
import type { EventEntity, RsvpStatus } from './event.entity';
import { RsvpChanged, EventCancelled } from './event.events';
import { NotEventManagerError } from './events.errors';
import type { EventsRepository } from './events.repository';
import { EventsService } from './events.service';

const coordinator: AuthMember = { id: 'c', role: 'coordinator' };
const member: AuthMember = { id: 'm', role: 'member' };

const event = {
  id: 'e1',
  title: '交流会',
  themeId: null,
  status: 'scheduled',
  capacity: 1,
  rsvpDeadline: null,
  startsAt: new Date('2030-01-01T10:00:00Z'),
  endsAt: new Date('2030-01-01T12:00:00Z'),
  sequence: 0,
  description: '',
  timeZone: 'Asia/Tokyo',
  format: 'online',
  venueName: null,
  venueAddress: null,
  joinUrl: null,
  cancelledAt: null,
  createdBy: 'c',
  createdAt: new Date('2029-12-01T00:00:00Z'),
  updatedAt: new Date('2029-12-01T00:00:00Z'),
} as EventEntity;

/** Typed fakes of the repository and the themes side, and a bus that records what was published. */
function service(going: number, previous: RsvpStatus | null) {
  const published: object[] = [];
  const events: Partial<EventsRepository> = {
    findById: () => Promise.resolve(event),
    answer: (_id, _member, decide) => {
      const status = decide(
        { status: 'scheduled', capacity: 1, rsvpDeadline: null, endsAt: event.endsAt },
        previous,
        going,
      );
      return Promise.resolve({ status, previous, promoted: previous === 'going' ? ['w1'] : [] });
    },
    cancel: () => Promise.resolve(),
    answeredMemberIds: () => Promise.resolve(['m', 'w1']),
    counts: () => Promise.resolve([]),
    rsvpsOf: () => Promise.resolve([]),
  };
  const access: Partial<ThemeAccess> = {
    visibleThemeIds: () => Promise.resolve([]),
    canModerate: () => Promise.resolve(false),
  };
  const themes: Partial<ThemesService> = { refs: () => Promise.resolve(new Map()) };
  const bus: Pick<DomainEvents, 'publish'> = {
    publish: (e: object) => {
      published.push(e);
      return Promise.resolve();
    },
  };
  const events_ = new EventsService(
    events as EventsRepository,
    access as ThemeAccess,
    themes as ThemesService,
    bus as DomainEvents,
  );
  return { events: events_, published };
}

describe('EventsService (with typed fakes of its repository)', () => {
  it('waitlists a member when the event is full, and publishes the answer', async () => {
    const { events, published } = service(1, null);
    await events.rsvp('e1', { status: 'going' }, member);
    expect(published).toEqual([new RsvpChanged('e1', 'm', 'waitlisted', null, [])]);
  });

  it('publishes who got the seat a withdrawing member gave up', async () => {
    const { events, published } = service(1, 'going');
    await events.rsvp('e1', { status: 'not_going' }, member);
    expect(published).toEqual([new RsvpChanged('e1', 'm', 'not_going', 'going', ['w1'])]);
  });

  it('tells everyone who answered of a cancellation, and lets only organisers cancel', async () => {
    const { events, published } = service(0, null);
    await expect(events.cancel('e1', member)).rejects.toBeInstanceOf(NotEventManagerError);
    await events.cancel('e1', coordinator);
    expect(published).toEqual([new EventCancelled(event, ['m', 'w1'])]);
  });
});
