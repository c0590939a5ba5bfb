import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { tokyoDay } from '@app/common';
import { APP_CONFIG, loadConfig } from '@app/config';
import { KpisModule, KpisService, type KpisDto } from '@app/kpis';
import { createMigratedDatabase } from '@test/support';
import { CliModule } from './cli.module';
import { DemoHistory } from './demo-history';
import { DemoSeeder } from './demo-seeder';

/** The first day of the fiscal year (April–March) that `day` is in. */
const fiscalYearStart = (day: string) =>
  `${Number(day.slice(5, 7)) >= 4 ? day.slice(0, 4) : Number(day.slice(0, 4)) - 1}-04-01`;

/** The day three years (less a day) before `day`: the longest range the figures take. */
const threeYearsBefore = (day: string) => {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 3);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

describe('demo:history on a fresh database (real PostgreSQL and Redis)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let moduleRef: TestingModule;
  let db: DataSource;
  let kpis: KpisService;
  let today: string;
  let thisYear: KpisDto;
  let threeYears: KpisDto;

  const counts = async () =>
    (
      await db.query<Record<string, number>[]>(
        `SELECT (SELECT count(*)::int FROM members) AS members,
                (SELECT count(*)::int FROM project_participants) AS participants,
                (SELECT count(*)::int FROM activity_days) AS days,
                (SELECT count(*)::int FROM events) AS events,
                (SELECT count(*)::int FROM event_rsvps) AS rsvps,
                (SELECT count(*)::int FROM digest_deliveries) AS digests,
                (SELECT count(*)::int FROM digest_clicks) AS clicks,
                (SELECT count(*)::int FROM digest_unsubscribes) AS unsubscribes`,
      )
    )[0];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createMigratedDatabase('demo_history');
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX ?? 'test:'}demo-history:`,
    });
    moduleRef = await Test.createTestingModule({ imports: [CliModule, KpisModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .compile();
    await moduleRef.init();
    db = moduleRef.get(DataSource);
    kpis = moduleRef.get(KpisService);
    today = tokyoDay(new Date());
  });

  afterAll(async () => {
    await moduleRef?.close();
    await database?.drop();
  });

  it('refuses to run before demo:seed, whose people and projects it builds on', async () => {
    await expect(moduleRef.get(DemoHistory).add()).rejects.toThrow(/demo:seed/);
  });

  it('adds its people, alumni, days, events and digests once: a second run adds nothing', async () => {
    await moduleRef.get(DemoSeeder).seed();
    const first = await moduleRef.get(DemoHistory).add();
    expect(first.members).toBeGreaterThanOrEqual(60);
    expect(first.participants).toBe(24);
    expect(first.days).toBeGreaterThan(1000);
    expect(first.events).toBeGreaterThanOrEqual(5);
    expect(first.rsvps).toBeGreaterThan(50);
    expect(first.digests).toBeGreaterThan(100);
    const before = await counts();

    const second = await moduleRef.get(DemoHistory).add();
    expect(second).toEqual({ members: 0, participants: 0, days: 0, events: 0, rsvps: 0, digests: 0 });
    expect(await counts()).toEqual(before);

    thisYear = await kpis.all(fiscalYearStart(today), today);
    threeYears = await kpis.all(threeYearsBefore(today), today);
  });

  it('makes this fiscal year and the last three years show their figures (groups of 5 or more)', () => {
    // Involved in every fiscal year of the last three; this one too once it is two weeks old (on April 1st the
    // plan has a single engaged member: the running project's four and today's posts are all there is).
    expect(threeYears.involved.fiscalYears.length).toBeGreaterThanOrEqual(3);
    const fiscalYearAge = (Date.parse(today) - Date.parse(fiscalYearStart(today))) / 86_400_000;
    for (const year of [...threeYears.involved.fiscalYears.slice(0, -1), ...thisYear.involved.fiscalYears]) {
      if (year === thisYear.involved.fiscalYears[0] && fiscalYearAge < 14) continue;
      expect(year.suppressed).toBe(false);
      expect(year.involved).toBeGreaterThanOrEqual(5);
    }
    // Join-month cohorts of several months, alumni of each 2021 project and comebacks.
    expect(threeYears.retention.cohorts.filter((c) => !c.suppressed).length).toBeGreaterThanOrEqual(4);
    const lab = threeYears.alumni.projects.filter((p) => p.title.startsWith('2021年度'));
    expect(lab).toHaveLength(4);
    for (const project of lab) {
      expect(project.participants).toBeGreaterThanOrEqual(5);
      expect([project.m3, project.m6, project.m12]).not.toContain(null);
    }
    expect(threeYears.alumni.overall.suppressed).toBe(false);
    // Over three years, not this fiscal year: in its first days (early April) few can have come back yet.
    expect(threeYears.alumni.reactivations).toBeGreaterThanOrEqual(5);
    // Past events with attendance, no-shows and people who came again; weekly digests with their answers.
    expect(threeYears.events.overall.suppressed).toBe(false);
    expect(threeYears.events.overall.noShows).toBeGreaterThan(0);
    expect(threeYears.events.overall.repeatAttendees).toBeGreaterThanOrEqual(5);
    expect(threeYears.digests.periods.length).toBeGreaterThanOrEqual(10);
    expect(threeYears.digests.periods.every((p) => !p.suppressed && (p.clicked ?? 0) > 0)).toBe(true);
    expect(thisYear.active.mau).toBeGreaterThanOrEqual(5);
  });
});
