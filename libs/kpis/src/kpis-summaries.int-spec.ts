import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { createMigratedDatabase, dayAfter, seededRandom } from '@test/support';
import { tokyoDay } from '@app/common';
import { KpisRepository } from './kpis.repository';
import { KpisService } from './kpis.service';

/**
 * The figures read from the activity summaries (and, for involvement, corrected by the project participants)
 * against their definitions over activity_days itself — the statements the figures used before the summaries —
 * on random members, activity and projects, for ranges cut anywhere. The hand-worked cases are in
 * test/e2e/kpis.e2e-spec.ts; this one looks for the cases nobody thought of.
 */
describe('KPI figures from the summaries equal their definitions (real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;
  let repository: KpisRepository;

  const fiscalYear = (day: string) => `date_part('year', (${day})::timestamp - interval '3 months')::int`;
  const tokyoMidnight = (day: string) => `(${day})::timestamp AT TIME ZONE 'Asia/Tokyo'`;
  const n = (value: unknown) => Number(value ?? 0);

  const definitions = {
    async fiscalYears(from: string, to: string) {
      const rows = await db.query<{ fiscal_year: number; involved: string; new: string }[]>(
        `WITH fiscal AS (SELECT y AS fiscal_year FROM generate_series(${fiscalYear('$1::date')}, ${fiscalYear('$2::date')}) AS y),
         involvement AS (
           SELECT member_id, ${fiscalYear('day')} AS fiscal_year FROM activity_days
            WHERE engaged AND day <= $2::date GROUP BY 1, 2
           UNION
           SELECT pp.member_id, y FROM project_participations pp,
                  generate_series(${fiscalYear('pp.starts_on')}, ${fiscalYear('least(pp.ends_on, $2::date)')}) AS y
            WHERE pp.starts_on <= $2::date
         ),
         firsts AS (SELECT member_id, min(fiscal_year) AS first_year FROM involvement GROUP BY member_id)
         SELECT f.fiscal_year, count(i.member_id) AS involved,
                count(i.member_id) FILTER (WHERE fi.first_year = f.fiscal_year) AS new
           FROM fiscal f
           LEFT JOIN involvement i ON i.fiscal_year = f.fiscal_year
           LEFT JOIN firsts fi ON fi.member_id = i.member_id
          GROUP BY f.fiscal_year ORDER BY f.fiscal_year`,
        [from, to],
      );
      return rows.map((row) => ({ fiscalYear: row.fiscal_year, involved: n(row.involved), new: n(row.new) }));
    },
    async cohorts(from: string, to: string) {
      const rows = await db.query<Record<string, string>[]>(
        `WITH cohorts AS (
           SELECT id AS member_id, date_trunc('month', created_at AT TIME ZONE 'Asia/Tokyo')::date AS month FROM members
            WHERE created_at >= ${tokyoMidnight("date_trunc('month', $1::date)")}
              AND created_at < ${tokyoMidnight("date_trunc('month', $2::date) + interval '1 month'")}
         ),
         returns AS (
           SELECT c.month, x.k, count(DISTINCT a.member_id) AS engaged
             FROM cohorts c JOIN activity_days a ON a.member_id = c.member_id
             CROSS JOIN LATERAL (SELECT ((date_part('year', a.day) - date_part('year', c.month)) * 12
                                        + date_part('month', a.day) - date_part('month', c.month))::int AS k) x
            WHERE a.engaged AND a.day <= $2::date AND x.k IN (1, 3, 6, 12)
            GROUP BY c.month, x.k
         )
         SELECT to_char(c.month, 'YYYY-MM') AS month, c.size,
                sum(r.engaged) FILTER (WHERE r.k = 1) AS m1, sum(r.engaged) FILTER (WHERE r.k = 3) AS m3,
                sum(r.engaged) FILTER (WHERE r.k = 6) AS m6, sum(r.engaged) FILTER (WHERE r.k = 12) AS m12
           FROM (SELECT month, count(*) AS size FROM cohorts GROUP BY month) c
           LEFT JOIN returns r ON r.month = c.month
          GROUP BY c.month, c.size ORDER BY c.month`,
        [from, to],
      );
      return rows.map((row) => ({
        month: row.month,
        size: n(row.size),
        engaged: { 1: n(row.m1), 3: n(row.m3), 6: n(row.m6), 12: n(row.m12) },
      }));
    },
    async reactivations(from: string, to: string) {
      const [row] = await db.query<{ count: string }[]>(
        `SELECT count(DISTINCT member_id) AS count
           FROM (SELECT member_id, day, lag(day) OVER (PARTITION BY member_id ORDER BY day) AS previous
                   FROM activity_days WHERE engaged) e
          WHERE day BETWEEN $1::date AND $2::date AND day - previous > 90`,
        [from, to],
      );
      return n(row.count);
    },
    async series(from: string, to: string) {
      const rows = await db.query<{ day: string; dau: string; engaged: string }[]>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS day, count(a.member_id) FILTER (WHERE a.visited) AS dau,
                count(a.member_id) FILTER (WHERE a.engaged) AS engaged
           FROM generate_series($1::date, $2::date, interval '1 day') AS d
           LEFT JOIN activity_days a ON a.day = d::date
          GROUP BY d ORDER BY d`,
        [from, to],
      );
      return rows.map((row) => ({ day: row.day, dau: n(row.dau), engaged: n(row.engaged) }));
    },
  };

  beforeAll(async () => {
    database = await createMigratedDatabase('kpi_summaries');
    db = createDataSource(loadConfig({ ...process.env, DATABASE_URL: database.url }));
    await db.initialize();
    repository = new KpisRepository(db);

    const next = seededRandom(2024);
    const members: string[] = [];
    // The last 8 are never engaged: involved through projects alone.
    for (let i = 0; i < 68; i += 1) {
      const joined = new Date(Date.parse('2022-06-01T00:00:00Z') + Math.floor(next() * 760 * 24) * 3_600_000);
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO members (email, password_hash, display_name, created_at) VALUES ($1, 'x', $2, $3) RETURNING id`,
        [`kpi-summary-${i}-${Date.now()}@example.test`, `指標 ${i}`, joined],
      );
      members.push(row.id);
    }
    // Each member active in a few bursts from 2022-06 to 2025-06, in batches as the worker writes them.
    const days: [string, string, boolean][] = [];
    for (const id of members.slice(0, 60)) {
      for (let burst = 0; burst < 1 + Math.floor(next() * 4); burst += 1) {
        const start = Math.floor(next() * 1_080);
        for (let k = 0; k < 3 + Math.floor(next() * 12); k += 1) {
          days.push([dayAfter('2022-06-01', start + Math.floor(next() * 45)), id, next() < 0.6]);
        }
      }
    }
    for (let at = 0; at < days.length; at += 97) {
      const batch = days.slice(at, at + 97);
      await db.query(
        `INSERT INTO activity_days (day, member_id, visited, engaged)
         SELECT day, member_id, true, bool_or(engaged)
           FROM unnest($1::date[], $2::uuid[], $3::boolean[]) AS v (day, member_id, engaged)
          GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (day, member_id) DO UPDATE SET engaged = true WHERE excluded.engaged AND NOT activity_days.engaged`,
        [batch.map(([day]) => day), batch.map(([, id]) => id), batch.map(([, , engaged]) => engaged)],
      );
    }
    // Ten projects of about three months from 2022 to 2025, with 3–10 participants, some in several.
    const [theme] = await db.query<{ id: string }[]>(
      `INSERT INTO themes (slug, title) VALUES ('kpi-summaries', '指標の検算') RETURNING id`,
    );
    for (let p = 0; p < 10; p += 1) {
      const startsOn = dayAfter('2022-04-01', Math.floor(next() * 1_100));
      const [project] = await db.query<{ id: string }[]>(
        `INSERT INTO projects (theme_id, title, starts_on, ends_on, status) VALUES ($1, $2, $3, $4, 'ended') RETURNING id`,
        [theme.id, `検算 ${p}`, startsOn, dayAfter(startsOn, 60 + Math.floor(next() * 60))],
      );
      const people = new Set(
        Array.from({ length: 3 + Math.floor(next() * 8) }, () => members[Math.floor(next() * 68)]),
      );
      for (const id of people) {
        await db.query(
          `INSERT INTO project_participants (project_id, member_id, role) VALUES ($1, $2, 'side_job_professional')`,
          [project.id, id],
        );
      }
    }
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const ranges: [string, string][] = [
    ['2022-04-01', '2025-03-31'],
    ['2022-10-15', '2023-03-31'],
    ['2023-01-15', '2024-04-30'],
    ['2023-06-01', '2025-06-10'],
    ['2024-04-01', '2024-04-01'],
    ['2024-03-31', '2025-05-20'],
  ];

  it.each(ranges)('involved and new per fiscal year, %s … %s', async (from, to) => {
    const figures = (await repository.getFiscalYears(from, to)).map(
      ({ fiscalYear, involved, new: fresh }) => ({
        fiscalYear,
        involved,
        new: fresh,
      }),
    );
    expect(figures).toEqual(await definitions.fiscalYears(from, to));
  });

  it('keeps the closed digest periods when the worker asks, and not one still open', async () => {
    const ids = (await db.query<{ id: string }[]>(`SELECT id FROM members ORDER BY id LIMIT 6`)).map(
      (m) => m.id,
    );
    await db.query(
      `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status, updated_at)
       SELECT id, '2024-W10', 'weekly', '2024-02-25T15:00:00Z', '2024-03-03T15:00:00Z', 'sent', '2024-03-03T23:00:00Z'
         FROM unnest($1::uuid[]) AS id
       UNION ALL
       SELECT id, '2099-W01', 'weekly', now() - interval '7 days', now(), 'sent', now() FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    await new KpisService(repository).keepClosedDigestPeriods(tokyoDay(new Date()));
    expect(await db.query(`SELECT period, sent FROM kpi_digest_periods ORDER BY period`)).toEqual([
      { period: '2024-W10', sent: 6 },
    ]);
  });

  it('has data that reaches every branch: participants engaged or not, new and returning, reactivations', async () => {
    const [row] = await db.query<Record<string, string>[]>(
      `SELECT (SELECT count(*) FROM project_participations pp
                WHERE EXISTS (SELECT 1 FROM activity_days a WHERE a.member_id = pp.member_id AND a.engaged
                                AND a.day > pp.ends_on + 365)) AS engaged_a_year_after,
              (SELECT count(*) FROM project_participations pp
                WHERE NOT EXISTS (SELECT 1 FROM activity_days a WHERE a.member_id = pp.member_id AND a.engaged)) AS never_engaged,
              (SELECT count(*) FROM project_participations pp
                WHERE EXISTS (SELECT 1 FROM activity_days a WHERE a.member_id = pp.member_id AND a.engaged
                                AND a.day < pp.starts_on - 365)) AS engaged_a_year_before,
              (SELECT count(*) FROM activity_reactivations) AS reactivations`,
    );
    for (const count of Object.values(row)) expect(Number(count)).toBeGreaterThan(0);
  });

  it.each(ranges)('retention cohorts, reactivations and the daily series, %s … %s', async (from, to) => {
    expect(await repository.getCohorts(from, to)).toEqual(await definitions.cohorts(from, to));
    expect(await repository.countReactivations(from, to)).toBe(await definitions.reactivations(from, to));
    expect(await repository.getActiveDays(from, to)).toEqual(await definitions.series(from, to));
  });
});
