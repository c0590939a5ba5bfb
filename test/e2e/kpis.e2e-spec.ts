import { Client } from 'pg';
import { createMigratedDatabase } from '@test/support';
import type { ErrorBody } from './api-types';
import { createTheme, uniqueSlug } from './chat-client';
import { kanjiTag, newMember, promote, startSalon, type Salon, type SignedUp } from './fixture';
import { expectError, fieldProblems, type ApiClient } from './http';

/**
 * GET /api/admin/kpis and /api/admin/kpis.csv on a database of their own (the figures count every member),
 * on a small data set written here with SQL, whose right answers are worked out by hand below.
 *
 * The main range R is 2024-04-01 … 2025-05-20 (Asia/Tokyo days): fiscal year 2024 whole, 2025 cut at May 20.
 */
const FROM = '2024-04-01';
const TO = '2025-05-20';

interface Kpis {
  from: string;
  to: string;
  involved: { fiscalYears: Record<string, unknown>[] };
  active: Record<string, unknown> & { series: Record<string, unknown>[] };
  retention: { cohorts: Record<string, unknown>[] };
  alumni: {
    overall: Record<string, unknown>;
    projects: Record<string, unknown>[];
    reactivations: number | null;
  };
  events: { overall: Record<string, unknown>; items: Record<string, unknown>[] };
  digests: { periods: Record<string, unknown>[] };
}

let database: { url: string; drop: () => Promise<void> };
let salon: Salon;
let client: ApiClient;
let db: Client;
let admin: SignedUp;
let coordinator: SignedUp;
let member: SignedUp;

/** The ids of the members written below, by name. */
const ids: Record<string, string> = {};
const projects: Record<string, string> = {};
const events: Record<string, string> = {};

async function addMember(name: string, createdAt = '2023-01-15T03:00:00Z'): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO members (email, password_hash, display_name, created_at)
     VALUES ($1, 'x', $2, $3) RETURNING id`,
    [`kpi-${name.toLowerCase()}-${Date.now()}@example.test`, `${name} ${kanjiTag()}`, createdAt],
  );
  ids[name] = rows[0].id;
}

/** An activity day; engaged days are visits too (as the app records them). */
async function day(name: string, on: string, engaged: boolean): Promise<void> {
  await db.query(`INSERT INTO activity_days (day, member_id, visited, engaged) VALUES ($1, $2, true, $3)`, [
    on,
    ids[name],
    engaged,
  ]);
}

async function addProject(key: string, themeId: string, startsOn: string, endsOn: string, people: string[]) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO projects (theme_id, title, starts_on, ends_on, status) VALUES ($1, $2, $3, $4, 'ended') RETURNING id`,
    [themeId, `プロジェクト ${key}`, startsOn, endsOn],
  );
  projects[key] = rows[0].id;
  for (const name of people) {
    await db.query(
      `INSERT INTO project_participants (project_id, member_id, role) VALUES ($1, $2, 'side_job_professional')`,
      [rows[0].id, ids[name]],
    );
  }
}

async function addEvent(
  key: string,
  title: string,
  startsAt: string,
  rsvps: { going?: string[]; checkedIn?: string[]; interested?: string[] },
  status = 'scheduled',
) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO events (title, starts_at, ends_at, format, status)
     VALUES ($1, $2, $2::timestamptz + interval '2 hours', 'onsite', $3) RETURNING id`,
    [title, startsAt, status],
  );
  events[key] = rows[0].id;
  for (const name of rsvps.going ?? []) {
    const checkedIn = rsvps.checkedIn?.includes(name) ? startsAt : null;
    await db.query(
      `INSERT INTO event_rsvps (event_id, member_id, status, checked_in_at) VALUES ($1, $2, 'going', $3)`,
      [rows[0].id, ids[name], checkedIn],
    );
  }
  for (const name of rsvps.interested ?? []) {
    await db.query(`INSERT INTO event_rsvps (event_id, member_id, status) VALUES ($1, $2, 'interested')`, [
      rows[0].id,
      ids[name],
    ]);
  }
}

async function delivery(name: string, period: string, periodEnd: string, sentAt: string, status = 'sent') {
  await db.query(
    `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status, updated_at)
     VALUES ($1, $2, 'weekly', $3::timestamptz - interval '7 days', $3, $4, $5)`,
    [ids[name], period, periodEnd, status, sentAt],
  );
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

beforeAll(async () => {
  database = await createMigratedDatabase('kpis');
  salon = await startSalon({
    tag: 'kpis',
    env: { DATABASE_URL: database.url, LOGIN_RATE_LIMIT_PER_IP: '1000' },
  });
  client = salon.client;
  // These three join now (outside every range asked below) and have no activity: they change no figure.
  [admin, coordinator, member] = await Promise.all([
    newMember(client, `管理 者${kanjiTag()}`),
    newMember(client, `調整 役${kanjiTag()}`),
    newMember(client, `一般 会員${kanjiTag()}`),
  ]);
  admin = await promote(client, admin, 'admin', salon.env);
  coordinator = await promote(client, coordinator, 'coordinator', salon.env);
  db = new Client({ connectionString: database.url });
  await db.connect();

  // --- Members -----------------------------------------------------------------------------------------
  // Everyone joined on 2023-01-15 (a month outside R) except the cohorts:
  // X1 joined 2024-04-30 23:00 Tokyo (14:00Z) → cohort 2024-04 (size 1);
  // J1 joined 2024-05-01 01:00 Tokyo (2024-04-30T16:00Z) → cohort 2024-05, with J2–J6 (size 6);
  // K1 joined 2024-06-01 00:30 Tokyo (2024-05-31T15:30Z) → cohort 2024-06, with K2–K4 (size 4).
  await addMember('X1', '2024-04-30T14:00:00Z');
  await addMember('J1', '2024-04-30T16:00:00Z');
  for (const name of names('J', 6).slice(1)) await addMember(name, '2024-05-15T03:00:00Z');
  await addMember('K1', '2024-05-31T15:30:00Z');
  for (const name of names('K', 4).slice(1)) await addMember(name, '2024-06-10T03:00:00Z');
  for (const name of [
    'B1',
    'B2',
    ...names('P', 5),
    ...names('Q', 4),
    'R1',
    'R2',
    'R3',
    'R4',
    ...names('V', 10),
  ]) {
    await addMember(name);
  }

  // --- Projects ----------------------------------------------------------------------------------------
  const theme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('kpi'),
    title: '数字の確認',
  });
  // A: 2023-10-01 … 2024-04-15 (fiscal years 2023 and 2024), 5 participants P1–P5.
  await addProject('A', theme.id, '2023-10-01', '2024-04-15', names('P', 5));
  // B: 2024-05-01 … 2024-06-30 (fiscal year 2024), 4 participants Q1–Q4.
  await addProject('B', theme.id, '2024-05-01', '2024-06-30', names('Q', 4));
  // C: 2025-04-01 … 2025-09-30, still running at `to`: J5 takes part (fiscal year 2025), not an ended project.
  await addProject('C', theme.id, '2025-04-01', '2025-09-30', ['J5']);

  // --- Activity days (engaged = true, or a visit only) ------------------------------------------------
  await day('B1', '2024-03-31', true); // fiscal year 2023 (the April boundary) …
  await day('B1', '2024-04-01', true); // … and 2024
  await day('B2', '2025-03-31', true); // fiscal year 2024 …
  await day('B2', '2025-04-01', true); // … and 2025
  await day('J1', '2024-06-10', true);
  await day('J1', '2024-08-01', true);
  await day('J1', '2024-11-30', true); // 121 days after 08-01: a reactivation
  await day('J1', '2025-05-02', true); // 153 days after 11-30: J1 again (counted once)
  await day('J2', '2024-06-10', true);
  await day('J2', '2024-11-30', true); // 173 days after 06-10: a reactivation
  await day('J3', '2024-06-10', true);
  await day('J4', '2024-06-01', true);
  await day('J4', '2024-06-02', true);
  await day('P1', '2024-07-15', true);
  await day('P1', '2024-10-01', true); // 78 days: not a reactivation
  await day('P2', '2024-07-15', true);
  await day('Q1', '2024-09-10', true);
  await day('R1', '2023-12-01', true);
  await day('R1', '2024-04-05', true); // 126 days, the previous one before from − 91: a reactivation
  await day('R2', '2024-01-05', true);
  await day('R2', '2024-04-04', true); // exactly 90 days: not a reactivation
  await day('R3', '2024-01-04', true);
  await day('R3', '2024-04-04', true); // 91 days: a reactivation
  await day('R4', '2022-05-01', true);
  await day('R4', '2025-05-20', true); // years later, on `to`: a reactivation
  for (const name of names('V', 6)) await day(name, '2025-05-20', false);
  await day('V7', '2025-05-14', false); // in the week ending on `to`
  await day('V8', '2025-05-13', false); // in the 30 days, not the week
  await day('V9', '2025-04-21', false); // the first of the 30 days
  await day('V10', '2025-04-20', false); // the day before them

  // --- Events ------------------------------------------------------------------------------------------
  // Out of R: 2024-03-31 23:30 Tokyo.
  await addEvent('before', '範囲の前', '2024-03-31T14:30:00Z', {
    going: names('V', 6),
    checkedIn: names('V', 6),
  });
  // 2024-04-01 00:30 Tokyo: 4 going, 2 checked in → withheld.
  await addEvent('early', '新年度の集い', '2024-03-31T15:30:00Z', {
    going: ['P1', 'J1', 'J2', 'J3'],
    checkedIn: ['P1', 'J1'],
  });
  // 2024-07-01 19:00 Tokyo: 6 going, 4 checked in (P1, P2, Q1, J1), 1 interested.
  await addEvent('summer', '交流会, 夏', '2024-07-01T10:00:00Z', {
    going: ['P1', 'P2', 'Q1', 'J1', 'J2', 'J3'],
    checkedIn: ['P1', 'P2', 'Q1', 'J1'],
    interested: ['V1'],
  });
  // Cancelled: never counted.
  await addEvent('cancelled', '中止', '2024-08-01T10:00:00Z', { going: names('V', 6) }, 'cancelled');
  // 2025-05-20 21:00 Tokyo: V1–V5 going and checked in.
  await addEvent('may', '五月の会', '2025-05-20T12:00:00Z', {
    going: names('V', 5),
    checkedIn: names('V', 5),
  });

  // --- Digests -----------------------------------------------------------------------------------------
  // 2025-W20 ends 2025-05-19 00:00 Tokyo (in R). V1–V5 sent 05-19 08:00 Tokyo: 72 hours reach 05-22 08:00,
  // so the visit on 05-20 counts; V6 sent 05-16 08:00 Tokyo: 72 hours end 05-19 08:00, before their visit.
  for (const name of names('V', 5))
    await delivery(name, '2025-W20', '2025-05-18T15:00:00Z', '2025-05-18T23:00:00Z');
  await delivery('V6', '2025-W20', '2025-05-18T15:00:00Z', '2025-05-15T23:00:00Z');
  await delivery('V7', '2025-W20', '2025-05-18T15:00:00Z', '2025-05-18T23:00:00Z', 'skipped');
  // V7's digest was skipped: a click on it is never recorded (digest-responses.int-spec.ts), so there is none.
  await db.query(
    `INSERT INTO digest_clicks (member_id, period, clicks) VALUES ($1, '2025-W20', 3), ($2, '2025-W20', 1)`,
    [ids.V1, ids.V2],
  );
  await db.query(`INSERT INTO digest_unsubscribes (member_id, period) VALUES ($1, '2025-W20'), ($2, NULL)`, [
    ids.V3,
    ids.V4,
  ]);
  // 2025-W10 (ends 2025-03-03 00:00 Tokyo): sent to 4 → withheld.
  for (const name of ['J1', 'J2', 'J3', 'J4'])
    await delivery(name, '2025-W10', '2025-03-02T15:00:00Z', '2025-03-02T23:00:00Z');
  // 2024-W13 ends 2024-03-31T14:00Z = 2024-03-31 23:00 Tokyo: before R, not listed.
  for (const name of names('V', 6))
    await delivery(name, '2024-W13', '2024-03-31T14:00:00Z', '2024-03-31T23:00:00Z');
}, 120_000);

afterAll(async () => {
  await db?.end();
  await salon?.stop();
  await database?.drop();
});

function kpis(query: string, token = coordinator.accessToken) {
  return client.get<Kpis & ErrorBody>(`/api/admin/kpis?${query}`, { token });
}

async function figures(from = FROM, to = TO): Promise<Kpis> {
  const reply = await kpis(`from=${from}&to=${to}`);
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('GET /api/admin/kpis: the figures', () => {
  it('counts the involved per fiscal year, the April boundary and the new ones', async () => {
    const body = await figures();
    expect(body).toMatchObject({ from: FROM, to: TO });
    // FY2024 (2024-04-01 … 2025-03-31): engaged B1 B2 J1 J2 J3 J4 P1 P2 Q1 R1 R2 R3 (12) + project A's P3 P4 P5
    // (A overlaps it) + project B's Q2 Q3 Q4 = 18. New: B2, J1–J4, Q1–Q4 = 9 (B1, R1–R3 engaged in FY2023,
    // project A ran in FY2023 too).
    // FY2025 cut at 05-20: B2 (04-01), J1 (05-02), R4 (05-20), J5 (project C) = 4 → withheld; new: J5 alone → withheld.
    expect(body.involved.fiscalYears).toEqual([
      { fiscalYear: 2024, from: '2024-04-01', to: '2025-03-31', involved: 18, new: 9, suppressed: false },
      { fiscalYear: 2025, from: '2025-04-01', to: '2025-05-20', involved: null, new: null, suppressed: true },
    ]);
  });

  it('cuts a fiscal year at `to` and shows 0 new as 0', async () => {
    const body = await figures('2024-03-01', '2024-04-30');
    // FY2023: B1 (03-31), R1 (2023-12-01), R2, R3 (2024-01) and project A's P1–P5 = 9, all new (R4's 2022 day is FY2022).
    // FY2024 to 04-30: B1 (04-01), R1 (04-05), R2, R3 (04-04), project A's P1–P5 = 9; project B starts 05-01: no.
    // None is new.
    expect(body.involved.fiscalYears).toEqual([
      { fiscalYear: 2023, from: '2023-04-01', to: '2024-03-31', involved: 9, new: 9, suppressed: false },
      { fiscalYear: 2024, from: '2024-04-01', to: '2024-04-30', involved: 9, new: 0, suppressed: false },
    ]);
  });

  it('counts DAU, WAU, MAU and engaged MAU at `to`, and the daily series', async () => {
    const { active } = await figures();
    // 05-20: V1–V6 and R4 = 7. Week 05-14 … 05-20: + V7 = 8. 30 days 04-21 … 05-20: + V8, V9, J1 (05-02) = 11
    // (V10 on 04-20 is out). Engaged in the 30 days: J1, R4 = 2 → withheld.
    expect(active).toMatchObject({ dau: 7, wau: 8, mau: 11, engagedMau: null, suppressed: true });
    // 2024-04-01 … 2025-03-31 is 365 days, + 30 (April) + 20 (May) = 415.
    expect(active.series).toHaveLength(415);
    expect(active.series[0]).toEqual({ day: '2024-04-01', dau: null, engaged: null, suppressed: true }); // B1 alone
    expect(active.series.at(-1)).toEqual({ day: '2025-05-20', dau: 7, engaged: null, suppressed: true });
    expect(active.series.find((d) => d.day === '2024-12-25')).toEqual({
      day: '2024-12-25',
      dau: 0,
      engaged: 0,
      suppressed: false,
    });
  });

  it('gives the retention of each join-month cohort, null for a month not ended by `to`', async () => {
    const { retention } = await figures();
    // 2024-05 (J1–J6, 6): m1 = June: J1 J2 J3 J4 = 4/6 = 66.7; m3 = August: J1 = 1/6 = 16.7;
    // m6 = November: J1 J2 = 2/6 = 33.3; m12 = May 2025, not ended on 05-20 → null.
    // 2024-04 (X1) and 2024-06 (K1–K4) are under 5 → withheld.
    expect(retention.cohorts).toEqual([
      { month: '2024-04', size: null, m1: null, m3: null, m6: null, m12: null, suppressed: true },
      { month: '2024-05', size: 6, m1: 66.7, m3: 16.7, m6: 33.3, m12: null, suppressed: false },
      { month: '2024-06', size: null, m1: null, m3: null, m6: null, m12: null, suppressed: true },
    ]);
  });

  it("gives the alumni's engagement 3, 6 and 12 months after each ended project, overall, and the reactivations", async () => {
    const { alumni } = await figures();
    // A ended 2024-04-15, 5 people: m3 = July: P1 P2 = 2/5 = 40.0; m6 = October: P1 = 20.0; m12 = April 2025: 0.0.
    // B ended 2024-06-30, 4 people → withheld. C has not ended.
    expect(alumni.projects).toEqual([
      {
        projectId: projects.A,
        title: 'プロジェクト A',
        endsOn: '2024-04-15',
        participants: 5,
        m3: 40,
        m6: 20,
        m12: 0,
        suppressed: false,
      },
      {
        projectId: projects.B,
        title: 'プロジェクト B',
        endsOn: '2024-06-30',
        participants: null,
        m3: null,
        m6: null,
        m12: null,
        suppressed: true,
      },
    ]);
    // Pooled: m3: A (July) 2 + B (September: Q1) 1 of 5 + 4 = 3/9 = 33.3; m6: A (October) 1 + B (December) 0
    // of 9 = 11.1; m12: A (April 2025) 0 of 5 = 0.0 (B's June 2025 has not ended).
    expect(alumni.overall).toEqual({ m3: 33.3, m6: 11.1, m12: 0, suppressed: false });
    // J1 (11-30 after 121 days), J2 (173), R1 (126), R3 (91), R4 (years) = 5; R2 (90 days) and P1 (78) are not.
    expect(alumni.reactivations).toBe(5);
  });

  it('gives attendance, no-shows, repeat attendees and alumni among the attendees', async () => {
    const { events: result } = await figures();
    // In R (Tokyo days), cancelled left out: early (2024-04-01 00:30), summer, may. "before" is 03-31 23:30.
    expect(result.items.map((item) => item.eventId)).toEqual([events.early, events.summer, events.may]);
    expect(result.items[0]).toMatchObject({
      going: null,
      checkedIn: null,
      attendanceRate: null,
      noShows: null,
      alumni: null,
      suppressed: true,
    });
    // summer: 6 going, 4 checked in = 66.7 %, 2 no-shows; alumni at 2024-07-01 19:00 Tokyo: P1 and P2 (A ended
    // 04-15) and Q1 (B ended 06-30: alumni from 07-01 00:00 Tokyo) = 3.
    expect(result.items[1]).toEqual({
      eventId: events.summer,
      title: '交流会, 夏',
      startsAt: '2024-07-01T10:00:00.000Z',
      started: true,
      going: 6,
      checkedIn: 4,
      attendanceRate: 66.7,
      noShows: 2,
      alumni: 3,
      suppressed: false,
    });
    expect(result.items[2]).toMatchObject({
      going: 5,
      checkedIn: 5,
      attendanceRate: 100,
      noShows: 0,
      alumni: 0,
    });
    // Overall: going 4 + 6 + 5 = 15, checked in 2 + 4 + 5 = 11 → 73.3 %, no-shows 2 + 2 + 0 = 4;
    // checked in twice: P1 and J1 (early and summer) = 2 → withheld.
    expect(result.overall).toEqual({
      events: 3,
      going: 15,
      checkedIn: 11,
      attendanceRate: 73.3,
      noShows: 4,
      repeatAttendees: null,
      suppressed: true,
    });
  });

  it('leaves the rate and the no-shows of an event that has not started null', async () => {
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
    await addEvent('future', '来週の会', startsAt.toISOString(), { going: names('V', 5) });
    const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(date);
    const { events: result } = await figures(day(new Date()), day(new Date(startsAt.getTime() + 86_400_000)));
    expect(result.items).toEqual([
      expect.objectContaining({
        eventId: events.future,
        started: false,
        going: 5,
        checkedIn: 0,
        attendanceRate: null,
        noShows: null,
      }),
    ]);
  });

  it('gives each digest period sent, clicked, returned within 72 hours and unsubscribed', async () => {
    const { digests } = await figures();
    // 2025-W10: 4 sent → withheld. 2025-W20: 6 sent (V7 skipped); clicked V1 V2 = 2 = 33.3 %; returned: V1–V5 (V6's 72 hours ended before their visit) = 5 = 83.3 %;
    // unsubscribed from that period: V3 = 1 (V4's came from no period). 2024-W13 ended before R.
    expect(digests.periods).toEqual([
      {
        period: '2025-W10',
        sent: null,
        clicked: null,
        clickRate: null,
        returned72h: null,
        returnRate: null,
        unsubscribed: null,
        suppressed: true,
      },
      {
        period: '2025-W20',
        sent: 6,
        clicked: 2,
        clickRate: 33.3,
        returned72h: 5,
        returnRate: 83.3,
        unsubscribed: 1,
        suppressed: false,
      },
    ]);
  });
});

describe('GET /api/admin/kpis: rights and validation', () => {
  it('answers coordinators and admins, and refuses members with ROLE_REQUIRED', async () => {
    expect((await kpis(`from=${FROM}&to=${TO}`, coordinator.accessToken)).status).toBe(200);
    expect((await kpis(`from=${FROM}&to=${TO}`, admin.accessToken)).status).toBe(200);
    expectError(await kpis(`from=${FROM}&to=${TO}`, member.accessToken), 403, 'ROLE_REQUIRED');
    expect((await client.get(`/api/admin/kpis?from=${FROM}&to=${TO}`)).status).toBe(401);
  });

  it('refuses a missing or impossible day with VALIDATION_FAILED naming the field', async () => {
    const missing = await kpis(`to=${TO}`);
    expectError(missing, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(missing)).toContainEqual({ field: 'from', code: 'isCalendarDate' });
    const impossible = await kpis(`from=2025-02-29&to=${TO}`);
    expectError(impossible, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(impossible)).toEqual([{ field: 'from', code: 'isCalendarDate' }]);
    const shape = await kpis(`from=${FROM}&to=2025-5-20`);
    expect(fieldProblems(shape)).toEqual([{ field: 'to', code: 'isCalendarDate' }]);
  });

  it('refuses from after to, and more than three years, with INVALID_RANGE', async () => {
    const backwards = await kpis('from=2025-05-21&to=2025-05-20');
    expectError(backwards, 400, 'INVALID_RANGE');
    expect(fieldProblems(backwards)).toEqual([{ field: 'to', code: 'INVALID_RANGE' }]);
    expectError(await kpis('from=2022-01-01&to=2025-01-01'), 400, 'INVALID_RANGE');
    expect((await kpis('from=2022-01-01&to=2024-12-31')).status).toBe(200);
    expect((await kpis('from=2025-05-20&to=2025-05-20')).status).toBe(200);
  });
});

describe('GET /api/admin/kpis.csv', () => {
  async function csv(query: string, token = coordinator.accessToken) {
    const response = await fetch(`${client.baseUrl}/api/admin/kpis.csv?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('sends a table as UTF-8 with a BOM, a header row and withheld cells empty, as an attachment', async () => {
    const { response, bytes } = await csv(`from=${FROM}&to=${TO}&table=retention`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="kpis-retention-${FROM}-${TO}.csv"`,
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'month,size,m1,m3,m6,m12\r\n2024-04,,,,,\r\n2024-05,6,66.7,16.7,33.3,\r\n2024-06,,,,,\r\n',
    );
  });

  it('quotes a title holding a comma, keeps Japanese, and has one row per event', async () => {
    const { bytes } = await csv(`from=${FROM}&to=${TO}&table=events`);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('eventId,title,startsAt,going,checkedIn,attendanceRate,noShows,alumni');
    expect(lines.slice(1)).toEqual([
      `${events.early},新年度の集い,2024-03-31T15:30:00.000Z,,,,,`,
      `${events.summer},"交流会, 夏",2024-07-01T10:00:00.000Z,6,4,66.7,2,3`,
      `${events.may},五月の会,2025-05-20T12:00:00.000Z,5,5,100,0,0`,
    ]);
  });

  it('serves every table, and refuses an unknown one, a member, and a bad range', async () => {
    for (const table of ['involved', 'active', 'retention', 'alumni', 'events', 'digests']) {
      const { response } = await csv(`from=${FROM}&to=${TO}&table=${table}`);
      expect({ table, status: response.status }).toEqual({ table, status: 200 });
    }
    const { bytes: involved } = await csv(`from=${FROM}&to=${TO}&table=involved`);
    expect(involved.subarray(3).toString('utf8')).toBe(
      'fiscalYear,from,to,involved,new\r\n2024,2024-04-01,2025-03-31,18,9\r\n2025,2025-04-01,2025-05-20,,\r\n',
    );
    const unknown = await csv(`from=${FROM}&to=${TO}&table=members`);
    expect(unknown.response.status).toBe(400);
    expect(JSON.parse(unknown.bytes.toString('utf8'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'table', code: 'isIn' }] },
    });
    expect((await csv(`from=${FROM}&to=${TO}&table=events`, member.accessToken)).response.status).toBe(403);
    const backwards = await csv(`from=${TO}&to=${FROM}&table=events`);
    expect(JSON.parse(backwards.bytes.toString('utf8'))).toMatchObject({ code: 'INVALID_RANGE' });
  });
});
