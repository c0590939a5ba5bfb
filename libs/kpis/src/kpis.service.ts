import { Injectable } from '@nestjs/common';
import type {
  ActiveKpis,
  AlumniKpis,
  CohortKpi,
  DigestPeriodKpi,
  EventKpi,
  EventsOverallKpi,
  FiscalYearKpi,
  KpisDto,
  KpiTable,
} from './dto/kpis.dto';
import {
  addMonths,
  anyWithheld,
  checkRange,
  count,
  MAX_RANGE_YEARS,
  MIN_GROUP,
  monthEndedBy,
  percent,
} from './kpi-rules';
import { toCsv, type CsvTable } from './kpis.csv';
import { KpisRepository } from './kpis.repository';

const ALUMNI_MONTHS = [3, 6, 12] as const;

/**
 * The figures of issue 15 for a range of Asia/Tokyo days. The repository counts; this applies the rules:
 * percentages with one decimal, months not yet ended by `to` as null, and suppression — a figure about a
 * group of fewer than MIN_GROUP people is null and its object says `suppressed: true`.
 */
@Injectable()
export class KpisService {
  constructor(private readonly repository: KpisRepository) {}

  async all(from: string, to: string): Promise<KpisDto> {
    checkRange(from, to);
    const [fiscalYears, active, cohorts, alumni, events, periods] = await Promise.all([
      this.involved(from, to),
      this.active(from, to),
      this.retention(from, to),
      this.alumni(from, to),
      this.events(from, to),
      this.digests(from, to),
    ]);
    return {
      from,
      to,
      involved: { fiscalYears },
      active,
      retention: { cohorts },
      alumni,
      events,
      digests: { periods },
    };
  }

  /**
   * Counts the digest periods of the last MAX_RANGE_YEARS years that closed since the last call and keeps
   * them (kpi_digest_periods), so that no coordinator's request pays for them: the worker calls it once a
   * day. The first call on an upgraded database counts them all (seconds on a large one); later ones find at
   * most a period or two.
   */
  async keepClosedDigestPeriods(today: string): Promise<void> {
    await this.repository.getDigestPeriods(`${Number(today.slice(0, 4)) - MAX_RANGE_YEARS}-01-01`, today);
  }

  /** One table as CSV (UTF-8 with a BOM, a header row, withheld cells empty). */
  async csv(table: KpiTable, from: string, to: string): Promise<string> {
    checkRange(from, to);
    return toCsv(await this.table(table, from, to));
  }

  private async table(table: KpiTable, from: string, to: string): Promise<CsvTable> {
    switch (table) {
      case 'involved':
        return {
          columns: ['fiscalYear', 'from', 'to', 'involved', 'new'],
          rows: (await this.involved(from, to)).map((y) => [y.fiscalYear, y.from, y.to, y.involved, y.new]),
        };
      case 'active':
        return {
          columns: ['day', 'dau', 'engaged'],
          rows: (await this.active(from, to)).series.map((d) => [d.day, d.dau, d.engaged]),
        };
      case 'retention':
        return {
          columns: ['month', 'size', 'm1', 'm3', 'm6', 'm12'],
          rows: (await this.retention(from, to)).map((c) => [c.month, c.size, c.m1, c.m3, c.m6, c.m12]),
        };
      case 'alumni': {
        const alumni = await this.alumni(from, to);
        return {
          columns: ['projectId', 'title', 'endsOn', 'participants', 'm3', 'm6', 'm12'],
          rows: [
            ...alumni.projects.map((p) => [
              p.projectId,
              p.title,
              p.endsOn,
              p.participants,
              p.m3,
              p.m6,
              p.m12,
            ]),
            ['', '(all ended projects)', '', null, alumni.overall.m3, alumni.overall.m6, alumni.overall.m12],
          ],
        };
      }
      case 'events':
        return {
          columns: [
            'eventId',
            'title',
            'startsAt',
            'going',
            'checkedIn',
            'attendanceRate',
            'noShows',
            'alumni',
          ],
          rows: (await this.events(from, to)).items.map((e) => [
            e.eventId,
            e.title,
            e.startsAt,
            e.going,
            e.checkedIn,
            e.attendanceRate,
            e.noShows,
            e.alumni,
          ]),
        };
      case 'digests':
        return {
          columns: ['period', 'sent', 'clicked', 'returned72h', 'unsubscribed'],
          rows: (await this.digests(from, to)).map((p) => [
            p.period,
            p.sent,
            p.clicked,
            p.returned72h,
            p.unsubscribed,
          ]),
        };
    }
  }

  private async involved(from: string, to: string): Promise<FiscalYearKpi[]> {
    return (await this.repository.getFiscalYears(from, to)).map((row) => {
      const involved = count(row.involved);
      const fresh = count(row.new);
      return {
        fiscalYear: row.fiscalYear,
        from: row.startsOn,
        to: row.endsOn,
        involved,
        new: fresh,
        suppressed: anyWithheld([involved, fresh]),
      };
    });
  }

  private async active(from: string, to: string): Promise<ActiveKpis> {
    const [at, days] = await Promise.all([
      this.repository.getActiveAt(to),
      this.repository.getActiveDays(from, to),
    ]);
    const figures = {
      dau: count(at.dau),
      wau: count(at.wau),
      mau: count(at.mau),
      engagedMau: count(at.engagedMau),
    };
    return {
      ...figures,
      suppressed: anyWithheld(Object.values(figures)),
      series: days.map((day) => {
        const dau = count(day.dau);
        const engaged = count(day.engaged);
        return { day: day.day, dau, engaged, suppressed: anyWithheld([dau, engaged]) };
      }),
    };
  }

  private async retention(from: string, to: string): Promise<CohortKpi[]> {
    return (await this.repository.getCohorts(from, to)).map((row) => {
      const withheld = row.size < MIN_GROUP;
      const rate = (k: 1 | 3 | 6 | 12) =>
        withheld || !monthEndedBy(addMonths(row.month, k), to) ? null : percent(row.engaged[k], row.size);
      return {
        month: row.month,
        size: withheld ? null : row.size,
        m1: rate(1),
        m3: rate(3),
        m6: rate(6),
        m12: rate(12),
        suppressed: withheld,
      };
    });
  }

  private async alumni(from: string, to: string): Promise<AlumniKpis> {
    const [rows, reactivated] = await Promise.all([
      this.repository.getEndedProjects(to),
      this.repository.countReactivations(from, to),
    ]);
    const ended = (endsOn: string, k: number) => monthEndedBy(addMonths(endsOn, k), to);
    const projects = rows.map((row) => {
      const withheld = row.participants < MIN_GROUP;
      const rate = (k: (typeof ALUMNI_MONTHS)[number]) =>
        withheld || !ended(row.endsOn, k) ? null : percent(row.engaged[k], row.participants);
      return {
        projectId: row.projectId,
        title: row.title,
        endsOn: row.endsOn,
        participants: withheld ? null : row.participants,
        m3: rate(3),
        m6: rate(6),
        m12: rate(12),
        suppressed: withheld,
      };
    });
    // Overall: every participation (project and participant) whose month k has ended by `to`, pooled.
    const pooled = (k: (typeof ALUMNI_MONTHS)[number]) => {
      const eligible = rows.filter((row) => ended(row.endsOn, k));
      const whole = eligible.reduce((sum, row) => sum + row.participants, 0);
      const part = eligible.reduce((sum, row) => sum + row.engaged[k], 0);
      return { value: percent(part, whole), withheld: whole > 0 && whole < MIN_GROUP };
    };
    const [m3, m6, m12] = ALUMNI_MONTHS.map(pooled);
    const reactivations = count(reactivated);
    return {
      overall: {
        m3: m3.value,
        m6: m6.value,
        m12: m12.value,
        suppressed: m3.withheld || m6.withheld || m12.withheld,
      },
      projects,
      reactivations,
      suppressed: reactivations === null,
    };
  }

  private async events(from: string, to: string): Promise<{ overall: EventsOverallKpi; items: EventKpi[] }> {
    const [rows, repeaters] = await Promise.all([
      this.repository.getEvents(from, to),
      this.repository.countRepeatAttendees(from, to),
    ]);
    const items = rows.map((row): EventKpi => {
      const withheld = row.going < MIN_GROUP;
      const shown = (value: number | null) => (withheld ? null : value);
      return {
        eventId: row.eventId,
        title: row.title,
        startsAt: row.startsAt.toISOString(),
        started: row.started,
        going: shown(row.going),
        checkedIn: shown(row.checkedIn),
        attendanceRate: shown(row.started ? percent(row.checkedIn, row.going) : null),
        noShows: shown(row.started ? row.notCheckedIn : null),
        alumni: shown(row.alumni),
        suppressed: withheld,
      };
    });
    const started = rows.filter((row) => row.started);
    const sum = (list: typeof rows, pick: (row: (typeof rows)[number]) => number) =>
      list.reduce((total, row) => total + pick(row), 0);
    const going = sum(rows, (row) => row.going);
    const startedGoing = sum(started, (row) => row.going);
    const withheld = going > 0 && going < MIN_GROUP;
    const repeatAttendees = count(repeaters);
    const overall: EventsOverallKpi = {
      events: rows.length,
      going: withheld ? null : going,
      checkedIn: withheld ? null : sum(rows, (row) => row.checkedIn),
      attendanceRate: percent(
        sum(started, (row) => row.checkedIn),
        startedGoing,
      ),
      noShows: startedGoing < MIN_GROUP && startedGoing > 0 ? null : sum(started, (row) => row.notCheckedIn),
      repeatAttendees,
      suppressed: false,
    };
    overall.suppressed =
      withheld || repeatAttendees === null || (startedGoing > 0 && startedGoing < MIN_GROUP);
    return { overall, items };
  }

  private async digests(from: string, to: string): Promise<DigestPeriodKpi[]> {
    return (await this.repository.getDigestPeriods(from, to)).map((row) => {
      const withheld = row.sent < MIN_GROUP;
      const shown = (value: number | null) => (withheld ? null : value);
      return {
        period: row.period,
        sent: shown(row.sent),
        clicked: shown(row.clicked),
        clickRate: shown(percent(row.clicked, row.sent)),
        returned72h: shown(row.returned72h),
        returnRate: shown(percent(row.returned72h, row.sent)),
        unsubscribed: shown(row.unsubscribed),
        suppressed: withheld,
      };
    });
  }
}
