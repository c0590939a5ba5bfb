import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsCalendarDate } from '@app/common';

export class KpiRangeQueryDto {
  @ApiProperty({ example: '2026-04-01', description: 'First day (Asia/Tokyo), YYYY-MM-DD' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2026-12-05',
    description: 'Last day (Asia/Tokyo), YYYY-MM-DD; at most 3 years after from',
  })
  @IsCalendarDate()
  to!: string;
}

export const KPI_TABLES = ['involved', 'active', 'retention', 'alumni', 'events', 'digests'] as const;
export type KpiTable = (typeof KPI_TABLES)[number];

export class KpiCsvQueryDto extends KpiRangeQueryDto {
  @ApiProperty({ enum: KPI_TABLES })
  @IsIn(KPI_TABLES)
  table!: KpiTable;
}

/** Every object carrying figures says whether one of them was withheld (a group under 5 people). */
interface Suppressible {
  suppressed: boolean;
}

export interface FiscalYearKpi extends Suppressible {
  fiscalYear: number;
  /** The days counted: April 1 to March 31, cut at `to`. */
  from: string;
  to: string;
  involved: number | null;
  new: number | null;
}

export interface ActiveDayKpi extends Suppressible {
  day: string;
  dau: number | null;
  engaged: number | null;
}

export interface ActiveKpis extends Suppressible {
  dau: number | null;
  wau: number | null;
  mau: number | null;
  engagedMau: number | null;
  series: ActiveDayKpi[];
}

export interface CohortKpi extends Suppressible {
  month: string;
  size: number | null;
  m1: number | null;
  m3: number | null;
  m6: number | null;
  m12: number | null;
}

export interface AlumniRates extends Suppressible {
  m3: number | null;
  m6: number | null;
  m12: number | null;
}

export interface ProjectAlumniKpi extends AlumniRates {
  projectId: string;
  title: string;
  endsOn: string;
  participants: number | null;
}

export interface AlumniKpis {
  overall: AlumniRates;
  projects: ProjectAlumniKpi[];
  reactivations: number | null;
  suppressed: boolean;
}

export interface EventsOverallKpi extends Suppressible {
  events: number;
  going: number | null;
  checkedIn: number | null;
  attendanceRate: number | null;
  noShows: number | null;
  repeatAttendees: number | null;
}

export interface EventKpi extends Suppressible {
  eventId: string;
  title: string;
  startsAt: string;
  started: boolean;
  going: number | null;
  checkedIn: number | null;
  attendanceRate: number | null;
  noShows: number | null;
  alumni: number | null;
}

export interface DigestPeriodKpi extends Suppressible {
  period: string;
  sent: number | null;
  clicked: number | null;
  clickRate: number | null;
  returned72h: number | null;
  returnRate: number | null;
  unsubscribed: number | null;
}

export interface KpisDto {
  from: string;
  to: string;
  involved: { fiscalYears: FiscalYearKpi[] };
  active: ActiveKpis;
  retention: { cohorts: CohortKpi[] };
  alumni: AlumniKpis;
  events: { overall: EventsOverallKpi; items: EventKpi[] };
  digests: { periods: DigestPeriodKpi[] };
}
