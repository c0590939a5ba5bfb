import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { ChatModule, ChatService } from '@app/chat';
import { DomainEventsModule } from '@app/common';
import { APP_CONFIG, ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { MailTemporaryError } from '@app/mail';
import { AccountsService, MembersModule } from '@app/members';
import { QueueModule, QUEUES, digestJobId } from '@app/queue';
import { RedisModule } from '@app/redis';
import { ThemesModule, ThemesService } from '@app/themes';
import { createMigratedDatabase, startSmtpSink, uniqueEmail, type SmtpSink } from '@test/support';
import { DigestContentService } from './digest-content';
import { DigestDeliveryModule } from './digest-delivery.module';
import { DigestScheduler } from './digest-scheduler';
import { DigestSender, unsubscribeUrl } from './digest-sender';
import { DigestUnsubscribeService } from './digest-unsubscribe.service';

describe('Digests (real PostgreSQL, Redis and SMTP)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let sink: SmtpSink;
  let moduleRef: TestingModule;
  let db: DataSource;
  let scheduler: DigestScheduler;
  let sender: DigestSender;
  let themes: ThemesService;
  let chat: ChatService;
  let sendQueue: Queue;
  let coordinator: AuthMember;
  let themeSlug: string;
  let channelId: string;

  async function newMember(
    name: string,
    settings: { locale?: 'ja' | 'en'; timeZone?: string; frequency?: 'weekly' | 'daily' | 'off' } = {},
  ): Promise<AuthMember & { email: string }> {
    const email = uniqueEmail(name);
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email, password: 'password-1', displayName: name }, 'member');
    // Members who joined after a period ended are not due for it: these joined a month ago.
    await db.query(
      `UPDATE members SET created_at = now() - interval '30 days', locale = $2, time_zone = $3, digest_frequency = $4
        WHERE id = $1`,
      [member.id, settings.locale ?? 'ja', settings.timeZone ?? 'Asia/Tokyo', settings.frequency ?? 'weekly'],
    );
    return { id: member.id, role: member.role, email };
  }

  const rowOf = async (memberId: string) =>
    (
      await db.query<{ period: string; status: string; error: string | null }[]>(
        `SELECT period, status, error FROM digest_deliveries WHERE member_id = $1 ORDER BY created_at`,
        [memberId],
      )
    )[0];
  const mailsTo = (email: string) =>
    sink.messages.filter((message) => message.to.includes(email.toLowerCase()));

  /**
   * Makes the member due now (send time = the start of this hour) and enqueues; returns the period.
   * The period ends at the send time, so what the test just wrote is moved back two hours into it.
   */
  async function enqueueNow(memberId: string): Promise<string> {
    for (const table of ['messages', 'theme_follows']) {
      await db.query(
        `UPDATE ${table} SET created_at = created_at - interval '2 hours' WHERE created_at > now() - interval '1 hour'`,
      );
    }
    await db.query(
      `UPDATE members SET digest_weekday = extract(isodow FROM now() AT TIME ZONE time_zone),
              digest_hour = extract(hour FROM now() AT TIME ZONE time_zone) WHERE id = $1`,
      [memberId],
    );
    await scheduler.tick();
    const row = await rowOf(memberId);
    expect(row).toMatchObject({ status: 'queued' });
    return row.period;
  }

  let config: AppConfig;

  /** What a worker process has: its own connections to PostgreSQL, Redis and SMTP, its own sender. */
  async function workerModule(): Promise<TestingModule> {
    const ref = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DomainEventsModule,
        DatabaseModule,
        RedisModule,
        QueueModule,
        MembersModule,
        ThemesModule,
        ChatModule,
        DigestDeliveryModule,
      ],
    })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await ref.init();
    return ref;
  }

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createMigratedDatabase('digest');
    sink = await startSmtpSink();
    config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      SMTP_URL: sink.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'test:'}digest:`,
      MAIL_BOUNCE_LIMIT: '2',
    });
    moduleRef = await workerModule();
    db = moduleRef.get(DataSource);
    scheduler = moduleRef.get(DigestScheduler);
    sender = moduleRef.get(DigestSender);
    themes = moduleRef.get(ThemesService);
    chat = moduleRef.get(ChatService);
    sendQueue = moduleRef.get<Queue>(getQueueToken(QUEUES.digestSend));
    coordinator = await newMember('コーディネーター');
    await db.query(`UPDATE members SET role = 'coordinator', digest_frequency = 'off' WHERE id = $1`, [
      coordinator.id,
    ]);
    coordinator.role = 'coordinator';
  });

  // A theme per test: a theme's activity in a window is computed once and shared, so tests that move
  // activity back into an already summarised window must not share one.
  let themeCount = 0;
  beforeEach(async () => {
    themeSlug = `digest-${Date.now().toString(36)}-${(themeCount += 1)}`;
    await themes.create({ slug: themeSlug, title: 'アーティスト・イン・レジデンス' }, coordinator);
    [{ id: channelId }] = await themes.channels(themeSlug, coordinator);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await sink?.close();
    await database?.drop();
  });

  let counter = 0;
  const post = (member: AuthMember, body: string, parentId?: string) =>
    chat.send(member, { channelId, body, clientMessageId: `d${(counter += 1)}`, parentId });

  it('enqueues a due member once per period, whoever ticks and however often', async () => {
    const member = await newMember('週刊さん');
    await themes.follow(themeSlug, member);
    const period = await enqueueNow(member.id);
    expect(period).toMatch(/^\d{4}-W\d{2}$/);
    await scheduler.tick();
    await scheduler.enqueueDue((await scheduler.runs(1))[0].id, 'weekly', true);
    const rows = await db.query(`SELECT 1 FROM digest_deliveries WHERE member_id = $1`, [member.id]);
    expect(rows).toHaveLength(1);
    expect(await sendQueue.getJob(digestJobId(member.id, period))).toBeDefined();
  });

  it("finds each member's latest send time in their own zone: weekday, hour, DST-free offsets", async () => {
    const weekly = await newMember('LA', { timeZone: 'America/Los_Angeles' });
    const daily = await newMember('Kolkata', { timeZone: 'Asia/Kolkata', frequency: 'daily' });
    // Weekly: tomorrow's weekday at 00:00 local, so the latest one was six days and some hours ago.
    await db.query(
      `UPDATE members SET digest_weekday = extract(isodow FROM now() AT TIME ZONE time_zone + interval '1 day'),
              digest_hour = 0 WHERE id = $1`,
      [weekly.id],
    );
    // Daily: the coming hour, so the latest one was yesterday.
    await db.query(
      `UPDATE members SET digest_hour = extract(hour FROM now() AT TIME ZONE time_zone + interval '1 hour')
        WHERE id = $1`,
      [daily.id],
    );
    await scheduler.tick();
    const rows = await db.query<
      {
        member_id: string;
        period: string;
        expected: string;
        local_end: Date;
        ago_hours: number;
        length_hours: number;
      }[]
    >(
      `SELECT d.member_id, d.period,
              to_char(d.period_end AT TIME ZONE m.time_zone,
                      CASE d.frequency WHEN 'daily' THEN 'YYYY-MM-DD' ELSE 'IYYY-"W"IW' END) AS expected,
              (extract(epoch FROM now() - d.period_end) / 3600)::float8 AS ago_hours,
              (extract(epoch FROM d.period_end - d.period_start) / 3600)::int AS length_hours,
              extract(isodow FROM d.period_end AT TIME ZONE m.time_zone)::int AS dow,
              extract(hour FROM d.period_end AT TIME ZONE m.time_zone)::int AS hour,
              extract(minute FROM d.period_end AT TIME ZONE m.time_zone)::int AS minute,
              m.digest_weekday, m.digest_hour
         FROM digest_deliveries d JOIN members m ON m.id = d.member_id
        WHERE d.member_id = ANY($1)`,
      [[weekly.id, daily.id]],
    );
    const byMember = new Map(rows.map((row) => [row.member_id, row as Record<string, unknown>]));
    const w = byMember.get(weekly.id);
    const d = byMember.get(daily.id);
    expect(w).toMatchObject({ period: w?.expected, hour: 0, minute: 0, length_hours: 168 });
    expect(w?.dow).toBe(w?.digest_weekday);
    expect(Number(w?.ago_hours)).toBeGreaterThan(6 * 24);
    expect(Number(w?.ago_hours)).toBeLessThanOrEqual(7 * 24);
    expect(d).toMatchObject({ period: d?.expected, minute: 0, length_hours: 24 });
    expect(d?.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d?.hour).toBe(d?.digest_hour);
    expect(Number(d?.ago_hours)).toBeGreaterThan(23);
    expect(Number(d?.ago_hours)).toBeLessThanOrEqual(24);
  });

  it('does not enqueue members who turned digests off or whose address bounced', async () => {
    const off = await newMember('オフ', { frequency: 'off' });
    const bounced = await newMember('バウンス');
    await db.query(`UPDATE members SET mail_undeliverable_at = now() WHERE id = $1`, [bounced.id]);
    await scheduler.tick();
    expect(await rowOf(off.id)).toBeUndefined();
    expect(await rowOf(bounced.id)).toBeUndefined();
  });

  it("sends the week's threads, new members and mentions once, escaped, and never a deleted message", async () => {
    const reader = await newMember('読者');
    const [a, b, c] = await Promise.all([newMember('田中'), newMember('佐藤'), newMember('鈴木')]);
    for (const m of [reader, a, b, c]) await themes.follow(themeSlug, m);
    const { message: root } = await post(a, '塩尻の漆器を使った滞在プログラムの案 <script>alert(1)</script>');
    await post(b, 'いいですね！', root.id);
    await post(c, `@読者 さんも一緒にどうですか`, root.id);
    const { message: gone } = await post(b, '消されるメッセージ');
    await chat.delete(b, gone.id);
    const period = await enqueueNow(reader.id);

    expect(await sender.deliver({ memberId: reader.id, period }, false)).toBe('sent');
    expect(await sender.deliver({ memberId: reader.id, period }, false)).toBe('not-queued');
    const mails = mailsTo(reader.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toMatch(/^塩尻サロン 週間ダイジェスト \d{1,2}\/\d{1,2}〜\d{1,2}\/\d{1,2}$/);
    expect(mail.text).toContain('塩尻の漆器を使った滞在プログラムの案');
    expect(mail.text).toContain('3 人・3 件');
    expect(mail.text).toContain('あなたへのメンション（未読 1 件）');
    expect(mail.text).toMatch(/新しく参加した人: .*田中/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text + mail.html).not.toContain('消されるメッセージ');
    // Unfolded header lines (a long URL is folded onto the next line).
    const headers = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(
      /^List-Unsubscribe: <http:\/\/[^>]+\/api\/digests\/unsubscribe\?token=[^>]+>\r?$/m,
    );
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(await rowOf(reader.id)).toMatchObject({ status: 'sent' });
  });

  it('writes in English for locale en, with dates in the member’s zone', async () => {
    const member = await newMember('Alex', { locale: 'en', timeZone: 'Europe/Berlin' });
    await themes.follow(themeSlug, member);
    await post(coordinator, 'Welcome to the salon, everyone');
    const period = await enqueueNow(member.id);
    expect(await sender.deliver({ memberId: member.id, period }, false)).toBe('sent');
    const [mail] = mailsTo(member.email);
    expect(mail.subject).toMatch(/^Shiojiri Salon weekly digest: \d{1,2}(–\d{1,2})? [A-Z][a-z]{2}/);
    expect(mail.text).toContain('Themes you follow');
  });

  it('records a member with nothing to read as skipped and sends nothing', async () => {
    const member = await newMember('静かな人');
    const quiet = `quiet-${Date.now().toString(36)}`;
    await themes.create({ slug: quiet, title: '静かなテーマ' }, coordinator);
    await themes.follow(quiet, member);
    // Their follow is news to the other followers, not to themselves.
    const period = await enqueueNow(member.id);
    expect(await sender.deliver({ memberId: member.id, period }, false)).toBe('skipped');
    expect(mailsTo(member.email)).toHaveLength(0);
  });

  it('never sends twice when the job fails after SMTP accepted the mail', async () => {
    const member = await newMember('クラッシュ');
    await themes.follow(themeSlug, member);
    await post(coordinator, 'クラッシュテスト用の投稿');
    const period = await enqueueNow(member.id);
    // A real failure between the SMTP accept and the final update: the database refuses it.
    await db.query(`
      CREATE OR REPLACE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'simulated crash before recording the send'; END $$`);
    await db.query(`
      CREATE TRIGGER refuse_sent BEFORE UPDATE ON digest_deliveries
        FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()`);
    try {
      await expect(sender.deliver({ memberId: member.id, period }, false)).rejects.toThrow(/simulated crash/);
    } finally {
      await db.query(`DROP TRIGGER refuse_sent ON digest_deliveries`);
    }
    expect(mailsTo(member.email)).toHaveLength(1);
    expect(await rowOf(member.id)).toMatchObject({ status: 'sending' });

    // BullMQ retries the job: the row is no longer queued, so nothing is sent again.
    expect(await sender.deliver({ memberId: member.id, period }, false)).toBe('not-queued');
    expect(mailsTo(member.email)).toHaveLength(1);

    // Later the scheduler closes it as failed (unknown outcome), and never enqueues that period again.
    await db.query(
      `UPDATE digest_deliveries SET updated_at = now() - interval '1 hour' WHERE member_id = $1`,
      [member.id],
    );
    await scheduler.tick();
    expect(await rowOf(member.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^INTERRUPTED/),
    });
    expect(mailsTo(member.email)).toHaveLength(1);
  });

  it('gives the row back for a retry on a temporary SMTP failure', async () => {
    const member = await newMember('一時エラー');
    await themes.follow(themeSlug, member);
    await post(coordinator, '一時エラーのテスト');
    const period = await enqueueNow(member.id);
    sink.failNextWith(451, 'try again later');
    await expect(sender.deliver({ memberId: member.id, period }, false)).rejects.toBeInstanceOf(
      MailTemporaryError,
    );
    expect(await rowOf(member.id)).toMatchObject({ status: 'queued' });
    expect(await sender.deliver({ memberId: member.id, period }, false)).toBe('sent');
    expect(mailsTo(member.email)).toHaveLength(1);
  });

  it('marks an address undeliverable after repeated permanent refusals and stops its digests', async () => {
    const member = await newMember('宛先不明');
    await themes.follow(themeSlug, member);
    await post(coordinator, 'バウンスのテスト');
    for (let i = 0; i < 2; i++) {
      await db.query(`DELETE FROM digest_deliveries WHERE member_id = $1`, [member.id]);
      const period = await enqueueNow(member.id);
      sink.failNextWith(550, 'no such user');
      await expect(sender.deliver({ memberId: member.id, period }, false)).rejects.toThrow(/no such user/);
      expect(await rowOf(member.id)).toMatchObject({ status: 'failed' });
    }
    const [state] = await db.query<{ mail_undeliverable_at: Date | null }[]>(
      `SELECT mail_undeliverable_at FROM members WHERE id = $1`,
      [member.id],
    );
    expect(state.mail_undeliverable_at).toBeInstanceOf(Date);
    await db.query(`DELETE FROM digest_deliveries WHERE member_id = $1`, [member.id]);
    await scheduler.tick();
    expect(await rowOf(member.id)).toBeUndefined();
  });

  it('runs a period for everyone at once for an admin and reports progress', async () => {
    const members = await Promise.all([newMember('管理1'), newMember('管理2')]);
    for (const m of members) await themes.follow(themeSlug, m);
    await post(coordinator, '管理者実行のテスト');
    const run = await scheduler.startAdminRun('weekly', coordinator.id);
    expect(run).toMatchObject({ frequency: 'weekly', trigger: 'admin', enqueued: 0, enqueuingDone: false });
    const enqueued = await scheduler.enqueueDue(run.id, 'weekly', true);
    expect(enqueued).toBeGreaterThanOrEqual(2);
    for (const m of members) {
      const row = await rowOf(m.id);
      await sender.deliver({ memberId: m.id, period: row.period }, false);
    }
    const [progress] = await scheduler.runs(1, run.id);
    expect(progress).toMatchObject({ enqueued, enqueuingDone: true });
    expect(progress.sent).toBeGreaterThanOrEqual(2);
    expect(progress.sent + progress.skipped + progress.failed + progress.pending).toBe(enqueued);
  });

  it('sends once when the same job runs twice at once in one worker', async () => {
    const member = await newMember('二重');
    await themes.follow(themeSlug, member);
    await post(coordinator, '同じジョブが二度走るテスト');
    const period = await enqueueNow(member.id);
    // Both claims go to the database in one statement.
    const outcomes = await Promise.all([
      sender.deliver({ memberId: member.id, period }, false),
      sender.deliver({ memberId: member.id, period }, false),
    ]);
    expect(outcomes.sort()).toEqual(['not-queued', 'sent']);
    expect(mailsTo(member.email)).toHaveLength(1);
  });

  it('never sends a member two digests when two workers send the same run at once', async () => {
    const members = await Promise.all(Array.from({ length: 24 }, (_, i) => newMember(`並行${i}`)));
    for (const m of members) await themes.follow(themeSlug, m);
    await post(coordinator, '二つのワーカーで送るテスト');
    const run = await scheduler.startAdminRun('weekly', coordinator.id);
    await scheduler.enqueueDue(run.id, 'weekly', true);
    const jobs = await Promise.all(
      members.map(async (m) => ({ memberId: m.id, period: (await rowOf(m.id)).period })),
    );
    // A second process: its own connections and its own sender. Each sender claims several members per
    // statement; a third of the members are given to both at once.
    const second = await workerModule();
    try {
      const other = second.get(DigestSender);
      const mineJobs = jobs.slice(0, 16);
      const theirJobs = jobs.slice(8).reverse();
      const [mine, theirs] = await Promise.all([
        Promise.all(mineJobs.map((job) => sender.deliver(job, false))),
        Promise.all(theirJobs.map((job) => other.deliver(job, false))),
      ]);
      const outcomes = new Map<string, string[]>();
      [
        ...mineJobs.map((job, i) => [job, mine[i]] as const),
        ...theirJobs.map((job, i) => [job, theirs[i]] as const),
      ].forEach(([job, outcome]) =>
        outcomes.set(job.memberId, [...(outcomes.get(job.memberId) ?? []), outcome]),
      );
      for (const m of members) {
        expect(outcomes.get(m.id)?.filter((outcome) => outcome === 'sent')).toEqual(['sent']);
        expect(mailsTo(m.email)).toHaveLength(1);
        expect(await rowOf(m.id)).toMatchObject({ status: 'sent' });
      }
      // The members given to both: one sent, the other found the row taken.
      for (const job of jobs.slice(8, 16))
        expect(outcomes.get(job.memberId)?.sort()).toEqual(['not-queued', 'sent']);
    } finally {
      await second.close();
    }
  });

  it('unsubscribes with the signed link, for that member only', async () => {
    const member = await newMember('解除');
    const unsubscribe = moduleRef.get(DigestUnsubscribeService);
    const token =
      new URL(unsubscribeUrl(moduleRef.get(APP_CONFIG), member.id)).searchParams.get('token') ?? '';
    expect(await unsubscribe.choicesPage(token)).toContain('配信を停止する');
    await unsubscribe.apply(token, undefined);
    const [row] = await db.query<{ digest_frequency: string }[]>(
      `SELECT digest_frequency FROM members WHERE id = $1`,
      [member.id],
    );
    expect(row.digest_frequency).toBe('off');
    expect(() => unsubscribe.memberFor(`${token}x`)).toThrow(/not valid/);
  });

  it("leaves my own posts out of the week's conversations, and shows what others wrote", async () => {
    const writer = await newMember('書き手');
    const reader = await newMember('読み手');
    await themes.follow(themeSlug, writer);
    await themes.follow(themeSlug, reader);
    const mine = await post(writer, '一人で書いた話');
    await post(writer, '続き', mine.message.id);
    const theirs = await post(reader, '読み手の話');
    const content = moduleRef.get(DigestContentService);
    const window = [new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000)] as const;

    const forWriter = (await content.build(writer.id, ...window))?.themes.find((t) => t.slug === themeSlug);
    expect(forWriter?.messageCount).toBe(1);
    expect(forWriter?.hotThreads.map((thread) => thread.messageId)).toEqual([theirs.message.id]);
    const forReader = (await content.build(reader.id, ...window))?.themes.find((t) => t.slug === themeSlug);
    expect(forReader?.messageCount).toBe(2);
    expect(forReader?.hotThreads.map((thread) => thread.messageId)).toEqual([mine.message.id]);
  });

  it('tells me of the events I am going to in themes I do not follow', async () => {
    const member = await newMember('参加者');
    const [theme] = await db.query<{ id: string }[]>(`SELECT id FROM themes WHERE slug = $1`, [themeSlug]);
    const [going, other] = await db.query<{ id: string }[]>(
      `INSERT INTO events (title, starts_at, ends_at, format, theme_id)
       VALUES ('参加する勉強会', now() + interval '3 days', now() + interval '3 days 2 hours', 'online', $1),
              ('関係ない勉強会', now() + interval '4 days', now() + interval '4 days 2 hours', 'online', $1)
       RETURNING id`,
      [theme.id],
    );
    await db.query(`INSERT INTO event_rsvps (event_id, member_id, status) VALUES ($1, $2, 'going')`, [
      going.id,
      member.id,
    ]);
    const content = await moduleRef
      .get(DigestContentService)
      .build(member.id, new Date(Date.now() - 3600_000), new Date());
    const ids = content?.events.map((event) => event.id) ?? [];
    expect(ids).toContain(going.id);
    expect(ids).not.toContain(other.id);
    await db.query(`DELETE FROM events WHERE id = ANY($1::uuid[])`, [[going.id, other.id]]);
  });

  it('offers every other frequency on the page, and turns a digest that is off back on', async () => {
    const member = await newMember('再開');
    const unsubscribe = moduleRef.get(DigestUnsubscribeService);
    const token =
      new URL(unsubscribeUrl(moduleRef.get(APP_CONFIG), member.id)).searchParams.get('token') ?? '';
    const weeklyPage = await unsubscribe.choicesPage(token);
    expect(weeklyPage).toContain('毎日受け取る');
    expect(weeklyPage).toContain('配信を停止する');
    expect(weeklyPage).not.toContain('週に1回受け取る');

    const offPage = await unsubscribe.apply(token, undefined);
    expect(offPage).toContain('ダイジェストの配信を停止しました');
    expect(offPage).toContain('週に1回受け取る');
    expect(offPage).toContain('毎日受け取る');

    expect(await unsubscribe.apply(token, 'weekly')).toContain('「週に1回」に変更しました');
    const [row] = await db.query<{ digest_frequency: string }[]>(
      `SELECT digest_frequency FROM members WHERE id = $1`,
      [member.id],
    );
    expect(row.digest_frequency).toBe('weekly');
  });

  it('refuses a link whose token is not one string (?token=a&token=b)', () => {
    const unsubscribe = moduleRef.get(DigestUnsubscribeService);
    for (const token of [['a', 'b'], undefined, '', { a: 1 }]) {
      expect(() => unsubscribe.memberFor(token)).toThrow(
        expect.objectContaining({ code: 'INVALID_LINK_TOKEN' }) as Error,
      );
    }
  });

  it('starts a window at the previous digest, so nothing is told twice', async () => {
    const member = await newMember('連続');
    await themes.follow(themeSlug, member);
    await post(coordinator, '前回のダイジェストに載った話');
    const first = await enqueueNow(member.id);
    await sender.deliver({ memberId: member.id, period: first }, false);
    expect(mailsTo(member.email)[0].text).toContain('前回のダイジェストに載った話');

    // The next period: its nominal start lies before the previous digest's end.
    await post(coordinator, 'その後の新しい話');
    await db.query(
      `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end)
       VALUES ($1, '2099-W01', 'weekly', now() - interval '7 days', now() + interval '1 minute')`,
      [member.id],
    );
    expect(await sender.deliver({ memberId: member.id, period: '2099-W01' }, false)).toBe('sent');
    const second = mailsTo(member.email)[1];
    expect(second.text).toContain('その後の新しい話');
    expect(second.text).not.toContain('前回のダイジェストに載った話');
  });
});
