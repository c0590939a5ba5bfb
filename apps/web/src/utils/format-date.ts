/**
 * Dates in the member's time zone, the way Japanese chat and mail show them: `12/4(金) 19:00`, the time
 * alone for today, the year for another year. English: `Fri, Dec 4, 19:00`.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'ja-JP', {
      timeZone,
      year: 'numeric',
      month: locale === 'en' ? 'short' : 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, found);
  }
  return found;
}

interface Parts {
  year: string;
  month: string;
  day: string;
  weekday: string;
  hour: string;
  minute: string;
}

function parts(date: Date, locale: string, timeZone: string): Parts {
  const out: Record<string, string> = {};
  for (const part of formatter(locale, timeZone).formatToParts(date)) out[part.type] = part.value;
  return out as unknown as Parts;
}

export type DateStyle = 'auto' | 'full';

/** `now` is passed in so that "today" is testable. */
export function formatDateTime(
  iso: string,
  {
    locale,
    timeZone,
    now = new Date(),
    style = 'auto',
  }: {
    locale: string;
    timeZone: string;
    now?: Date;
    style?: DateStyle;
  },
): string {
  const date = new Date(iso);
  const p = parts(date, locale, timeZone);
  const today = parts(now, locale, timeZone);
  const time = `${p.hour}:${p.minute}`;
  const sameDay = p.year === today.year && p.month === today.month && p.day === today.day;
  if (style === 'auto' && sameDay) return time;
  const withYear = p.year !== today.year;
  if (locale === 'en') return `${p.weekday}, ${p.month} ${p.day}${withYear ? `, ${p.year}` : ''}, ${time}`;
  return `${withYear ? `${p.year}/` : ''}${p.month}/${p.day}(${p.weekday}) ${time}`;
}

/** The calendar day of an instant in a zone, e.g. for day separators: `2026-12-04`. */
export function dayKey(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), 'ja', timeZone);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

/**
 * A day divider of a message log, in the member's zone: `12月4日(金)`, `今日` / `昨日` for the last two days,
 * the year for another year. English: `Friday, December 4`, `Today`, `Yesterday`.
 */
export function formatDay(
  iso: string,
  { locale, timeZone, now = new Date() }: { locale: string; timeZone: string; now?: Date },
): string {
  const key = dayKey(iso, timeZone);
  if (key === dayKey(now.toISOString(), timeZone)) return locale === 'en' ? 'Today' : '今日';
  if (key === dayKey(new Date(now.getTime() - 86_400_000).toISOString(), timeZone)) {
    return locale === 'en' ? 'Yesterday' : '昨日';
  }
  const withYear = key.slice(0, 4) !== dayKey(now.toISOString(), timeZone).slice(0, 4);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'ja-JP', {
    timeZone,
    ...(withYear && { year: 'numeric' }),
    month: 'long',
    day: 'numeric',
    weekday: locale === 'en' ? 'long' : 'short',
  }).format(new Date(iso));
}

/**
 * An event's time span in a zone: `12/4(金) 19:00〜21:00`, or both dates when it ends another day
 * (`12/4(金) 19:00〜12/5(土) 10:00`). English uses an en dash.
 */
export function formatRange(
  startIso: string,
  endIso: string,
  { locale, timeZone, now = new Date() }: { locale: string; timeZone: string; now?: Date },
): string {
  const start = formatDateTime(startIso, { locale, timeZone, now, style: 'full' });
  const sameDay = dayKey(startIso, timeZone) === dayKey(endIso, timeZone);
  const end = sameDay
    ? formatDateTime(endIso, { locale, timeZone, now: new Date(endIso), style: 'auto' })
    : formatDateTime(endIso, { locale, timeZone, now, style: 'full' });
  return locale === 'en' ? `${start} – ${end}` : `${start}〜${end}`;
}
