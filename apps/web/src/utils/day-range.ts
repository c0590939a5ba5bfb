/**
 * A project's days (`YYYY-MM-DD`, calendar days in Japan) as people read them: `2021/10/1～12/31` in
 * Japanese, `Oct 1 – Dec 31, 2021` in English. The days are shown as written, never moved by the reader's
 * time zone (they are read at noon UTC, and formatted in UTC).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'ja-JP', {
      timeZone: 'UTC',
      ...(withYear && { year: 'numeric' }),
      month: locale === 'en' ? 'short' : 'numeric',
      day: 'numeric',
    });
    formatters.set(key, found);
  }
  return found;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day as a Date at noon UTC, or null for anything that is not `YYYY-MM-DD`. */
export function dayToDate(day: string): Date | null {
  const parts = DAY.exec(day);
  if (!parts) return null;
  const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]), 12));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDay(day: string, locale: string): string {
  const date = dayToDate(day);
  return date ? formatter(locale, true).format(date) : day;
}

/**
 * From the first day to the last, a shared year written once (ICU's own range format differs between
 * engines, so the two ends are put together here): `2021/10/1～12/31`, `Oct 1 – Dec 31, 2021`.
 */
export function formatDayRange(startsOn: string, endsOn: string, locale: string): string {
  const from = dayToDate(startsOn);
  const to = dayToDate(endsOn);
  if (!from || !to) return `${startsOn} – ${endsOn}`;
  if (startsOn === endsOn) return formatDay(startsOn, locale);
  const sameYear = from.getUTCFullYear() === to.getUTCFullYear() && from <= to;
  if (locale === 'en') {
    return sameYear
      ? `${formatter(locale, false).format(from)} – ${formatDay(endsOn, locale)}`
      : `${formatDay(startsOn, locale)} – ${formatDay(endsOn, locale)}`;
  }
  return `${formatDay(startsOn, locale)}～${sameYear ? formatter(locale, false).format(to) : formatDay(endsOn, locale)}`;
}

/** Whether the last day is on or after the first (what the api checks: INVALID_PROJECT_DATES otherwise). */
export function daysInOrder(startsOn: string, endsOn: string): boolean {
  return !startsOn || !endsOn || endsOn >= startsOn;
}
