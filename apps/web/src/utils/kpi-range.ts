/**
 * The dashboard's range of days (`YYYY-MM-DD`, calendar days in Japan, as the api reads them): by default
 * this fiscal year (April to March, named by the year it starts in) from its April 1 to today.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The api's limit (INVALID_RANGE beyond it). */
export const MAX_RANGE_YEARS = 3;

const tokyoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Japan, whatever the reader's zone. */
export function tokyoToday(now: Date = new Date()): string {
  return tokyoDay.format(now);
}

/** Whether the text is a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isDay(text: string | null | undefined): text is string {
  const parts = text ? DAY.exec(text) : null;
  if (!parts) return false;
  const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  return date.getUTCMonth() === Number(parts[2]) - 1 && date.getUTCDate() === Number(parts[3]);
}

/** The fiscal year a day falls in: 2026-03-31 is in 2025's, 2026-04-01 in 2026's. */
export function fiscalYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 4 ? year : year - 1;
}

export interface DayRange {
  from: string;
  to: string;
}

/** This fiscal year's April 1 in Japan to today. */
export function defaultRange(now: Date = new Date()): DayRange {
  const to = tokyoToday(now);
  return { from: `${fiscalYearOf(to)}-04-01`, to };
}

export type RangeProblem = 'invalidDay' | 'order' | 'tooLong';

/** What is wrong with a range before it is sent (the api says the same with INVALID_RANGE), or null. */
export function rangeProblem({ from, to }: DayRange): RangeProblem | null {
  if (!isDay(from) || !isDay(to)) return 'invalidDay';
  if (from > to) return 'order';
  const limit = `${Number(from.slice(0, 4)) + MAX_RANGE_YEARS}${from.slice(4)}`;
  if (to > limit) return 'tooLong';
  return null;
}

/** The range the address asks for (`?from=&to=`), each end that is missing or not a day by default. */
export function rangeFromSearch(search: URLSearchParams, now: Date = new Date()): DayRange {
  const fallback = defaultRange(now);
  const from = search.get('from');
  const to = search.get('to');
  return { from: isDay(from) ? from : fallback.from, to: isDay(to) ? to : fallback.to };
}
