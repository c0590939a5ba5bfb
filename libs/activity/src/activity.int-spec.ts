import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { ChatModule, ChatService } from '@app/chat';
import { DomainEventsModule } from '@app/common';
import { APP_CONFIG, ConfigModule, loadConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventsModule, EventsService } from '@app/events';
import { AccountsService, MembersModule } from '@app/members';
import { QueueModule } from '@app/queue';
import { REDIS, RedisModule } from '@app/redis';
import { ThemesModule, ThemesService } from '@app/themes';
import { createMigratedDatabase, uniqueEmail } from '@test/support';
import { ActivityRollup, ROLLUP_SAFETY_MS } from './activity-rollup';
import { ActivityModule } from './activity.module';
import { tokyoDay } from '@app/common';
import { VISIT_KEYS } from './visit-keys';
import { VisitTracker } from './visit-tracker';

describe('Activity: visits and engagement (real PostgreSQL and Redis)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let moduleRef: TestingModule;
  let db: DataSource;
  let redis: Redis;
  let rollup: ActivityRollup;
  let tracker: VisitTracker;
  let chat: ChatService;
  let events: EventsService;
  let coordinator: AuthMember;
  let channelId: string;
  let themeSlug = '';
  let counter = 0;

  async function newMember(name: string, role: 'member' | 'coordinator' = 'member'): Promise<AuthMember> {
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email: uniqueEmail(name), password: 'password-1', displayName: name }, role);
    const caller = { id: member.id, role: member.role };
    // Following is not engagement; it lets them post.
    if (themeSlug) await moduleRef.get(ThemesService).follow(themeSlug, caller);
    return caller;
  }

  const daysOf = async (memberId: string) =>
    db.query<{ day: string; visited: boolean; engaged: boolean }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, visited, engaged FROM activity_days
        WHERE member_id = $1 ORDER BY day`,
      [memberId],
    );
  const engagedDays = async (memberId: string) =>
    (await daysOf(memberId)).filter((row) => row.engaged).map((row) => row.day);
  const pendingOf = async (memberId: string) =>
    (await redis.smembers(VISIT_KEYS.pending)).filter((entry) => entry.endsWith(memberId));
  const send = (member: AuthMember, body: string, parentId?: string) =>
    chat.send(member, { channelId, body, clientMessageId: `a${(counter += 1)}`, parentId });
  const dbNow = async () => (await db.query<{ now: Date }[]>(`SELECT clock_timestamp() AS now`))[0].now;
  /** Visits are written by the api's Redis script asynchronously: wait until it has run. */
  const settle = () => redis.ping();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createMigratedDatabase('activity');
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'test:'}activity:`,
    });
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DomainEventsModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        MembersModule,
        ThemesModule,
        ChatModule,
        EventsModule,
        ActivityModule,
      ],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await moduleRef.init();
    db = moduleRef.get(DataSource);
    redis = moduleRef.get(REDIS);
    rollup = moduleRef.get(ActivityRollup);
    tracker = moduleRef.get(VisitTracker);
    chat = moduleRef.get(ChatService);
    events = moduleRef.get(EventsService);
    coordinator = await newMember('世話役', 'coordinator');
    const themes = moduleRef.get(ThemesService);
    themeSlug = `activity-${Date.now().toString(36)}`;
    await themes.create({ slug: themeSlug, title: '木曽漆器の未来' }, coordinator);
    [{ id: channelId }] = await themes.channels(themeSlug, coordinator);
  });

  afterAll(async () => {
    await redis?.del(VISIT_KEYS.pending, 'activity:engaged-until');
    await moduleRef?.close();
    await database?.drop();
  });

  describe('visits', () => {
    it('records one visit per member and day however many requests, and writes it once', async () => {
      const member = await newMember('訪問者');
      for (let i = 0; i < 50; i += 1) tracker.visited(member.id);
      await settle();
      expect(await pendingOf(member.id)).toEqual([`${tokyoDay(new Date())}|${member.id}`]);

      expect(await rollup.flushVisits()).toBeGreaterThanOrEqual(1);
      expect(await daysOf(member.id)).toEqual([{ day: tokyoDay(new Date()), visited: true, engaged: false }]);
      expect(await pendingOf(member.id)).toEqual([]);

      // Another api process (its own memory) the same day: Redis already has the member, nothing is pending.
      new VisitTracker(redis).visited(member.id);
      tracker.forgetAll();
      tracker.visited(member.id);
      await settle();
      expect(await pendingOf(member.id)).toEqual([]);
    });

    it('counts 23:59 and 00:00 in Tokyo as two days', async () => {
      const member = await newMember('夜更かし');
      tracker.visited(member.id, new Date('2026-12-31T14:59:00.000Z'));
      tracker.visited(member.id, new Date('2026-12-31T14:59:59.999Z'));
      tracker.visited(member.id, new Date('2026-12-31T15:00:00.000Z'));
      await settle();
      expect((await pendingOf(member.id)).sort()).toEqual([
        `2026-12-31|${member.id}`,
        `2027-01-01|${member.id}`,
      ]);
      await rollup.flushVisits();
      expect(await daysOf(member.id)).toEqual([
        { day: '2026-12-31', visited: true, engaged: false },
        { day: '2027-01-01', visited: true, engaged: false },
      ]);
    });

    it('flushes in batches of 1,000 and skips entries of unknown members', async () => {
      const members = await Promise.all([newMember('一'), newMember('二')]);
      const filler = Array.from({ length: 1500 }, (_, i) => {
        const hex = i.toString(16).padStart(12, '0');
        return `2026-06-01|00000000-0000-4000-8000-${hex}`;
      });
      await redis.sadd(VISIT_KEYS.pending, ...filler);
      for (const member of members) tracker.visited(member.id);
      await settle();
      await rollup.flushVisits();
      expect(await redis.scard(VISIT_KEYS.pending)).toBe(0);
      for (const member of members) expect((await daysOf(member.id))[0]).toMatchObject({ visited: true });
    });
  });

  describe('engagement rollup', () => {
    it('marks engaged a message, a reply, a reaction, an RSVP and a check-in, and nothing else', async () => {
      await rollup.rollUp();
      const [author, replier, reactor, rsvper, attendee, bystander] = await Promise.all(
        ['書く人', '返す人', '押す人', '答える人', '来た人', '見る人'].map((name) => newMember(name)),
      );
      const root = await send(author, '漆の塗り直しワークショップ、参加者募集です');
      await send(replier, '行きます！', root.message.id);
      await chat.react(reactor, root.message.id, '👍', true);
      // The coordinator's event is announced in the lounge by a system message: nobody's engagement.
      const event = await events.create(
        {
          title: '木曽漆器まつり',
          startsAt: new Date(Date.now() - 3600_000),
          endsAt: new Date(Date.now() + 3600_000),
          format: 'onsite',
          venueName: '塩尻市民交流センター えんぱーく',
        },
        coordinator,
      );
      await events.rsvp(event.id, { status: 'going' }, rsvper);
      // A walk-in whose RSVP was given long ago: only the check-in is today's.
      await events.rsvp(event.id, { status: 'interested' }, attendee);
      await db.query(
        `UPDATE event_rsvps SET created_at = '2026-01-10T03:00:00Z', answered_at = '2026-01-10T03:00:00Z'
          WHERE event_id = $1 AND member_id = $2`,
        [event.id, attendee.id],
      );
      await events.checkIn(event.id, attendee.id, true, coordinator);
      // Reading, following and visiting are not engagement.
      await chat.markRead(bystander, channelId, Number(root.message.seq));
      tracker.visited(bystander.id);
      await settle();
      await rollup.flushVisits();

      await rollup.rollUp();
      const today = tokyoDay(await dbNow());
      for (const member of [author, replier, reactor, rsvper]) {
        expect(await engagedDays(member.id)).toEqual([today]);
      }
      // The RSVP's day was before the watermark: the rollup does not go back there (the backfill does).
      expect(await engagedDays(attendee.id)).toEqual([today]);
      expect(await engagedDays(bystander.id)).toEqual([]);
      expect(await daysOf(bystander.id)).toEqual([{ day: today, visited: true, engaged: false }]);
      expect(await engagedDays(coordinator.id)).toEqual([]);

      await rollup.backfill();
      expect(await engagedDays(attendee.id)).toEqual(['2026-01-10', today]);
    });

    it('counts a changed RSVP on the day it changed, and not a waitlist promotion', async () => {
      await rollup.rollUp();
      const [changer, promoted] = await Promise.all([newMember('変える人'), newMember('繰り上がる人')]);
      const event = await events.create(
        {
          title: '奈良井宿 朝の散歩',
          startsAt: new Date(Date.now() + 86_400_000),
          endsAt: new Date(Date.now() + 90_000_000),
          format: 'onsite',
          venueName: '奈良井宿',
          capacity: 1,
        },
        coordinator,
      );
      await events.rsvp(event.id, { status: 'interested' }, changer);
      await events.rsvp(event.id, { status: 'going' }, promoted);
      // Both answered on 2026-02-01 (rolled up then), and nothing since.
      await db.query(
        `UPDATE event_rsvps SET created_at = '2026-02-01T03:00:00Z', answered_at = '2026-02-01T03:00:00Z'
          WHERE event_id = $1`,
        [event.id],
      );
      await rollup.backfill();
      // Today the changer says going: the seat is taken, so they are waitlisted; then the other gives it up and
      // the changer is promoted by the waitlist. Only the two members' own answers are theirs.
      await events.rsvp(event.id, { status: 'going' }, changer);
      await db.query(`UPDATE event_rsvps SET answered_at = '2026-02-02T03:00:00Z' WHERE member_id = $1`, [
        changer.id,
      ]);
      await events.rsvp(event.id, { status: 'not_going' }, promoted);
      await rollup.rollUp();
      const today = tokyoDay(await dbNow());
      expect(await engagedDays(promoted.id)).toEqual(['2026-02-01', today]);
      // The promotion today is not the changer's act; their change (moved to 02-02 above) is found by the backfill.
      expect(await engagedDays(changer.id)).toEqual(['2026-02-01']);
      await rollup.backfill();
      expect(await engagedDays(changer.id)).toEqual(['2026-02-01', '2026-02-02']);
    });

    it('is idempotent: running it again, or the backfill, changes nothing', async () => {
      const member = await newMember('繰り返す人');
      await send(member, '二度目も同じ');
      await rollup.rollUp();
      const before = await db.query(`SELECT * FROM activity_days ORDER BY day, member_id`);
      expect(await rollup.rollUp()).toBe(0);
      expect(await rollup.backfill()).toBe(0);
      expect(await db.query(`SELECT * FROM activity_days ORDER BY day, member_id`)).toEqual(before);
    });

    it('catches a row committed after the last rollup but dated inside the safety window', async () => {
      await rollup.rollUp();
      const [late, tooLate] = await Promise.all([newMember('遅れた人'), newMember('ずっと遅れた人')]);
      const lateMessage = await send(late, '長いトランザクションの中で書いた');
      const tooLateMessage = await send(tooLate, 'もっと長いトランザクション');
      // As if their transactions had started (created_at = now()) before the rollup and committed after it.
      const now = await dbNow();
      const lateAt = new Date(now.getTime() - ROLLUP_SAFETY_MS + 60_000);
      const tooLateAt = new Date(now.getTime() - ROLLUP_SAFETY_MS - 60_000);
      await db.query(`UPDATE messages SET created_at = $2 WHERE id = $1`, [lateMessage.message.id, lateAt]);
      await db.query(`UPDATE messages SET created_at = $2 WHERE id = $1`, [
        tooLateMessage.message.id,
        tooLateAt,
      ]);

      await rollup.rollUp();
      expect(await engagedDays(late.id)).toEqual([tokyoDay(lateAt)]);
      // Beyond the window (a transaction open for more than five minutes) the day's re-sweep finds it, once.
      expect(await engagedDays(tooLate.id)).toEqual([]);
      await redis.set('activity:reswept-on', '2026-01-01');
      expect(await rollup.resweep()).toBeGreaterThanOrEqual(1);
      expect(await engagedDays(tooLate.id)).toEqual([tokyoDay(tooLateAt)]);
      expect(await rollup.resweep()).toBe(0);
    });

    it('counts an engagement at 23:59 and at 00:00 in Tokyo on their own days', async () => {
      const [evening, midnight] = await Promise.all([newMember('晩'), newMember('零時')]);
      const a = await send(evening, '大晦日の夜');
      const b = await send(midnight, 'あけましておめでとう');
      await db.query(`UPDATE messages SET created_at = '2025-12-31T14:59:59.999Z' WHERE id = $1`, [
        a.message.id,
      ]);
      await db.query(`UPDATE messages SET created_at = '2025-12-31T15:00:00.000Z' WHERE id = $1`, [
        b.message.id,
      ]);
      await rollup.backfill();
      expect(await engagedDays(evening.id)).toEqual(['2025-12-31']);
      expect(await engagedDays(midnight.id)).toEqual(['2026-01-01']);
    });

    it('starts again from the last engaged day when Redis lost its watermark', async () => {
      await rollup.rollUp();
      const member = await newMember('再開');
      const message = await send(member, 'Redis が再起動した後');
      const at = new Date((await dbNow()).getTime() - 2 * ROLLUP_SAFETY_MS);
      await db.query(`UPDATE messages SET created_at = $2 WHERE id = $1`, [message.message.id, at]);
      await redis.del('activity:engaged-until');
      await rollup.rollUp();
      expect(await engagedDays(member.id)).toEqual([tokyoDay(at)]);
    });
  });
});
