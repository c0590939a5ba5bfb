import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Summaries of activity_days kept on the write side, so the city's figures (issue 15) read thousands of rows
 * instead of millions (docs/benchmarks.md, KPIs):
 * - activity_day_counts: per Tokyo day, how many members visited and how many were engaged (the series).
 * - activity_member_years: per member and fiscal year (April–March, named for the year it starts in), their
 *   first engaged day in it (involved, new).
 * - activity_members: per member ever engaged, their first engaged day (new involved people), their join month
 *   and first engaged day in the 1st, 3rd, 6th and 12th month after it (retention cohorts).
 * - activity_reactivations: the days a member was engaged again after more than 90 days without (reactivations).
 *
 * Statement-level triggers on activity_days keep them, from the rows each INSERT, UPDATE or DELETE changed (its
 * transition tables), whoever writes: the worker's visit flush and engagement rollup, a backfill, the demo. None
 * of these is on a request's path: the chat send path writes no activity_days row (the worker derives
 * engagement from the messages it already stores). The triggers of concurrent writers take one
 * transaction-level advisory lock, so they neither deadlock (an upsert fires both the INSERT and the UPDATE
 * trigger, each locking summary rows in its own order) nor miss each other's days: reactivations depend on a
 * member's previous engaged day, and with the lock each recomputation reads the rows committed before it
 * (READ COMMITTED, a fresh snapshot per statement in the function). The writers are the worker's batches, a
 * few statements a minute.
 *
 * A deleted activity day (only a member's deletion cascades to them) is taken off the day counts; the member's
 * other summaries go with the member (ON DELETE CASCADE). A member whose join (created_at) moves is summarised
 * again. `activity_summaries_rebuild()` recomputes all four
 * from activity_days (here for the rows already there, and after a bulk load with the triggers disabled).
 */
export class ActivitySummaries1765700000000 implements MigrationInterface {
  name = 'ActivitySummaries1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE activity_day_counts (
        day date PRIMARY KEY,
        visitors integer NOT NULL DEFAULT 0,
        engaged integer NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE activity_member_years (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        fiscal_year integer NOT NULL,
        first_engaged_day date NOT NULL,
        PRIMARY KEY (member_id, fiscal_year)
      )`);
    await db.query(`
      CREATE TABLE activity_members (
        member_id uuid PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
        first_engaged_day date NOT NULL,
        joined_month date NOT NULL,
        m1 date,
        m3 date,
        m6 date,
        m12 date
      )`);
    // Counted per fiscal year: members engaged in it by a day, and members first engaged in it.
    await db.query(
      `CREATE INDEX activity_member_years_year_idx ON activity_member_years (fiscal_year, first_engaged_day)`,
    );
    await db.query(`CREATE INDEX activity_members_first_idx ON activity_members (first_engaged_day)`);
    await db.query(`
      CREATE TABLE activity_reactivations (
        member_id uuid NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        day date NOT NULL,
        PRIMARY KEY (member_id, day)
      )`);
    await db.query(`CREATE INDEX activity_reactivations_day_idx ON activity_reactivations (day, member_id)`);

    // Newly engaged member-days (in any order, any number per member) into the member summaries.
    await db.query(`
      CREATE FUNCTION activity_summarise_engaged(member_ids uuid[], days date[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        IF member_ids IS NULL THEN
          RETURN;
        END IF;

        INSERT INTO activity_member_years AS y (member_id, fiscal_year, first_engaged_day)
        SELECT e.member_id, date_part('year', e.day::timestamp - interval '3 months')::int, min(e.day)
          FROM unnest(member_ids, days) AS e (member_id, day)
         GROUP BY 1, 2
         ORDER BY 1, 2
        ON CONFLICT (member_id, fiscal_year) DO UPDATE SET first_engaged_day = excluded.first_engaged_day
         WHERE excluded.first_engaged_day < y.first_engaged_day;

        INSERT INTO activity_members AS r (member_id, first_engaged_day, joined_month, m1, m3, m6, m12)
        SELECT e.member_id, min(e.day), j.month,
               min(e.day) FILTER (WHERE x.k = 1), min(e.day) FILTER (WHERE x.k = 3),
               min(e.day) FILTER (WHERE x.k = 6), min(e.day) FILTER (WHERE x.k = 12)
          FROM unnest(member_ids, days) AS e (member_id, day)
          JOIN members m ON m.id = e.member_id
          CROSS JOIN LATERAL (SELECT date_trunc('month', m.created_at AT TIME ZONE 'Asia/Tokyo')::date AS month) j
          CROSS JOIN LATERAL (
            SELECT ((date_part('year', e.day) - date_part('year', j.month)) * 12
                    + date_part('month', e.day) - date_part('month', j.month))::int AS k) x
         GROUP BY e.member_id, j.month
         ORDER BY e.member_id
        ON CONFLICT (member_id) DO UPDATE SET
          first_engaged_day = least(r.first_engaged_day, excluded.first_engaged_day),
          m1 = least(r.m1, excluded.m1), m3 = least(r.m3, excluded.m3),
          m6 = least(r.m6, excluded.m6), m12 = least(r.m12, excluded.m12);

        -- A member's reactivations from their earliest new day on are recomputed: a new day can make one
        -- (a return after > 90 days) and can unmake the next one (it is now its previous day).
        DELETE FROM activity_reactivations r
         USING (SELECT e.member_id, min(e.day) AS since FROM unnest(member_ids, days) AS e (member_id, day)
                 GROUP BY e.member_id) t
         WHERE r.member_id = t.member_id AND r.day >= t.since;
        -- The previous engaged day of a day from 'since' on is found by lag() when it is within the 91 days
        -- before 'since'; a day without one there is a return when the member was engaged any time before.
        INSERT INTO activity_reactivations (member_id, day)
        SELECT w.member_id, w.day
          FROM (SELECT a.member_id, a.day, t.since, lag(a.day) OVER (PARTITION BY a.member_id ORDER BY a.day) AS previous
                  FROM (SELECT e.member_id, min(e.day) AS since FROM unnest(member_ids, days) AS e (member_id, day)
                         GROUP BY e.member_id) t
                  JOIN activity_days a ON a.member_id = t.member_id AND a.engaged AND a.day >= t.since - 91) w
         WHERE w.day >= w.since
           AND (w.day - w.previous > 90
                OR (w.previous IS NULL AND EXISTS (
                      SELECT 1 FROM activity_days b
                       WHERE b.member_id = w.member_id AND b.engaged AND b.day < w.since - 91)));
      END $$`);

    await db.query(`
      CREATE FUNCTION activity_days_inserted() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('activity_summaries'));
        INSERT INTO activity_day_counts AS c (day, visitors, engaged)
        SELECT day, count(*) FILTER (WHERE visited), count(*) FILTER (WHERE engaged)
          FROM new_rows GROUP BY day ORDER BY day
        ON CONFLICT (day) DO UPDATE SET visitors = c.visitors + excluded.visitors, engaged = c.engaged + excluded.engaged;
        PERFORM activity_summarise_engaged(array_agg(member_id), array_agg(day)) FROM new_rows WHERE engaged;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION activity_days_updated() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('activity_summaries'));
        INSERT INTO activity_day_counts AS c (day, visitors, engaged)
        SELECT n.day, sum(n.visited::int - o.visited::int), sum(n.engaged::int - o.engaged::int)
          FROM new_rows n JOIN old_rows o USING (day, member_id)
         GROUP BY n.day ORDER BY n.day
        ON CONFLICT (day) DO UPDATE SET visitors = c.visitors + excluded.visitors, engaged = c.engaged + excluded.engaged;
        PERFORM activity_summarise_engaged(array_agg(n.member_id), array_agg(n.day))
           FROM new_rows n JOIN old_rows o USING (day, member_id)
          WHERE n.engaged AND NOT o.engaged;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION activity_days_deleted() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('activity_summaries'));
        UPDATE activity_day_counts c
           SET visitors = c.visitors - o.visitors, engaged = c.engaged - o.engaged
          FROM (SELECT day, count(*) FILTER (WHERE visited) AS visitors, count(*) FILTER (WHERE engaged) AS engaged
                  FROM old_rows GROUP BY day) o
         WHERE c.day = o.day;
        RETURN NULL;
      END $$`);
    // Transition tables allow one event per trigger, hence three.
    await db.query(`
      CREATE TRIGGER activity_days_inserted AFTER INSERT ON activity_days
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_inserted()`);
    await db.query(`
      CREATE TRIGGER activity_days_updated AFTER UPDATE ON activity_days
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_updated()`);
    await db.query(`
      CREATE TRIGGER activity_days_deleted AFTER DELETE ON activity_days
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_days_deleted()`);

    // A member's join month is read when their days are summarised: if it moves (only the demo's history
    // backdates joins), their row is summarised again from their days.
    await db.query(`
      CREATE FUNCTION activity_member_rejoined() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('activity_summaries'));
        DELETE FROM activity_members WHERE member_id = NEW.id;
        PERFORM activity_summarise_engaged(array_agg(member_id), array_agg(day))
           FROM activity_days WHERE member_id = NEW.id AND engaged;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER activity_member_rejoined AFTER UPDATE OF created_at ON members
      FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION activity_member_rejoined()`);

    await db.query(`
      CREATE FUNCTION activity_summaries_rebuild() RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE activity_day_counts, activity_member_years, activity_members, activity_reactivations;
        INSERT INTO activity_day_counts (day, visitors, engaged)
        SELECT day, count(*) FILTER (WHERE visited), count(*) FILTER (WHERE engaged) FROM activity_days GROUP BY day;
        PERFORM activity_summarise_engaged(array_agg(member_id), array_agg(day)) FROM activity_days WHERE engaged;
      END $$`);
    await db.query(`SELECT activity_summaries_rebuild()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER activity_member_rejoined ON members`);
    await db.query(`DROP FUNCTION activity_member_rejoined()`);
    await db.query(`DROP TRIGGER activity_days_deleted ON activity_days`);
    await db.query(`DROP TRIGGER activity_days_updated ON activity_days`);
    await db.query(`DROP TRIGGER activity_days_inserted ON activity_days`);
    await db.query(`DROP FUNCTION activity_summaries_rebuild()`);
    await db.query(`DROP FUNCTION activity_days_deleted()`);
    await db.query(`DROP FUNCTION activity_days_updated()`);
    await db.query(`DROP FUNCTION activity_days_inserted()`);
    await db.query(`DROP FUNCTION activity_summarise_engaged(uuid[], date[])`);
    await db.query(`DROP TABLE activity_reactivations`);
    await db.query(`DROP TABLE activity_members`);
    await db.query(`DROP TABLE activity_member_years`);
    await db.query(`DROP TABLE activity_day_counts`);
  }
}
