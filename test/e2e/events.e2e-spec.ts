import { Queue, type Job } from 'bullmq';
import ICAL from 'ical.js';
import { QUEUES, reminderJobId, type EventMailJob, type EventReminderJob } from '@app/queue';
import type { SinkMessage } from '@test/support';
import type {
  Attendee,
  ErrorBody,
  EventBody,
  EventInput,
  EventPage,
  OwnProfile,
  RsvpStatus,
  Theme,
} from './api-types';
import { kanjiTag, newCoordinator, newMember, useSalon, type SignedUp } from './fixture';
import { expectError, fieldProblems, UUID, type Reply } from './http';
import {
  addToTheme,
  connectChat,
  createTheme,
  follow,
  generalChannel,
  history,
  joinOk,
  nextEvent,
  uniqueSlug,
} from './chat-client';

// ---------------------------------------------------------------------------------------------------
// The processes: api, worker (mailing to the sink), and a handle on their BullMQ queues
// ---------------------------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Mail goes through a queue, a worker and SMTP: a generous bound that only a lost mail reaches. */
const MAIL_TIMEOUT_MS = 30_000;
const JOIN_URL = 'https://meet.example/shiojiri-salon';

// Many members register from one address in this file: give the registration bucket room.
const salon = useSalon({
  tag: 'events',
  worker: true,
  smtp: true,
  publicUrl: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000' },
});
const { client } = salon;
let coordinator: SignedUp;
let reminders: Queue<EventReminderJob>;
let mails: Queue<EventMailJob>;

beforeAll(async () => {
  coordinator = await newCoordinator(client, `調整 役子${kanjiTag()}`);

  // The queues as the apps name them (libs/queue): BullMQ keys live under `<REDIS_KEY_PREFIX>bull`.
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: null };
  const prefix = `${salon.env.REDIS_KEY_PREFIX}bull`;
  reminders = new Queue<EventReminderJob>(QUEUES.eventReminders, { connection, prefix });
  mails = new Queue<EventMailJob>(QUEUES.eventMail, { connection, prefix });
});

afterAll(async () => {
  await reminders?.close();
  await mails?.close();
});

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

/** A whole minute about `ms` from now (so local times in mails and calendars are exact). */
function fromNow(ms: number): Date {
  return new Date(Math.floor((Date.now() + ms) / MINUTE) * MINUTE);
}

/** An online event next week, two hours long, with a unique Japanese title. */
function onlineEvent(extra: Partial<EventInput> = {}): EventInput {
  const startsAt = fromNow(7 * DAY);
  return {
    title: `塩尻ワインと漆器の夕べ ${kanjiTag(3)}`,
    description: '木曽平沢の職人さんと、塩尻ワインを片手に語り合います。',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    format: 'online',
    joinUrl: JOIN_URL,
    ...extra,
  };
}

/** Asserts the status; on a mismatch the failure shows the body the api answered. */
function expectStatus(reply: Reply<unknown>, status: number): void {
  expect({ status: reply.status, body: reply.text }).toMatchObject({ status });
}

async function createEvent(token: string, input: EventInput): Promise<EventBody> {
  const reply = await client.post<EventBody>('/api/events', input, { token });
  expectStatus(reply, 201);
  return reply.body;
}

async function getEvent(token: string, id: string): Promise<EventBody> {
  const reply = await client.get<EventBody>(`/api/events/${id}`, { token });
  expectStatus(reply, 200);
  return reply.body;
}

function putRsvp(token: string, id: string, status: string) {
  return client.call<EventBody & ErrorBody>('PUT', `/api/events/${id}/rsvp`, { token, body: { status } });
}

async function rsvp(member: SignedUp, id: string, status: Exclude<RsvpStatus, 'waitlisted'>) {
  const reply = await putRsvp(member.accessToken, id, status);
  expectStatus(reply, 200);
  return reply.body;
}

async function attendees(token: string, id: string): Promise<Attendee[]> {
  const reply = await client.get<{ items: Attendee[] }>(`/api/events/${id}/attendees`, { token });
  expectStatus(reply, 200);
  return reply.body.items;
}

async function cancelEvent(token: string, id: string): Promise<EventBody> {
  const reply = await client.post<EventBody>(`/api/events/${id}/cancel`, undefined, { token });
  expectStatus(reply, 200);
  return reply.body;
}

async function setLocale(member: SignedUp, locale: 'ja' | 'en', timeZone: string): Promise<void> {
  const reply = await client.patch<OwnProfile>(
    '/api/members/me',
    { locale, timeZone },
    { token: member.accessToken },
  );
  expectStatus(reply, 200);
  expect(reply.body).toMatchObject({ locale, timeZone });
}

/** Waits until `condition` resolves true (polling), failing after `timeoutMs`. */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = MAIL_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The job once the worker has completed it (fails at once if it failed). */
async function completedJob<T>(queue: Queue<T>, jobId: string): Promise<Job<T>> {
  await waitUntil(async () => {
    const state = await queue.getJobState(jobId);
    if (state === 'failed')
      throw new Error(`job ${jobId} failed: ${(await queue.getJob(jobId))?.failedReason}`);
    return state === 'completed';
  }, `job ${jobId} completed`);
  // Read only now: a job read while it was still active has no return value yet.
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} vanished`);
  return job;
}

/** The first mail to `email` whose subject contains `subject`. */
function mailTo(email: string, subject: string): Promise<SinkMessage> {
  return salon.sink.waitFor((m) => m.to.includes(email) && m.subject.includes(subject), MAIL_TIMEOUT_MS);
}

/** Every mail received so far whose subject contains `subject`, by recipient. */
function recipientsOf(subject: string): string[] {
  return salon.sink.messages
    .filter((m) => m.subject.includes(subject))
    .flatMap((m) => m.to)
    .sort();
}

/** The wall clock of an instant in a zone, computed here independently of the api. */
function wallClock(date: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return { ymd: `${parts.year}年${parts.month}月${parts.day}日`, time: `${parts.hour}:${parts.minute}` };
}

function parseIcs(text: string) {
  const calendar = ICAL.Component.fromString(text);
  const vevents = calendar.getAllSubcomponents('vevent');
  return { calendar, vevents, events: vevents.map((vevent) => new ICAL.Event(vevent)) };
}

async function eventIcs(token: string, id: string) {
  const reply = await client.get(`/api/events/${id}/ics`, { token });
  expectStatus(reply, 200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8/);
  const { vevents, events } = parseIcs(reply.text);
  expect(events).toHaveLength(1);
  return { text: reply.text, vevent: vevents[0], event: events[0] };
}

async function newTheme(tag: string, title: string): Promise<Theme> {
  return createTheme(client, coordinator.accessToken, { slug: uniqueSlug(tag), title });
}

// ---------------------------------------------------------------------------------------------------
// Announcing
// ---------------------------------------------------------------------------------------------------

describe('announcing events (POST /api/events)', () => {
  it("posts a new event into its theme's general channel, and a member connected there receives it as message:new", async () => {
    const theme = await newTheme('wine', '塩尻ワインのファンづくり');
    const member = await newMember(client, `葡萄 好子${kanjiTag()}`);
    await follow(client, member.accessToken, theme.slug);
    const general = await generalChannel(client, member.accessToken, theme.slug);
    const socket = await connectChat(salon.url, member.accessToken);
    await joinOk(socket, general.id);

    // 2031-02-14 10:00Z is 19:00 in Tokyo.
    const input = onlineEvent({
      themeId: theme.id,
      startsAt: '2031-02-14T10:00:00.000Z',
      endsAt: '2031-02-14T12:00:00.000Z',
    });
    const announced = nextEvent(socket, 'message:new', MAIL_TIMEOUT_MS, (m) => m.body.includes(input.title));
    const event = await createEvent(coordinator.accessToken, input);

    expect(event).toEqual({
      id: expect.stringMatching(UUID),
      title: input.title,
      description: input.description,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeZone: 'Asia/Tokyo',
      format: 'online',
      venueName: null,
      venueAddress: null,
      joinUrl: JOIN_URL,
      theme: { id: theme.id, slug: theme.slug, title: theme.title },
      capacity: null,
      rsvpDeadline: null,
      status: 'scheduled',
      cancelledAt: null,
      counts: { going: 0, interested: 0, waitlisted: 0 },
      myRsvp: null,
      canManage: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const message = await announced;
    expect(message).toMatchObject({ channelId: general.id, kind: 'system', author: null });
    expect(message.body).toContain('新しいイベント');
    expect(message.body).toContain('2031年2月14日');
    expect(message.body).toContain('19:00〜21:00');
    expect(message.body).toContain(`/events/${event.id}`);
    expect((await history(client, member.accessToken, general.id)).items.map((m) => m.id)).toContain(
      message.id,
    );

    // A member sees the event, but neither the join URL (not going) nor the organiser's controls.
    expect(await getEvent(member.accessToken, event.id)).toMatchObject({
      id: event.id,
      joinUrl: null,
      canManage: false,
      myRsvp: null,
    });
  });

  it('refuses a member with 403 NOT_EVENT_MANAGER, and lets a theme owner announce in their own theme only', async () => {
    const member = await newMember(client, `一般 会員${kanjiTag()}`);
    const owner = await newMember(client, `持ち 主${kanjiTag()}`);
    const owned = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('owned'),
      title: '奈良井宿の空き家活用',
      ownerIds: [owner.member.id],
    });
    const other = await newTheme('other', '観光センターのショップ');

    expectError(
      await client.post<ErrorBody>('/api/events', onlineEvent(), { token: member.accessToken }),
      403,
      'NOT_EVENT_MANAGER',
    );
    expectError(
      await client.post<ErrorBody>('/api/events', onlineEvent({ themeId: owned.id }), {
        token: member.accessToken,
      }),
      403,
      'NOT_EVENT_MANAGER',
    );
    expectError(
      await client.post<ErrorBody>('/api/events', onlineEvent({ themeId: other.id }), {
        token: owner.accessToken,
      }),
      403,
      'NOT_EVENT_MANAGER',
    );
    const mine = await createEvent(owner.accessToken, onlineEvent({ themeId: owned.id }));
    expect(mine).toMatchObject({ theme: { id: owned.id }, canManage: true });

    // Nothing the refused requests sent was stored.
    const listed = await client.get<EventPage>(`/api/events?theme=${owned.slug}`, {
      token: member.accessToken,
    });
    expect(listed.body.items.map((e) => e.id)).toEqual([mine.id]);
    const elsewhere = await client.get<EventPage>(`/api/events?theme=${other.slug}`, {
      token: member.accessToken,
    });
    expect(elsewhere.body.items).toEqual([]);
  });

  it('answers 400 with a code for times out of order, an on-site or hybrid event without a venue, and bad fields', async () => {
    const theme = await newTheme('invalid', '検証のテーマ');
    const token = coordinator.accessToken;
    const start = fromNow(3 * DAY);
    const post = (extra: Partial<EventInput>) =>
      client.post<ErrorBody>('/api/events', onlineEvent({ themeId: theme.id, ...extra }), { token });

    const backwards = await post({
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() - HOUR).toISOString(),
    });
    expectError(backwards, 400, 'INVALID_EVENT_TIMES');
    // The field at fault is named, so a form shows the problem beside it.
    expect(fieldProblems(backwards)).toEqual([{ field: 'endsAt', code: 'INVALID_EVENT_TIMES' }]);
    expectError(
      await post({ startsAt: start.toISOString(), endsAt: start.toISOString() }),
      400,
      'INVALID_EVENT_TIMES',
    );
    const noVenue = await post({ format: 'onsite', joinUrl: null });
    expectError(noVenue, 400, 'VENUE_REQUIRED');
    expect(fieldProblems(noVenue)).toEqual([{ field: 'venueName', code: 'VENUE_REQUIRED' }]);
    expectError(await post({ format: 'hybrid' }), 400, 'VENUE_REQUIRED');

    const badFields = await post({ format: 'in-person', joinUrl: 'javascript:alert(1)', capacity: 0 });
    expectError(badFields, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(badFields)).toEqual(
      expect.arrayContaining([
        { field: 'format', code: 'isIn' },
        { field: 'joinUrl', code: 'isUrl' },
        { field: 'capacity', code: 'min' },
      ]),
    );
    expectError(await post({ startsAt: 'next friday' }), 400, 'VALIDATION_FAILED');

    // An edit is checked against the stored fields it does not change.
    const event = await createEvent(token, onlineEvent({ themeId: theme.id }));
    expectError(
      await client.patch<ErrorBody>(
        `/api/events/${event.id}`,
        { endsAt: new Date(new Date(event.startsAt).getTime() - MINUTE).toISOString() },
        { token },
      ),
      400,
      'INVALID_EVENT_TIMES',
    );
    expectError(
      await client.patch<ErrorBody>(`/api/events/${event.id}`, { format: 'onsite' }, { token }),
      400,
      'VENUE_REQUIRED',
    );

    const listed = await client.get<EventPage>(`/api/events?theme=${theme.slug}`, { token });
    expect(listed.body.items.map((e) => [e.id, e.format, e.endsAt])).toEqual([
      [event.id, 'online', event.endsAt],
    ]);
  });

  it('lists upcoming events first with a keyset cursor, filters by theme and hides private themes from outsiders', async () => {
    const theme = await newTheme('listing', '一覧のテーマ');
    const secret = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('secret'),
      title: '非公開の企画会議',
      visibility: 'private',
    });
    const outsider = await newMember(client, `外野 会員${kanjiTag()}`);
    const starts = [5, 2, 9].map((days) => fromNow(days * DAY));
    const created: EventBody[] = [];
    for (const start of starts) {
      created.push(
        await createEvent(
          coordinator.accessToken,
          onlineEvent({
            themeId: theme.id,
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + HOUR).toISOString(),
          }),
        ),
      );
    }
    const hidden = await createEvent(coordinator.accessToken, onlineEvent({ themeId: secret.id }));

    const first = await client.get<EventPage>(`/api/events?theme=${theme.slug}&limit=2`, {
      token: outsider.accessToken,
    });
    expectStatus(first, 200);
    expect(first.body.items.map((e) => e.id)).toEqual([created[1].id, created[0].id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await client.get<EventPage>(
      `/api/events?theme=${theme.slug}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token: outsider.accessToken },
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: created[2].id })],
      nextCursor: null,
    });

    const all = await client.get<EventPage>('/api/events?limit=100', { token: outsider.accessToken });
    expect(all.body.items.map((e) => e.id)).not.toContain(hidden.id);
    expectError(
      await client.get<ErrorBody>(`/api/events/${hidden.id}`, { token: outsider.accessToken }),
      404,
      'EVENT_NOT_FOUND',
    );
    expectError(await putRsvp(outsider.accessToken, hidden.id, 'going'), 404, 'EVENT_NOT_FOUND');
    expectError(
      await client.get<ErrorBody>(`/api/events/${hidden.id}/ics`, { token: outsider.accessToken }),
      404,
      'EVENT_NOT_FOUND',
    );
    expectError(
      await client.get<ErrorBody>('/api/events/not-a-uuid', { token: outsider.accessToken }),
      400,
      'INVALID_ID',
    );
  });
  it('lists past events most recent first with `past=true`, keyset-paginated, and refuses a flag that is not true or false', async () => {
    const theme = await newTheme('archive', '過去のイベント');
    const token = coordinator.accessToken;
    const at = (daysAgo: number) => {
      const start = fromNow(-daysAgo * DAY);
      return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() };
    };
    const [older, recent, oldest] = [
      await createEvent(token, onlineEvent({ themeId: theme.id, ...at(5) })),
      await createEvent(token, onlineEvent({ themeId: theme.id, ...at(2) })),
      await createEvent(token, onlineEvent({ themeId: theme.id, ...at(9) })),
    ];
    const upcoming = await createEvent(token, onlineEvent({ themeId: theme.id }));

    const first = await client.get<EventPage>(`/api/events?theme=${theme.slug}&past=true&limit=2`, { token });
    expectStatus(first, 200);
    expect(first.body.items.map((e) => e.id)).toEqual([recent.id, older.id]);
    const second = await client.get<EventPage>(
      `/api/events?theme=${theme.slug}&past=true&limit=2&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      { token },
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: oldest.id })], nextCursor: null });
    const ahead = await client.get<EventPage>(`/api/events?theme=${theme.slug}&past=false`, { token });
    expect(ahead.body.items.map((e) => e.id)).toEqual([upcoming.id]);

    const refused = await client.get<ErrorBody>(`/api/events?past=yes`, { token });
    expectError(refused, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(refused)).toEqual([{ field: 'past', code: 'isQueryFlag' }]);
  });
});

// ---------------------------------------------------------------------------------------------------
// RSVP, capacity, waitlist
// ---------------------------------------------------------------------------------------------------

describe('RSVP, capacity and the waitlist (PUT /api/events/:id/rsvp)', () => {
  it('seats going members up to the capacity, waitlists the rest in order, and promotes and mails the first when a seat frees', async () => {
    const event = await createEvent(coordinator.accessToken, onlineEvent({ capacity: 2 }));
    const [first, second, third, fourth, curious] = await Promise.all(
      ['一番 乗り', '二番 手', '三番 目', '四番 目', '興味 津々'].map((name) =>
        newMember(client, name + kanjiTag()),
      ),
    );

    expect((await rsvp(first, event.id, 'going')).myRsvp).toMatchObject({
      status: 'going',
      waitlistPosition: null,
    });
    expect((await rsvp(second, event.id, 'going')).myRsvp).toMatchObject({ status: 'going' });
    const waiting = await rsvp(third, event.id, 'going');
    expect(waiting.myRsvp).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await rsvp(fourth, event.id, 'going')).myRsvp).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 2,
    });
    const interested = await rsvp(curious, event.id, 'interested');
    expect(interested.counts).toEqual({ going: 2, waitlisted: 2, interested: 1 });

    // The join URL is for members who are going (and the organisers) only.
    expect((await getEvent(first.accessToken, event.id)).joinUrl).toBe(JOIN_URL);
    expect(waiting.joinUrl).toBeNull();
    expect(interested.joinUrl).toBeNull();
    expect((await getEvent(coordinator.accessToken, event.id)).joinUrl).toBe(JOIN_URL);
    const waitingIcs = await eventIcs(third.accessToken, event.id);
    expect(waitingIcs.text).not.toContain('meet.example');
    expect((await eventIcs(first.accessToken, event.id)).event.description).toContain(JOIN_URL);

    // Organisers see who is going, who waits in which place, and who is only interested.
    const byMember = (list: Pick<Attendee, 'memberId' | 'status' | 'waitlistPosition'>[]) =>
      list.map(({ memberId, status, waitlistPosition }) => ({ memberId, status, waitlistPosition }));
    expect(byMember(await attendees(coordinator.accessToken, event.id))).toEqual(
      expect.arrayContaining([
        { memberId: first.member.id, status: 'going', waitlistPosition: null },
        { memberId: second.member.id, status: 'going', waitlistPosition: null },
        { memberId: third.member.id, status: 'waitlisted', waitlistPosition: 1 },
        { memberId: fourth.member.id, status: 'waitlisted', waitlistPosition: 2 },
        { memberId: curious.member.id, status: 'interested', waitlistPosition: null },
      ]),
    );
    const listed = await attendees(coordinator.accessToken, event.id);
    expect(listed).toHaveLength(5);
    // Enough to find a person at the door: their name, its reading and their picture.
    expect(listed.find((a) => a.memberId === first.member.id)).toEqual(
      expect.objectContaining({ displayName: first.member.displayName, furigana: null, avatarUrl: null }),
    );
    expectError(
      await client.get<ErrorBody>(`/api/events/${event.id}/attendees`, { token: first.accessToken }),
      403,
      'NOT_EVENT_MANAGER',
    );

    // Going again changes nothing; withdrawing frees the seat for the first in line.
    expect((await rsvp(second, event.id, 'going')).counts).toEqual({
      going: 2,
      waitlisted: 2,
      interested: 1,
    });
    expect((await rsvp(first, event.id, 'not_going')).counts).toEqual({
      going: 2,
      waitlisted: 1,
      interested: 1,
    });
    const promoted = await getEvent(third.accessToken, event.id);
    expect(promoted.myRsvp).toMatchObject({ status: 'going', waitlistPosition: null });
    expect(promoted.joinUrl).toBe(JOIN_URL);
    expect((await getEvent(fourth.accessToken, event.id)).myRsvp).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
    expect((await getEvent(first.accessToken, event.id)).joinUrl).toBeNull();

    const mail = await mailTo(third.email, event.title);
    expect(mail.subject).toBe(`参加が確定しました：${event.title}`);
    expect(mail.text).toContain(`${third.member.displayName} さん`);
    expect(mail.text).toContain('キャンセル待ちから参加が確定しました');
    expect(mail.text).toContain(JOIN_URL);
    expect(mail.text).toContain(`/events/${event.id}`);
    expect(mail.html).toContain('lang="ja"');
  });

  it('promotes the next in line when the organisers raise the capacity, and mails them', async () => {
    const event = await createEvent(coordinator.accessToken, onlineEvent({ capacity: 1 }));
    const [seated, next, last] = await Promise.all(
      ['座席 確保', '次の 人', '最後の 人'].map((name) => newMember(client, name + kanjiTag())),
    );
    for (const member of [seated, next, last]) await rsvp(member, event.id, 'going');
    await setLocale(next, 'en', 'Europe/Berlin');

    const raised = await client.patch<EventBody>(
      `/api/events/${event.id}`,
      { capacity: 2 },
      {
        token: coordinator.accessToken,
      },
    );
    expectStatus(raised, 200);
    expect(raised.body).toMatchObject({ capacity: 2, counts: { going: 2, waitlisted: 1, interested: 0 } });
    expect((await getEvent(next.accessToken, event.id)).myRsvp).toMatchObject({ status: 'going' });
    expect((await getEvent(last.accessToken, event.id)).myRsvp).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });

    const mail = await mailTo(next.email, event.title);
    expect(mail.subject).toBe(`You have a seat: ${event.title}`);
    expect(mail.text).toContain(`Hi ${next.member.displayName},`);
    expect(mail.text).toContain('(Europe/Berlin)');
  });

  it('refuses RSVPs once the event is cancelled (409 EVENT_CANCELLED) or past its deadline (409 RSVP_CLOSED), and bad statuses (400)', async () => {
    const member = await newMember(client, `遅れて 来た${kanjiTag()}`);
    const closed = await createEvent(
      coordinator.accessToken,
      onlineEvent({ rsvpDeadline: new Date(Date.now() - MINUTE).toISOString() }),
    );
    expectError(await putRsvp(member.accessToken, closed.id, 'going'), 409, 'RSVP_CLOSED');

    const event = await createEvent(coordinator.accessToken, onlineEvent());
    for (const status of ['waitlisted', 'maybe']) {
      const refused = await putRsvp(member.accessToken, event.id, status);
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(fieldProblems(refused)).toContainEqual({ field: 'status', code: 'isIn' });
    }
    await rsvp(member, event.id, 'interested');
    await cancelEvent(coordinator.accessToken, event.id);
    expectError(await putRsvp(member.accessToken, event.id, 'going'), 409, 'EVENT_CANCELLED');
    expectError(await putRsvp(member.accessToken, event.id, 'not_going'), 409, 'EVENT_CANCELLED');
    expect((await getEvent(member.accessToken, event.id)).myRsvp).toMatchObject({ status: 'interested' });
    expectError(
      await putRsvp(member.accessToken, '7b0f7e0e-0000-4000-8000-000000000000', 'going'),
      404,
      'EVENT_NOT_FOUND',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Cancelling
// ---------------------------------------------------------------------------------------------------

describe('cancelling (POST /api/events/:id/cancel)', () => {
  it('mails everyone who RSVPed (going, waitlisted, interested) once, in their language, announces it, and refuses edits', async () => {
    const theme = await newTheme('cancel', '中止になる集まり');
    const [going, waiting, curious, declined, listener] = await Promise.all(
      ['参加 予定', '待ち 人', '興味 あり', '欠席 連絡', '聞き 手'].map((name) =>
        newMember(client, name + kanjiTag()),
      ),
    );
    await setLocale(waiting, 'en', 'America/New_York');
    await follow(client, listener.accessToken, theme.slug);
    const general = await generalChannel(client, listener.accessToken, theme.slug);
    const socket = await connectChat(salon.url, listener.accessToken);
    await joinOk(socket, general.id);

    const event = await createEvent(coordinator.accessToken, onlineEvent({ themeId: theme.id, capacity: 1 }));
    await rsvp(going, event.id, 'going');
    expect((await rsvp(waiting, event.id, 'going')).myRsvp?.status).toBe('waitlisted');
    await rsvp(curious, event.id, 'interested');
    await rsvp(declined, event.id, 'interested');
    await rsvp(declined, event.id, 'not_going');

    expectError(
      await client.post<ErrorBody>(`/api/events/${event.id}/cancel`, undefined, { token: going.accessToken }),
      403,
      'NOT_EVENT_MANAGER',
    );

    const announced = nextEvent(socket, 'message:new', MAIL_TIMEOUT_MS, (m) => m.body.includes('中止'));
    const cancelled = await cancelEvent(coordinator.accessToken, event.id);
    expect(cancelled).toMatchObject({ id: event.id, status: 'cancelled', cancelledAt: expect.any(String) });
    const message = await announced;
    expect(message).toMatchObject({ kind: 'system', channelId: general.id });
    expect(message.body).toContain(event.title);

    // One job mails them all: once it has completed, every cancellation mail has been accepted by SMTP.
    const job = await completedJob(mails, `cancelled-${event.id}`);
    expect(recipientsOf(event.title)).toEqual([going.email, waiting.email, curious.email].sort());
    // Run again (as a retry after a partial run would): each member is still mailed once.
    await job.retry('completed');
    await completedJob(mails, `cancelled-${event.id}`);
    expect(recipientsOf(event.title)).toEqual([going.email, waiting.email, curious.email].sort());
    const ja = salon.sink.messages.find((m) => m.to.includes(going.email) && m.subject.includes(event.title));
    expect(ja?.subject).toBe(`【中止】${event.title}`);
    expect(ja?.text).toContain('このイベントは中止になりました');
    expect(ja?.text).not.toContain(JOIN_URL);
    const en = salon.sink.messages.find(
      (m) => m.to.includes(waiting.email) && m.subject.includes(event.title),
    );
    expect(en?.subject).toBe(`Cancelled: ${event.title}`);
    expect(en?.text).toContain('(America/New_York)');

    expectError(
      await client.post<ErrorBody>(`/api/events/${event.id}/cancel`, undefined, {
        token: coordinator.accessToken,
      }),
      409,
      'EVENT_CANCELLED',
    );
    expectError(
      await client.patch<ErrorBody>(
        `/api/events/${event.id}`,
        { title: '復活' },
        { token: coordinator.accessToken },
      ),
      409,
      'EVENT_CANCELLED',
    );
    expectError(await putRsvp(curious.accessToken, event.id, 'going'), 409, 'EVENT_CANCELLED');
  });
});

// ---------------------------------------------------------------------------------------------------
// Reminders (the worker)
// ---------------------------------------------------------------------------------------------------

describe('reminders (worker, delayed BullMQ jobs)', () => {
  it("mails each going member exactly once, Japanese by default and English for locale en, in the member's time zone, even when the job runs twice", async () => {
    const [ja, en, curious] = await Promise.all(
      ['リマインド 花子', 'Remind Ken', '興味 だけ'].map((name) => newMember(client, name + kanjiTag())),
    );
    await setLocale(en, 'en', 'America/New_York');

    // Starting a bit over an hour from now: the 1-hour reminder is delayed by minutes, the 24-hour one is past.
    const startsAt = fromNow(HOUR + 15 * MINUTE);
    const event = await createEvent(
      coordinator.accessToken,
      onlineEvent({
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      }),
    );
    await rsvp(ja, event.id, 'going');
    await rsvp(en, event.id, 'going');
    await rsvp(curious, event.id, 'interested');

    expect(await reminders.getJob(reminderJobId(event.id, '24h', startsAt))).toBeUndefined();
    const jobId = reminderJobId(event.id, '1h', startsAt);
    const job = await reminders.getJob(jobId);
    if (!job) throw new Error(`no reminder job ${jobId}`);
    expect(job.data).toEqual({ eventId: event.id, kind: '1h', startsAt: startsAt.toISOString() });
    expect(await job.getState()).toBe('delayed');

    // Run it now instead of in a few minutes.
    await job.promote();
    const [jaMail, enMail] = await Promise.all([
      mailTo(ja.email, event.title),
      mailTo(en.email, event.title),
    ]);
    expect((await completedJob(reminders, jobId)).returnvalue).toEqual({ sent: 2, stale: false });

    // Japanese, in Tokyo time (the member's default zone).
    const tokyo = wallClock(startsAt, 'Asia/Tokyo');
    const newYork = wallClock(startsAt, 'America/New_York');
    expect(jaMail.subject).toBe(`【まもなく開始】${event.title}`);
    expect(jaMail.text).toContain(`${ja.member.displayName} さん`);
    expect(jaMail.text).toContain('まもなくイベントが始まります。');
    expect(jaMail.text).toContain(`日時: ${tokyo.ymd}(`);
    expect(jaMail.text).toContain(`${tokyo.time}〜`);
    expect(jaMail.text).toContain(`参加URL: ${JOIN_URL}`);
    expect(jaMail.html).toContain('lang="ja"');
    expect(jaMail.html).toContain(`${tokyo.time}〜`);

    // English, in New York time, saying which zone it is.
    expect(enMail.subject).toBe(`Starting in an hour: ${event.title}`);
    expect(enMail.text).toContain(`Hi ${en.member.displayName},`);
    expect(enMail.text).toContain('This event starts in about an hour.');
    expect(enMail.text).toContain(newYork.time);
    expect(enMail.text).not.toContain(tokyo.time);
    expect(enMail.text).toContain('(America/New_York)');
    expect(enMail.text).toContain(`Join: ${JOIN_URL}`);
    expect(enMail.html).toContain('lang="en"');

    // The same job runs again (a retry), and a second job with the same data runs too: nobody is mailed twice.
    await job.retry('completed');
    expect((await completedJob(reminders, jobId)).returnvalue).toEqual({ sent: 0, stale: false });
    const twin = await reminders.add('event-reminder', job.data, { jobId: `${jobId}-twin` });
    expect((await completedJob(reminders, String(twin.id))).returnvalue).toEqual({ sent: 0, stale: false });

    // Only the going members, once each: the interested member gets no reminder.
    expect(recipientsOf(event.title)).toEqual([ja.email, en.email].sort());
  });

  it('moves the reminders with the event; a job planned for the old time or for a cancelled event mails no one', async () => {
    const member = await newMember(client, `予定 変更${kanjiTag()}`);
    const startsAt = fromNow(2 * DAY);
    const event = await createEvent(
      coordinator.accessToken,
      onlineEvent({
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      }),
    );
    await rsvp(member, event.id, 'going');
    expect(await (await reminders.getJob(reminderJobId(event.id, '24h', startsAt)))?.getState()).toBe(
      'delayed',
    );

    const moved = new Date(startsAt.getTime() + DAY);
    const patched = await client.patch<EventBody>(
      `/api/events/${event.id}`,
      { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + HOUR).toISOString() },
      { token: coordinator.accessToken },
    );
    expectStatus(patched, 200);
    for (const kind of ['24h', '1h'] as const) {
      expect(await reminders.getJob(reminderJobId(event.id, kind, startsAt))).toBeUndefined();
      expect(await (await reminders.getJob(reminderJobId(event.id, kind, moved)))?.getState()).toBe(
        'delayed',
      );
    }

    // A job still carrying the old start (say, one that was already running) finds it stale.
    const old = await reminders.add(
      'event-reminder',
      { eventId: event.id, kind: '24h', startsAt: startsAt.toISOString() },
      { jobId: `${reminderJobId(event.id, '24h', startsAt)}-late` },
    );
    expect((await completedJob(reminders, String(old.id))).returnvalue).toEqual({ sent: 0, stale: true });

    // On-site events get no 1-hour reminder.
    const onsite = await client.patch<EventBody>(
      `/api/events/${event.id}`,
      {
        format: 'onsite',
        venueName: 'えんぱーく',
        venueAddress: '長野県塩尻市大門一番町12-2',
        joinUrl: null,
      },
      { token: coordinator.accessToken },
    );
    expectStatus(onsite, 200);
    expect(await reminders.getJob(reminderJobId(event.id, '1h', moved))).toBeUndefined();
    expect(await (await reminders.getJob(reminderJobId(event.id, '24h', moved)))?.getState()).toBe('delayed');

    await cancelEvent(coordinator.accessToken, event.id);
    expect(await reminders.getJob(reminderJobId(event.id, '24h', moved))).toBeUndefined();
    const afterCancel = await reminders.add(
      'event-reminder',
      { eventId: event.id, kind: '24h', startsAt: moved.toISOString() },
      { jobId: `${reminderJobId(event.id, '24h', moved)}-late` },
    );
    expect((await completedJob(reminders, String(afterCancel.id))).returnvalue).toEqual({
      sent: 0,
      stale: true,
    });
    await completedJob(mails, `cancelled-${event.id}`);
    expect(
      salon.sink.messages
        .filter((m) => m.to.includes(member.email) && m.subject.includes(event.title))
        .map((m) => m.subject),
    ).toEqual([`【中止】${event.title}`]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------------

describe('calendars (iCalendar)', () => {
  it('serves GET /api/events/:id/ics in the event zone with Japanese text; the UID stays, SEQUENCE grows with each change, a cancel says CANCELLED', async () => {
    const title = `塩尻ワインの夕べ、漆器と；特別編 ${kanjiTag(3)}`;
    const description = '第1部：工房見学\n第2部：ワインの試飲（塩尻駅から徒歩5分）';
    const event = await createEvent(coordinator.accessToken, {
      title,
      description,
      // 10:00Z is 19:00 in Tokyo.
      startsAt: '2031-02-14T10:00:00.000Z',
      endsAt: '2031-02-14T12:00:00.000Z',
      format: 'onsite',
      venueName: 'えんぱーく',
      venueAddress: '長野県塩尻市大門一番町12-2',
    });

    const first = await eventIcs(coordinator.accessToken, event.id);
    expect(first.text).toContain('DTSTART;TZID=Asia/Tokyo:20310214T190000\r\n');
    expect(first.vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Tokyo');
    expect(first.event.startDate.toString()).toBe('2031-02-14T19:00:00');
    expect(first.event.startDate.toJSDate()).toEqual(new Date(event.startsAt));
    expect(first.event.endDate.toJSDate()).toEqual(new Date(event.endsAt));
    expect(first.event.summary).toBe(title);
    expect(first.event.description).toBe(description);
    expect(first.event.location).toBe('えんぱーく, 長野県塩尻市大門一番町12-2');
    expect(first.event.uid).toBe(`${event.id}@127.0.0.1`);
    expect(first.event.sequence).toBe(0);
    expect(first.vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // Folded: no physical line is longer than 75 octets.
    for (const line of first.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const renamed = `${title}（改）`;
    const edited = await client.patch<EventBody>(
      `/api/events/${event.id}`,
      { title: renamed },
      {
        token: coordinator.accessToken,
      },
    );
    expectStatus(edited, 200);
    const second = await eventIcs(coordinator.accessToken, event.id);
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBe(1);
    expect(second.event.summary).toBe(renamed);

    // Moved to summer in Berlin: 2031-07-01 08:00Z is 10:00 CEST.
    const moved = await client.patch<EventBody>(
      `/api/events/${event.id}`,
      { startsAt: '2031-07-01T08:00:00.000Z', endsAt: '2031-07-01T10:00:00.000Z', timeZone: 'Europe/Berlin' },
      { token: coordinator.accessToken },
    );
    expectStatus(moved, 200);
    const third = await eventIcs(coordinator.accessToken, event.id);
    expect(third.event.uid).toBe(first.event.uid);
    expect(third.event.sequence).toBe(2);
    expect(third.vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Berlin');
    expect(third.event.startDate.toString()).toBe('2031-07-01T10:00:00');
    expect(third.event.startDate.toJSDate()).toEqual(new Date('2031-07-01T08:00:00.000Z'));

    await cancelEvent(coordinator.accessToken, event.id);
    const last = await eventIcs(coordinator.accessToken, event.id);
    expect(last.event.uid).toBe(first.event.uid);
    expect(last.event.sequence).toBe(3);
    expect(last.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(last.event.summary).toBe(renamed);
  });

  it('serves a private feed at /api/calendar/<token>.ics of the events I am going to or interested in; a new token or a revoke makes the old address 404', async () => {
    const member = await newMember(client, `暦 好き${kanjiTag()}`);
    const other = await newMember(client, `別の 会員${kanjiTag()}`);
    const secret = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('feed-secret'),
      title: '非公開の準備会',
      visibility: 'private',
    });
    const going = await createEvent(coordinator.accessToken, onlineEvent());
    const interested = await createEvent(coordinator.accessToken, onlineEvent({ timeZone: 'Europe/Berlin' }));
    const declined = await createEvent(coordinator.accessToken, onlineEvent());
    const unrelated = await createEvent(coordinator.accessToken, onlineEvent());
    const hidden = await createEvent(coordinator.accessToken, onlineEvent({ themeId: secret.id }));
    await rsvp(member, going.id, 'going');
    await rsvp(member, interested.id, 'interested');
    await rsvp(member, declined.id, 'going');
    await rsvp(member, declined.id, 'not_going');
    await rsvp(other, unrelated.id, 'going');

    const before = await client.get<{ active: boolean; createdAt: string | null }>(
      '/api/members/me/calendar-token',
      {
        token: member.accessToken,
      },
    );
    expect(before.body).toEqual({ active: false, createdAt: null });
    const issued = await client.post<{ token: string; url: string }>(
      '/api/members/me/calendar-token',
      undefined,
      {
        token: member.accessToken,
      },
    );
    expectStatus(issued, 201);
    expect(issued.body.url).toBe(`${salon.url}/api/calendar/${issued.body.token}.ics`);
    expect(
      (await client.get<{ active: boolean }>('/api/members/me/calendar-token', { token: member.accessToken }))
        .body,
    ).toMatchObject({ active: true, createdAt: expect.any(String) });

    // A calendar app fetches the address as it is, without a bearer token.
    const feed = await fetch(issued.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8/);
    const { calendar, events } = parseIcs(await feed.text());
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('塩尻サロン イベント');
    expect(events.map((e) => e.uid).sort()).toEqual(
      [`${going.id}@127.0.0.1`, `${interested.id}@127.0.0.1`].sort(),
    );
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const goingEntry = byUid.get(`${going.id}@127.0.0.1`);
    expect(goingEntry?.summary).toBe(going.title);
    expect(goingEntry?.startDate.toJSDate()).toEqual(new Date(going.startsAt));
    expect(goingEntry?.startDate.zone?.tzid).toBe('Asia/Tokyo');
    expect(goingEntry?.startDate.toString()).toBe(
      `${new Date(new Date(going.startsAt).getTime() + 9 * HOUR).toISOString().slice(0, 19)}`,
    );
    expect(goingEntry?.description).toContain(JOIN_URL);
    const interestedEntry = byUid.get(`${interested.id}@127.0.0.1`);
    expect(interestedEntry?.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(interestedEntry?.startDate.toJSDate()).toEqual(new Date(interested.startsAt));
    expect(interestedEntry?.description).not.toContain(JOIN_URL);

    // A member who RSVPed to nothing gets an empty calendar, not other people's events.
    const newcomer = await newMember(client, `新 入り${kanjiTag()}`);
    const newcomerToken = await client.post<{ url: string }>('/api/members/me/calendar-token', undefined, {
      token: newcomer.accessToken,
    });
    const empty = await fetch(newcomerToken.body.url);
    expect(empty.status).toBe(200);
    // (Nor the private theme's event, which neither of them may see.)
    const emptyFeed = await empty.text();
    expect(parseIcs(emptyFeed).events.map((e) => e.uid)).toEqual([]);
    expect(emptyFeed).not.toContain(hidden.id);

    // Regenerating: the old address stops working, the new one works.
    const regenerated = await client.post<{ token: string; url: string }>(
      '/api/members/me/calendar-token',
      undefined,
      { token: member.accessToken },
    );
    expect(regenerated.body.token).not.toBe(issued.body.token);
    const stale = await client.get<ErrorBody>(`/api/calendar/${issued.body.token}.ics`);
    expectError(stale, 404, 'CALENDAR_NOT_FOUND');
    expect((await fetch(regenerated.body.url)).status).toBe(200);

    const revoked = await client.call('DELETE', '/api/members/me/calendar-token', {
      token: member.accessToken,
    });
    expect(revoked.status).toBe(204);
    expectError(
      await client.get<ErrorBody>(`/api/calendar/${regenerated.body.token}.ics`),
      404,
      'CALENDAR_NOT_FOUND',
    );
    expect(
      (await client.get<{ active: boolean }>('/api/members/me/calendar-token', { token: member.accessToken }))
        .body,
    ).toEqual({ active: false, createdAt: null });
  });
  it('drops from the feed the events of a private theme the member was removed from', async () => {
    const member = await newMember(client, `退会 予定${kanjiTag()}`);
    const secret = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('feed-removed'),
      title: '非公開の作業部会',
      visibility: 'private',
    });
    await addToTheme(client, coordinator.accessToken, secret.slug, member.member.id);
    const event = await createEvent(coordinator.accessToken, onlineEvent({ themeId: secret.id }));
    await rsvp(member, event.id, 'going');
    const issued = await client.post<{ url: string }>('/api/members/me/calendar-token', undefined, {
      token: member.accessToken,
    });
    const uids = async () => parseIcs(await (await fetch(issued.body.url)).text()).events.map((e) => e.uid);
    expect(await uids()).toEqual([`${event.id}@127.0.0.1`]);
    const removed = await client.call('DELETE', `/api/themes/${secret.slug}/members/${member.member.id}`, {
      token: coordinator.accessToken,
    });
    expect(removed.status).toBeLessThan(300);
    expect(await uids()).toEqual([]);
  });
});
