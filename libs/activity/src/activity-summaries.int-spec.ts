import { Pool } from 'pg';
import { createMigratedDatabase, dayAfter, seededRandom } from '@test/support';

/**
 * The summaries the triggers on activity_days keep (migration 1765700000000) against the same figures worked
 * out directly from activity_days, after writes like the worker's — batches of visits and of engagement,
 * upserts that turn a visit into an engaged day, days arriving out of order, several writers at once — and
 * after a member's deletion and a rebuild.
 */
describe('Activity summaries (triggers on activity_days, real PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: Pool;
  const members: string[] = [];

  // The worker's two writes (ActivityRepository.markVisited and markEngaged), for given member-days, in key
  // order as those are (two writers of overlapping keys in different orders would deadlock on the table itself).
  const visit = (rows: [string, string][]) =>
    pool.query(
      `INSERT INTO activity_days (day, member_id, visited)
       SELECT DISTINCT * FROM unnest($1::date[], $2::uuid[]), LATERAL (SELECT true) v ORDER BY 1, 2
       ON CONFLICT (day, member_id) DO UPDATE SET visited = true WHERE NOT activity_days.visited`,
      [rows.map(([day]) => day), rows.map(([, id]) => id)],
    );
  const engage = (rows: [string, string][]) =>
    pool.query(
      `INSERT INTO activity_days (day, member_id, engaged)
       SELECT DISTINCT * FROM unnest($1::date[], $2::uuid[]), LATERAL (SELECT true) e ORDER BY 1, 2
       ON CONFLICT (day, member_id) DO UPDATE SET engaged = true WHERE NOT activity_days.engaged`,
      [rows.map(([day]) => day), rows.map(([, id]) => id)],
    );

  /** Each summary as kept, and as worked out from activity_days, in the same shape. */
  async function compare(): Promise<void> {
    const pairs: [string, string][] = [
      [
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, visitors, engaged FROM activity_day_counts
          WHERE visitors <> 0 OR engaged <> 0 ORDER BY day`,
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*) FILTER (WHERE visited)::int AS visitors,
                count(*) FILTER (WHERE engaged)::int AS engaged
           FROM activity_days GROUP BY day ORDER BY day`,
      ],
      [
        `SELECT member_id, fiscal_year, to_char(first_engaged_day, 'YYYY-MM-DD') AS first
           FROM activity_member_years ORDER BY 1, 2`,
        `SELECT member_id, date_part('year', day::timestamp - interval '3 months')::int AS fiscal_year,
                to_char(min(day), 'YYYY-MM-DD') AS first
           FROM activity_days WHERE engaged GROUP BY 1, 2 ORDER BY 1, 2`,
      ],
      [
        `SELECT member_id, to_char(first_engaged_day, 'YYYY-MM-DD') AS first, to_char(joined_month, 'YYYY-MM') AS joined,
                m1::text, m3::text, m6::text, m12::text
           FROM activity_members ORDER BY 1`,
        `SELECT a.member_id, to_char(min(a.day), 'YYYY-MM-DD') AS first, to_char(j.month, 'YYYY-MM') AS joined,
                min(a.day) FILTER (WHERE a.day >= j.month + interval '1 month' AND a.day < j.month + interval '2 months')::text AS m1,
                min(a.day) FILTER (WHERE a.day >= j.month + interval '3 months' AND a.day < j.month + interval '4 months')::text AS m3,
                min(a.day) FILTER (WHERE a.day >= j.month + interval '6 months' AND a.day < j.month + interval '7 months')::text AS m6,
                min(a.day) FILTER (WHERE a.day >= j.month + interval '12 months' AND a.day < j.month + interval '13 months')::text AS m12
           FROM activity_days a
           JOIN members m ON m.id = a.member_id
          CROSS JOIN LATERAL (SELECT date_trunc('month', m.created_at AT TIME ZONE 'Asia/Tokyo')::date AS month) j
          WHERE a.engaged
          GROUP BY a.member_id, j.month
          ORDER BY 1`,
      ],
      [
        `SELECT member_id, to_char(day, 'YYYY-MM-DD') AS day FROM activity_reactivations ORDER BY 1, 2`,
        `SELECT member_id, to_char(day, 'YYYY-MM-DD') AS day
           FROM (SELECT member_id, day, lag(day) OVER (PARTITION BY member_id ORDER BY day) AS previous
                   FROM activity_days WHERE engaged) e
          WHERE day - previous > 90 ORDER BY 1, 2`,
      ],
    ];
    for (const [kept, direct] of pairs) {
      const [{ rows: keptRows }, { rows: directRows }] = await Promise.all([
        pool.query(kept),
        pool.query(direct),
      ]);
      expect(keptRows).toEqual(directRows);
    }
  }

  beforeAll(async () => {
    database = await createMigratedDatabase('activity_summaries');
    pool = new Pool({ connectionString: database.url, max: 6 });
    const next = seededRandom(15);
    for (let i = 0; i < 24; i += 1) {
      // Joined at any hour from 2023-01 to 2024-06, so some join on a Tokyo month's first morning (UTC's last day).
      const joined = new Date(Date.parse('2023-01-01T00:00:00Z') + Math.floor(next() * 540 * 24) * 3_600_000);
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO members (email, password_hash, display_name, created_at) VALUES ($1, 'x', $2, $3) RETURNING id`,
        [`summary-${i}-${Date.now()}@example.test`, `集計 ${i}`, joined],
      );
      members.push(rows[0].id);
    }
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('match activity_days after batches of visits and engagement in any order, several writers at once', async () => {
    const next = seededRandom(42);
    // Each member is active in three bursts of 40 days somewhere in 900 days, so some come back after 90.
    const bursts = members.map(() => [0, 1, 2].map(() => Math.floor(next() * 860)));
    const pick = (): [string, string] => {
      const m = Math.floor(next() * members.length);
      return [
        dayAfter('2023-01-01', bursts[m][Math.floor(next() * 3)] + Math.floor(next() * 40)),
        members[m],
      ];
    };
    // 40 rounds of 4 concurrent batches (visits or engagement), each 1–60 member-days:
    // new days, visits that become engaged, engaged days that are visited, and days before ones already kept.
    for (let round = 0; round < 40; round += 1) {
      await Promise.all(
        Array.from({ length: 4 }, () => {
          const rows = Array.from({ length: 1 + Math.floor(next() * 60) }, pick);
          return next() < 0.5 ? visit(rows) : engage(rows);
        }),
      );
    }
    const { rows } = await pool.query<{ reactivations: number; engaged: number }>(
      `SELECT (SELECT count(*) FROM activity_reactivations)::int AS reactivations,
              (SELECT count(*) FROM activity_days WHERE engaged)::int AS engaged`,
    );
    // The data set exercises what it should: enough engaged days, and returns after 90 days.
    expect(rows[0].engaged).toBeGreaterThan(400);
    expect(rows[0].reactivations).toBeGreaterThan(5);
    await compare();
  });

  it('unmake a reactivation when an engaged day arrives late inside the 90 days', async () => {
    const { rows: created } = await pool.query<{ id: string }>(
      `INSERT INTO members (email, password_hash, display_name, created_at)
       VALUES ($1, 'x', '遅着', '2025-12-01T00:00:00Z') RETURNING id`,
      [`summary-late-${Date.now()}@example.test`],
    );
    const member = created[0].id;
    await engage([
      ['2026-01-05', member],
      ['2026-06-01', member],
    ]);
    let { rows } = await pool.query(`SELECT day::text FROM activity_reactivations WHERE member_id = $1`, [
      member,
    ]);
    expect(rows).toEqual([{ day: '2026-06-01' }]);
    await engage([['2026-04-01', member]]);
    ({ rows } = await pool.query(`SELECT day::text FROM activity_reactivations WHERE member_id = $1`, [
      member,
    ]));
    expect(rows).toEqual([]);
    await compare();
  });

  it('follow a member whose join moves to another month (the demo history backdates joins)', async () => {
    await pool.query(
      `UPDATE members SET created_at = created_at - interval '100 days' WHERE id = ANY($1::uuid[])`,
      [members.slice(2, 8)],
    );
    await compare();
  });

  it('take a deleted member off the day counts and their summaries with them, and rebuild to the same', async () => {
    await pool.query(`DELETE FROM members WHERE id = $1`, [members[1]]);
    await compare();
    const before = await pool.query(
      `SELECT * FROM activity_day_counts WHERE visitors <> 0 OR engaged <> 0 ORDER BY day`,
    );
    await pool.query(`SELECT activity_summaries_rebuild()`);
    const after = await pool.query(`SELECT * FROM activity_day_counts ORDER BY day`);
    expect(after.rows).toEqual(before.rows);
    await compare();
  });
});
