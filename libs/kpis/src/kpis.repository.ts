import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The figures' SQL (issue 15). Every statement reads days as Asia/Tokyo days: `activity_days.day` and the
 * projects' dates already are; instants are turned into Tokyo days with AT TIME ZONE. `$1`/`$2` are the range's
 * first and last day (`YYYY-MM-DD`, validated). Statements return raw counts; percentages, months not yet
 * ended and suppression are the service's rules (kpi-rules.ts).
 *
 * The figures about members read the summaries the activity domain keeps on the write side (activity_day_counts,
 * activity_member_years, activity_members, activity_reactivations: migration 1765700000000), not every
 * activity day; the statements are independent, so the service runs them at the same time on separate pool
 * connections.
 */

/** The fiscal year (April–March, named for the year it starts in) of a date expression. */
const fiscalYear = (day: string) => `date_part('year', (${day})::timestamp - interval '3 months')::int`;

/** A Tokyo day at 00:00 as an instant. */
const tokyoMidnight = (day: string) => `(${day})::timestamp AT TIME ZONE 'Asia/Tokyo'`;

/**
 * Whether a digest period's `sent` and `returned72h` (over its deliveries `d`, grouped) can no longer change:
 * none of its deliveries is still queued or being sent, and the Tokyo day 72 hours after its last sending
 * ended more than 10 minutes ago (the worker writes visits within a minute).
 */
const CLOSED_PERIOD = `(bool_and(d.status NOT IN ('queued', 'sending'))
   AND now() > ${tokyoMidnight(
     "((max(d.updated_at) FILTER (WHERE d.status = 'sent') + interval '72 hours') AT TIME ZONE 'Asia/Tokyo')::date + 1",
   )} + interval '10 minutes')`;

export interface FiscalYearRow {
  fiscalYear: number;
  startsOn: string;
  endsOn: string;
  involved: number;
  new: number;
}

export interface CohortRow {
  month: string;
  size: number;
  /** Members of the cohort engaged in the month k months after their join month. */
  engaged: Record<1 | 3 | 6 | 12, number>;
}

export interface EndedProjectRow {
  projectId: string;
  title: string;
  endsOn: string;
  participants: number;
  /** Participants engaged in the month k months after the month of endsOn. */
  engaged: Record<3 | 6 | 12, number>;
}

export interface ActiveRow {
  dau: number;
  wau: number;
  mau: number;
  engagedMau: number;
}

export interface ActiveDayRow {
  day: string;
  dau: number;
  engaged: number;
}

export interface EventRow {
  eventId: string;
  title: string;
  startsAt: Date;
  started: boolean;
  going: number;
  checkedIn: number;
  /** Going and not checked in. */
  notCheckedIn: number;
  alumni: number;
}

export interface DigestPeriodRow {
  period: string;
  sent: number;
  clicked: number;
  returned72h: number;
  unsubscribed: number;
}

type Count = string | number;
const n = (value: Count | null | undefined): number => Number(value ?? 0);

@Injectable()
export class KpisRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Every statement here: in its own transaction without JIT. The planner's estimates for these statements
   * pass jit_above_cost, and compiling costs more than the whole statement (the fiscal years on the
   * benchmark's 100,000 members: 380 → 60 ms). The server's work_mem is kept: with more (64 MB) the planner
   * hashes whole summaries instead of probing them for a few thousand participants (60 → 370 ms).
   */
  private async scan<T>(sql: string, params: unknown[]): Promise<T> {
    return this.db.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      return manager.query<T>(sql, params);
    });
  }

  /**
   * Per fiscal year touching [from, to] (each cut at `to`): members who took part in a project overlapping it
   * or were engaged on a day of it, and of those the ones whose first such year it is.
   *
   * Engagement is counted from the summaries (members engaged in the year by `to`; members whose first engaged
   * day falls in it), then corrected by the project participants, a few thousand at most: a participant not
   * engaged in the year adds one; a member first engaged in the year who took part in a project in an earlier
   * one is not new; a participant whose first project year it is and who was not engaged by then is new.
   */
  async getFiscalYears(from: string, to: string): Promise<FiscalYearRow[]> {
    const rows = await this.scan<
      { fiscal_year: number; starts_on: string; ends_on: string; involved: Count; new: Count }[]
    >(
      `WITH fiscal AS (
         SELECT y AS fiscal_year, make_date(y, 4, 1) AS starts_on, least(make_date(y + 1, 3, 31), $2::date) AS ends_on
           FROM generate_series(${fiscalYear('$1::date')}, ${fiscalYear('$2::date')}) AS y
       ),
       project_years AS (
         SELECT DISTINCT pp.member_id, y AS fiscal_year
           FROM project_participations pp,
                generate_series(${fiscalYear('pp.starts_on')}, ${fiscalYear('least(pp.ends_on, $2::date)')}) AS y
          WHERE pp.starts_on <= $2::date
       ),
       -- Per participant and year (a few thousand rows), by index probes.
       participants AS (
         SELECT p.member_id, p.fiscal_year,
                min(p.fiscal_year) OVER (PARTITION BY p.member_id) AS first_project_year,
                (SELECT m.first_engaged_day FROM activity_members m WHERE m.member_id = p.member_id) AS first_engaged_day,
                EXISTS (SELECT 1 FROM activity_member_years y
                         WHERE y.member_id = p.member_id AND y.fiscal_year = p.fiscal_year
                           AND y.first_engaged_day <= $2::date) AS engaged_in_year
           FROM project_years p
       )
       SELECT f.fiscal_year, to_char(f.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(f.ends_on, 'YYYY-MM-DD') AS ends_on,
              (SELECT count(*) FROM activity_member_years y
                WHERE y.fiscal_year = f.fiscal_year AND y.first_engaged_day <= f.ends_on)
              + (SELECT count(*) FROM participants p
                  WHERE p.fiscal_year = f.fiscal_year AND NOT p.engaged_in_year) AS involved,
              (SELECT count(*) FROM activity_members m WHERE m.first_engaged_day BETWEEN f.starts_on AND f.ends_on)
              - (SELECT count(DISTINCT p.member_id) FROM participants p
                  WHERE p.first_project_year < f.fiscal_year AND p.first_engaged_day BETWEEN f.starts_on AND f.ends_on)
              + (SELECT count(DISTINCT p.member_id) FROM participants p
                  WHERE p.first_project_year = f.fiscal_year
                    AND (p.first_engaged_day IS NULL OR p.first_engaged_day > f.ends_on)) AS new
         FROM fiscal f
        ORDER BY f.fiscal_year`,
      [from, to],
    );
    return rows.map((row) => ({
      fiscalYear: row.fiscal_year,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      involved: n(row.involved),
      new: n(row.new),
    }));
  }

  /**
   * Join-month cohorts for the months from `from`'s to `to`'s (members who left included: they joined), with
   * how many of each were engaged 1, 3, 6 and 12 months after joining.
   */
  async getCohorts(from: string, to: string): Promise<CohortRow[]> {
    // Sizes from members, returns from activity_members by the join month it keeps: two scans, no join of
    // the two member sets.
    const rows = await this.scan<
      { month: string; size: Count; m1: Count; m3: Count; m6: Count; m12: Count }[]
    >(
      `SELECT to_char(c.month, 'YYYY-MM') AS month, c.size, r.m1, r.m3, r.m6, r.m12
         FROM (SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Tokyo')::date AS month, count(*) AS size
                 FROM members
                WHERE created_at >= ${tokyoMidnight("date_trunc('month', $1::date)")}
                  AND created_at < ${tokyoMidnight("date_trunc('month', $2::date) + interval '1 month'")}
                GROUP BY 1) c
         LEFT JOIN (SELECT joined_month,
                           count(*) FILTER (WHERE m1 <= $2::date) AS m1, count(*) FILTER (WHERE m3 <= $2::date) AS m3,
                           count(*) FILTER (WHERE m6 <= $2::date) AS m6, count(*) FILTER (WHERE m12 <= $2::date) AS m12
                      FROM activity_members
                     WHERE joined_month BETWEEN date_trunc('month', $1::date) AND date_trunc('month', $2::date)
                     GROUP BY joined_month) r ON r.joined_month = c.month
        ORDER BY c.month`,
      [from, to],
    );
    return rows.map((row) => ({
      month: row.month,
      size: n(row.size),
      engaged: { 1: n(row.m1), 3: n(row.m3), 6: n(row.m6), 12: n(row.m12) },
    }));
  }

  /** Every project ended by `to` (alumni from the day after endsOn), with its participants' engagement after it. */
  async getEndedProjects(to: string): Promise<EndedProjectRow[]> {
    const rows = await this.scan<
      {
        project_id: string;
        title: string;
        ends_on: string;
        participants: Count;
        m3: Count;
        m6: Count;
        m12: Count;
      }[]
    >(
      `SELECT p.id AS project_id, p.title, to_char(p.ends_on, 'YYYY-MM-DD') AS ends_on,
              count(*) AS participants,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM activity_days a
                 WHERE a.member_id = x.member_id AND a.engaged AND a.day <= $1::date
                   AND a.day >= x.end_month + interval '3 months' AND a.day < x.end_month + interval '4 months')) AS m3,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM activity_days a
                 WHERE a.member_id = x.member_id AND a.engaged AND a.day <= $1::date
                   AND a.day >= x.end_month + interval '6 months' AND a.day < x.end_month + interval '7 months')) AS m6,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM activity_days a
                 WHERE a.member_id = x.member_id AND a.engaged AND a.day <= $1::date
                   AND a.day >= x.end_month + interval '12 months' AND a.day < x.end_month + interval '13 months')) AS m12
         FROM (SELECT pp.project_id, pp.member_id, date_trunc('month', pp.ends_on)::date AS end_month
                 FROM project_participations pp
                WHERE pp.ends_on < $1::date) x
         JOIN projects p ON p.id = x.project_id
        GROUP BY p.id
        ORDER BY p.ends_on, p.title, p.id`,
      [to],
    );
    return rows.map((row) => ({
      projectId: row.project_id,
      title: row.title,
      endsOn: row.ends_on,
      participants: n(row.participants),
      engaged: { 3: n(row.m3), 6: n(row.m6), 12: n(row.m12) },
    }));
  }

  /** Members engaged on a day in [from, to] whose previous engaged day was more than 90 days before it. */
  async countReactivations(from: string, to: string): Promise<number> {
    const [row] = await this.scan<{ count: Count }[]>(
      `SELECT count(DISTINCT member_id) AS count FROM activity_reactivations WHERE day BETWEEN $1::date AND $2::date`,
      [from, to],
    );
    return n(row?.count);
  }

  /** Distinct visitors on `to`, in the 7 and the 30 days ending on it, and members engaged in those 30 days. */
  async getActiveAt(to: string): Promise<ActiveRow> {
    const [row] = await this.scan<{ dau: Count; wau: Count; mau: Count; engaged_mau: Count }[]>(
      `SELECT count(*) FILTER (WHERE visited_on_to) AS dau,
              count(*) FILTER (WHERE visited_in_week) AS wau,
              count(*) FILTER (WHERE visited) AS mau,
              count(*) FILTER (WHERE engaged) AS engaged_mau
         FROM (SELECT member_id,
                      bool_or(visited AND day = $1::date) AS visited_on_to,
                      bool_or(visited AND day > $1::date - 7) AS visited_in_week,
                      bool_or(visited) AS visited,
                      bool_or(engaged) AS engaged
                 FROM activity_days
                WHERE day BETWEEN $1::date - 29 AND $1::date
                GROUP BY member_id) AS m`,
      [to],
    );
    return { dau: n(row?.dau), wau: n(row?.wau), mau: n(row?.mau), engagedMau: n(row?.engaged_mau) };
  }

  /** Each day of [from, to] with its visitors and engaged members (0 on a day without any). */
  async getActiveDays(from: string, to: string): Promise<ActiveDayRow[]> {
    const rows = await this.scan<{ day: string; dau: Count; engaged: Count }[]>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(c.visitors, 0) AS dau, coalesce(c.engaged, 0) AS engaged
         FROM generate_series($1::date, $2::date, interval '1 day') AS d
         LEFT JOIN activity_day_counts c ON c.day = d::date
        ORDER BY d`,
      [from, to],
    );
    return rows.map((row) => ({ day: row.day, dau: n(row.dau), engaged: n(row.engaged) }));
  }

  /** Events (not cancelled) starting on a Tokyo day in [from, to], with their RSVPs and check-ins. */
  async getEvents(from: string, to: string): Promise<EventRow[]> {
    const rows = await this.scan<
      {
        event_id: string;
        title: string;
        starts_at: Date;
        started: boolean;
        going: Count;
        checked_in: Count;
        not_checked_in: Count;
        alumni: Count;
      }[]
    >(
      `SELECT e.id AS event_id, e.title, e.starts_at, e.starts_at <= now() AS started,
              count(r.member_id) FILTER (WHERE r.status = 'going') AS going,
              count(r.member_id) FILTER (WHERE r.checked_in_at IS NOT NULL) AS checked_in,
              count(r.member_id) FILTER (WHERE r.status = 'going' AND r.checked_in_at IS NULL) AS not_checked_in,
              count(r.member_id) FILTER (WHERE r.checked_in_at IS NOT NULL AND EXISTS (
                SELECT 1 FROM project_participations pp
                 WHERE pp.member_id = r.member_id
                   AND pp.ends_on < (e.starts_at AT TIME ZONE 'Asia/Tokyo')::date)) AS alumni
         FROM events e
         LEFT JOIN event_rsvps r ON r.event_id = e.id
        WHERE e.status <> 'cancelled'
          AND e.starts_at >= ${tokyoMidnight('$1::date')}
          AND e.starts_at < ${tokyoMidnight('$2::date + 1')}
        GROUP BY e.id
        ORDER BY e.starts_at, e.id`,
      [from, to],
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      title: row.title,
      startsAt: row.starts_at,
      started: row.started,
      going: n(row.going),
      checkedIn: n(row.checked_in),
      notCheckedIn: n(row.not_checked_in),
      alumni: n(row.alumni),
    }));
  }

  /** Members checked in at two or more of the events of [from, to]. */
  async countRepeatAttendees(from: string, to: string): Promise<number> {
    const [row] = await this.scan<{ count: Count }[]>(
      `SELECT count(*) AS count
         FROM (SELECT r.member_id
                 FROM event_rsvps r
                 JOIN events e ON e.id = r.event_id
                WHERE r.checked_in_at IS NOT NULL
                  AND e.status <> 'cancelled'
                  AND e.starts_at >= ${tokyoMidnight('$1::date')}
                  AND e.starts_at < ${tokyoMidnight('$2::date + 1')}
                GROUP BY r.member_id
               HAVING count(*) >= 2) AS repeaters`,
      [from, to],
    );
    return n(row?.count);
  }

  /**
   * Digest periods whose deliveries end (`period_end`, the moment they were due) on a Tokyo day in [from, to]
   * and that were sent to someone: deliveries sent, of those the members who followed a link, who came back
   * within 72 hours of the sending (an activity day — every row is a visit — from the Tokyo day it was sent to
   * the Tokyo day 72 hours later), and the period's unsubscribes.
   *
   * `sent` and `returned72h` of a closed period (CLOSED_PERIOD) are kept in kpi_digest_periods the first time
   * they are counted, so each delivery's activity is probed once; clicks and unsubscribes are always counted.
   */
  async getDigestPeriods(from: string, to: string): Promise<DigestPeriodRow[]> {
    const rows = await this.scan<
      { period: string; sent: Count; clicked: Count; returned_72h: Count; unsubscribed: Count }[]
    >(
      `WITH RECURSIVE listed AS (
         -- The range's distinct (period_end, period), one index probe each.
         (SELECT period_end, period FROM digest_deliveries
           WHERE period_end >= ${tokyoMidnight('$1::date')} AND period_end < ${tokyoMidnight('$2::date + 1')}
           ORDER BY period_end, period LIMIT 1)
         UNION ALL
         SELECT next.period_end, next.period
           FROM listed l
          CROSS JOIN LATERAL (
            SELECT d.period_end, d.period FROM digest_deliveries d
             WHERE (d.period_end, d.period) > (l.period_end, l.period)
               AND d.period_end < ${tokyoMidnight('$2::date + 1')}
             ORDER BY d.period_end, d.period LIMIT 1) next
       ),
       kept AS (
         SELECT k.period, k.period_end, k.sent, k.returned_72h FROM kpi_digest_periods k JOIN listed USING (period)
       ),
       counted AS (
         SELECT d.period, min(d.period_end) AS period_end,
                count(*) FILTER (WHERE d.status = 'sent') AS sent,
                count(*) FILTER (WHERE d.status = 'sent' AND EXISTS (
                  SELECT 1 FROM activity_days a
                   WHERE a.member_id = d.member_id
                     AND a.day BETWEEN (d.updated_at AT TIME ZONE 'Asia/Tokyo')::date
                                   AND ((d.updated_at + interval '72 hours') AT TIME ZONE 'Asia/Tokyo')::date)) AS returned_72h,
                ${CLOSED_PERIOD} AS closed
           FROM listed l
           JOIN digest_deliveries d ON d.period_end = l.period_end AND d.period = l.period
          WHERE NOT EXISTS (SELECT 1 FROM kept WHERE kept.period = l.period)
          GROUP BY d.period
       ),
       keep AS (
         INSERT INTO kpi_digest_periods (period, period_end, sent, returned_72h)
         SELECT period, period_end, sent, returned_72h FROM counted WHERE closed
         ON CONFLICT (period) DO NOTHING
       )
       SELECT p.period, p.sent, p.returned_72h,
              -- Only a sent digest's click is recorded (DigestResponsesRepository.recordClick).
              (SELECT count(*) FROM digest_clicks c WHERE c.period = p.period) AS clicked,
              (SELECT count(DISTINCT u.member_id) FROM digest_unsubscribes u WHERE u.period = p.period) AS unsubscribed
         FROM (SELECT period, period_end, sent, returned_72h FROM kept
               UNION ALL
               SELECT period, period_end, sent, returned_72h FROM counted) p
        WHERE p.sent > 0
        ORDER BY p.period_end, p.period`,
      [from, to],
    );
    return rows.map((row) => ({
      period: row.period,
      sent: n(row.sent),
      clicked: n(row.clicked),
      returned72h: n(row.returned_72h),
      unsubscribed: n(row.unsubscribed),
    }));
  }
}
