import { Client } from 'pg';
import { createMigratedDatabase } from '@test/support';
import { duePeriod } from './digest-period';

/**
 * The period arithmetic used to be SQL; it is TypeScript now (digest-period.ts) so that it can be tested
 * alone. This compares the two on many zones, weekdays, hours and instants, DST changes included.
 */
const ZONES = [
  'Asia/Tokyo',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
];

const POSTGRES = `
  WITH b AS (SELECT $1::timestamptz AT TIME ZONE $2 AS local_now),
  c AS (
    SELECT b.local_now,
           CASE $5 WHEN 'daily' THEN date_trunc('day', b.local_now) + make_interval(hours => $4)
           ELSE date_trunc('day', b.local_now)
                - make_interval(days => (extract(isodow FROM b.local_now)::int - $3 + 7) % 7)
                + make_interval(hours => $4) END AS candidate
      FROM b),
  e AS (
    SELECT CASE WHEN $6 THEN local_now WHEN candidate <= local_now THEN candidate
                ELSE candidate - CASE $5 WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END END AS local_end
      FROM c)
  SELECT to_char(local_end, CASE $5 WHEN 'daily' THEN 'YYYY-MM-DD' ELSE 'IYYY-"W"IW' END) AS key,
         (local_end - CASE $5 WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END) AT TIME ZONE $2 AS start,
         local_end AT TIME ZONE $2 AS "end"
    FROM e`;

describe('duePeriod agrees with the PostgreSQL it replaced', () => {
  let database: { url: string; drop: () => Promise<void> };
  let client: Client;

  beforeAll(async () => {
    database = await createMigratedDatabase('period');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  async function compare(
    zone: string,
    now: Date,
    weekday: number,
    hour: number,
    frequency: 'weekly' | 'daily',
    endsNow: boolean,
  ): Promise<void> {
    const {
      rows: [expected],
    } = await client.query<{ key: string; start: Date; end: Date }>(POSTGRES, [
      now,
      zone,
      weekday,
      hour,
      frequency,
      endsNow,
    ]);
    const actual = duePeriod(
      frequency,
      { timeZone: zone, sendWeekday: weekday, sendHour: hour, joinedAt: new Date(0) },
      now,
      endsNow,
    );
    expect({ zone, now, weekday, hour, frequency, endsNow, ...actual }).toEqual({
      zone,
      now,
      weekday,
      hour,
      frequency,
      endsNow,
      key: expected.key,
      start: expected.start,
      end: expected.end,
    });
  }

  it('at send times a DST change skips or repeats', async () => {
    // Berlin skips 02:00–03:00 on Sunday 2026-03-29; New York repeats 01:00–02:00 on Sunday 2026-11-01.
    await compare('Europe/Berlin', new Date('2026-03-29T06:00:00Z'), 7, 2, 'weekly', false);
    await compare('Europe/Berlin', new Date('2026-03-29T06:00:00Z'), 7, 2, 'daily', false);
    await compare('Europe/Berlin', new Date('2026-04-02T06:00:00Z'), 7, 2, 'weekly', false);
    await compare('America/New_York', new Date('2026-11-01T07:00:00Z'), 7, 1, 'weekly', false);
    await compare('America/New_York', new Date('2026-11-01T05:30:00Z'), 7, 1, 'daily', false);
    await compare('America/New_York', new Date('2026-11-03T12:00:00Z'), 7, 1, 'daily', false);
  });

  it('on 600 random members and instants, weekly and daily, scheduled and admin runs', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Around the DST changes of 2026 in Europe and North America, and across a year end.
    const windows = [
      Date.UTC(2026, 2, 7),
      Date.UTC(2026, 2, 27),
      Date.UTC(2026, 9, 23),
      Date.UTC(2026, 10, 30),
      Date.UTC(2026, 11, 27),
    ];
    for (let i = 0; i < 600; i += 1) {
      const zone = ZONES[Math.floor(random() * ZONES.length)];
      const now = new Date(windows[i % windows.length] + Math.floor(random() * 10 * 86_400_000));
      const weekday = 1 + Math.floor(random() * 7);
      const hour = Math.floor(random() * 24);
      const frequency = random() < 0.5 ? 'weekly' : 'daily';
      const endsNow = random() < 0.2;
      await compare(zone, now, weekday, hour, frequency, endsNow);
    }
  });
});
