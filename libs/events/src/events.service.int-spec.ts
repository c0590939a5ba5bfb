import { getQueueToken } from '@nestjs/bullmq';
import type { TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import type { AuthMember } from '@app/auth';
import { AccountsService } from '@app/members';
import { QueueModule, QUEUES, reminderJobId } from '@app/queue';
import { ThemesService } from '@app/themes';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import type { CreateEventDto } from './dto/event.dto';
import { EventsModule } from './events.module';
import { EventReminderPlanner } from './event-reminder-planner';
import { EventsService } from './events.service';
import {
  EventCancelledError,
  NotEventManagerError,
  RsvpClosedError,
  VenueRequiredError,
} from './events.errors';

const HOUR = 3600_000;

describe('EventsService (real PostgreSQL and Redis)', () => {
  let moduleRef: TestingModule;
  let events: EventsService;
  let coordinator: AuthMember;
  let reminders: Queue;

  async function newMember(name: string, role: AuthMember['role'] = 'member'): Promise<AuthMember> {
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email: uniqueEmail(name), password: 'password-1', displayName: name }, role);
    return { id: member.id, role: member.role };
  }

  const inDays = (days: number) => new Date(Date.now() + days * 24 * HOUR);
  const eventInput = (extra: Partial<CreateEventDto> = {}): CreateEventDto => ({
    title: '塩尻ワインと漆器の夕べ',
    startsAt: inDays(7),
    endsAt: new Date(inDays(7).getTime() + 2 * HOUR),
    format: 'online',
    joinUrl: 'https://meet.example/salon',
    ...extra,
  });

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([QueueModule, EventsModule]);
    events = moduleRef.get(EventsService);
    reminders = moduleRef.get<Queue>(getQueueToken(QUEUES.eventReminders));
    coordinator = await newMember('コーディネーター', 'coordinator');
  });
  afterAll(() => moduleRef.close());

  it('lets coordinators and theme owners create events, not members', async () => {
    const member = await newMember('member');
    await expect(events.create(eventInput(), member)).rejects.toBeInstanceOf(NotEventManagerError);
    const owner = await newMember('owner');
    const slug = `ev-${Date.now().toString(36)}`;
    const theme = await moduleRef
      .get(ThemesService)
      .create({ slug, title: 'テーマ', ownerIds: [owner.id] }, coordinator);
    const event = await events.create(eventInput({ themeId: theme.id }), owner);
    expect(event).toMatchObject({ theme: { slug }, canManage: true });
    await expect(events.create(eventInput({ format: 'onsite' }), coordinator)).rejects.toBeInstanceOf(
      VenueRequiredError,
    );
  });

  it('seats exactly the capacity when 50 members RSVP at once, and waitlists the rest in order', async () => {
    const event = await events.create(eventInput({ capacity: 10 }), coordinator);
    const members = await Promise.all(Array.from({ length: 50 }, (_, i) => newMember(`rsvp${i}`)));
    await Promise.all(members.map((member) => events.rsvp(event.id, { status: 'going' }, member)));
    const after = await events.get(event.id, coordinator);
    expect(after.counts).toEqual({ going: 10, waitlisted: 40, interested: 0 });
    const attendees = await events.attendees(event.id, coordinator);
    expect(attendees.filter((a) => a.status === 'waitlisted').map((a) => a.waitlistPosition)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });

  it('gives a freed seat to the first on the waitlist and hides the join URL from those not going', async () => {
    const event = await events.create(eventInput({ capacity: 1 }), coordinator);
    const [first, second, third] = await Promise.all([newMember('1st'), newMember('2nd'), newMember('3rd')]);
    await events.rsvp(event.id, { status: 'going' }, first);
    const waiting = await events.rsvp(event.id, { status: 'going' }, second);
    expect(waiting.myRsvp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(waiting.joinUrl).toBeNull();
    await events.rsvp(event.id, { status: 'going' }, third);
    await events.rsvp(event.id, { status: 'not_going' }, first);
    const promoted = await events.get(event.id, second);
    expect(promoted.myRsvp).toMatchObject({ status: 'going' });
    expect(promoted.joinUrl).toBe('https://meet.example/salon');
    expect((await events.get(event.id, third)).myRsvp).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
  });

  it('refuses RSVPs after the deadline and once cancelled', async () => {
    const member = await newMember('late');
    const closed = await events.create(
      eventInput({ rsvpDeadline: new Date(Date.now() - 1000) }),
      coordinator,
    );
    await expect(events.rsvp(closed.id, { status: 'going' }, member)).rejects.toBeInstanceOf(RsvpClosedError);
    const event = await events.create(eventInput(), coordinator);
    await events.cancel(event.id, coordinator);
    await expect(events.rsvp(event.id, { status: 'going' }, member)).rejects.toBeInstanceOf(
      EventCancelledError,
    );
  });

  it('schedules reminders as delayed jobs with deterministic ids, moves them with the event, removes them on cancel', async () => {
    const event = await events.create(eventInput(), coordinator);
    const start = new Date(event.startsAt);
    const job24 = await reminders.getJob(reminderJobId(event.id, '24h', start));
    expect(job24?.opts.delay).toBeGreaterThan(5 * 24 * HOUR);
    expect(await reminders.getJob(reminderJobId(event.id, '1h', start))).toBeDefined();

    const moved = new Date(start.getTime() + 24 * HOUR);
    await events.update(event.id, { startsAt: moved, endsAt: new Date(moved.getTime() + HOUR) }, coordinator);
    expect(await reminders.getJob(reminderJobId(event.id, '24h', start))).toBeUndefined();
    expect(await reminders.getJob(reminderJobId(event.id, '24h', moved))).toBeDefined();

    await events.cancel(event.id, coordinator);
    expect(await reminders.getJob(reminderJobId(event.id, '24h', moved))).toBeUndefined();
    expect(await reminders.getJob(reminderJobId(event.id, '1h', moved))).toBeUndefined();
  });

  it('adds the reminders of upcoming events again when Redis lost them, and leaves existing ones alone', async () => {
    const event = await events.create(eventInput(), coordinator);
    const start = new Date(event.startsAt);
    const first = await reminders.getJob(reminderJobId(event.id, '24h', start));
    // A Redis restarted without its data: the delayed jobs are gone.
    await reminders.remove(reminderJobId(event.id, '24h', start));
    await reminders.remove(reminderJobId(event.id, '1h', start));
    const other = await events.create(eventInput({ title: '残っている会' }), coordinator);
    const kept = await reminders.getJob(reminderJobId(other.id, '24h', new Date(other.startsAt)));

    await moduleRef.get(EventReminderPlanner).onApplicationBootstrap();

    const restored = await reminders.getJob(reminderJobId(event.id, '24h', start));
    expect(restored?.data).toEqual(first?.data);
    expect(restored?.opts.delay).toBeGreaterThan(5 * 24 * HOUR);
    expect(await reminders.getJob(reminderJobId(event.id, '1h', start))).toBeDefined();
    const still = await reminders.getJob(reminderJobId(other.id, '24h', new Date(other.startsAt)));
    expect(still?.timestamp).toBe(kept?.timestamp);
  });
});
