import { wallClock, type WallClock } from '@app/common';
import type { DigestFrequency } from '@app/queue';

export const DIGEST_FREQUENCIES: readonly DigestFrequency[] = ['weekly', 'daily'];

/** The wall clock as if it were UTC, in ms: the arithmetic of calendar days without any zone. */
function asUtc(clock: WallClock): number {
  return Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    clock.millisecond,
  );
}

function fromUtc(ms: number): WallClock {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
  };
}

/**
 * The instant at which the zone's clocks read this wall time, as PostgreSQL's `timestamp AT TIME ZONE`
 * answers it: a time that a spring-forward gap skips is read with the offset from before the gap (it
 * lands after it), a time that a fall-back repeats is the later of the two.
 */
export function instantOf(clock: WallClock, timeZone: string): Date {
  const local = asUtc(clock);
  const offsetAt = (instant: number) => asUtc(wallClock(new Date(instant), timeZone)) - instant;
  const before = offsetAt(local - 86_400_000);
  const after = offsetAt(local + 86_400_000);
  // Try the offset in force after the instant first (it gives the later of two readings), then before.
  for (const offset of [after, before]) {
    const candidate = local - offset;
    if (asUtc(wallClock(new Date(candidate), timeZone)) === local) return new Date(candidate);
  }
  return new Date(local - before);
}

/** ISO 8601 weekday, 1 = Monday … 7 = Sunday. */
function isoWeekday(clock: WallClock): number {
  const day = new Date(Date.UTC(clock.year, clock.month - 1, clock.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `2026-W49`: the ISO week (and its year) of a calendar date. */
export function isoWeekKey(clock: WallClock): string {
  const date = new Date(Date.UTC(clock.year, clock.month - 1, clock.day));
  // The Thursday of this week decides the week's year.
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday(clock));
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

export interface DigestSchedule {
  timeZone: string;
  /** ISO weekday of the weekly send, 1–7. */
  sendWeekday: number;
  sendHour: number;
  /** Members who joined after a period ended are not due for it. */
  joinedAt: Date;
}

export interface DuePeriod {
  /** `2026-W48` (weekly: the ISO week of the period's local end) or `2026-11-23` (daily). */
  key: string;
  start: Date;
  end: Date;
}

/**
 * The period a member is due for at `now`, in their own zone:
 * - scheduled: the period that ended at their latest send time at or before now (weekly: ISO weekday and
 *   hour; daily: hour);
 * - `endsNow` (an admin's run): the period that ends now, whatever the send hour.
 * A period is one week or one day of wall-clock time back from its end. Null when the member joined after
 * the period ended. The key makes a member get at most one digest per week or day whoever triggers it.
 */
export function duePeriod(
  frequency: DigestFrequency,
  schedule: DigestSchedule,
  now: Date,
  endsNow: boolean,
): DuePeriod | null {
  const local = wallClock(now, schedule.timeZone);
  const days = frequency === 'daily' ? 1 : 7;
  let localEnd: WallClock;
  if (endsNow) {
    localEnd = local;
  } else {
    const back = frequency === 'daily' ? 0 : (isoWeekday(local) - schedule.sendWeekday + 7) % 7;
    const candidate = fromUtc(
      Date.UTC(local.year, local.month - 1, local.day - back, schedule.sendHour, 0, 0, 0),
    );
    localEnd = asUtc(candidate) <= asUtc(local) ? candidate : fromUtc(asUtc(candidate) - days * 86_400_000);
  }
  const end = instantOf(localEnd, schedule.timeZone);
  if (end <= schedule.joinedAt) return null;
  const start = instantOf(fromUtc(asUtc(localEnd) - days * 86_400_000), schedule.timeZone);
  const key =
    frequency === 'daily'
      ? `${localEnd.year}-${pad(localEnd.month)}-${pad(localEnd.day)}`
      : isoWeekKey(localEnd);
  return { key, start, end };
}
