import { InvalidKpiRangeError } from './kpis.errors';

/** A figure about fewer people than this is withheld (null) and its object says `suppressed: true`. */
export const MIN_GROUP = 5;

/** The longest range asked for: three years (from + 3 years − 1 day, leap days included). */
export const MAX_RANGE_YEARS = 3;

/** `from` and `to` checked: both real days (the DTO), in order, at most three years apart. */
export function checkRange(from: string, to: string): void {
  if (from > to) throw new InvalidKpiRangeError('to', 'to must be on or after from');
  const [year, month, day] = from.split('-').map(Number);
  const limit = new Date(Date.UTC(2000, month - 1, day));
  limit.setUTCFullYear(year + MAX_RANGE_YEARS);
  limit.setUTCDate(limit.getUTCDate() - 1);
  if (to > limit.toISOString().slice(0, 10)) {
    throw new InvalidKpiRangeError('to', `The range may span at most ${MAX_RANGE_YEARS} years`);
  }
}

/** A count of people, withheld when 1–4 (0 says nobody and is shown). */
export function count(value: number): number | null {
  return value > 0 && value < MIN_GROUP ? null : value;
}

/** part ÷ whole in percent with one decimal; null when the group (whole) is under MIN_GROUP people. */
export function percent(part: number, whole: number): number | null {
  if (whole < MIN_GROUP) return null;
  return Math.round((part * 1000) / whole) / 10;
}

/** `YYYY-MM` (or the first day of a month) plus k months, as `YYYY-MM`. */
export function addMonths(month: string, k: number): string {
  const [year, mon] = month.split('-').map(Number);
  const index = year * 12 + (mon - 1) + k;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Whether the calendar month `YYYY-MM` has ended by the day `to` (its last day is on or before `to`). */
export function monthEndedBy(month: string, to: string): boolean {
  return `${addMonths(month, 1)}-01` <= nextDay(to);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** True when any of the values was withheld. */
export function anyWithheld(values: readonly (number | null)[]): boolean {
  return values.some((value) => value === null);
}
