/**
 * How the dashboard writes a figure: the api sends `null` for a figure about fewer than 5 people (and
 * marks its object `suppressed`) and for a month that has not ended yet; both are written as a dash, and
 * the legend says which.
 */
export const DASH = '—';

export type FigureState = 'value' | 'suppressed' | 'pending';

/** Why a figure is missing: suppressed (fewer than 5 people) when its object says so, else not yet known. */
export function figureState(value: number | null | undefined, suppressed = false): FigureState {
  if (value !== null && value !== undefined) return 'value';
  return suppressed ? 'suppressed' : 'pending';
}

const numbers = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, decimals: number): Intl.NumberFormat {
  const key = `${locale}|${decimals}`;
  let found = numbers.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'ja-JP', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    numbers.set(key, found);
  }
  return found;
}

/** A count of people (`1,234`), or the dash. */
export function formatCount(value: number | null | undefined, locale: string): string {
  return value === null || value === undefined ? DASH : numberFormat(locale, 0).format(value);
}

/** A percentage with its one decimal (`42.5%`), or the dash. */
export function formatPercent(value: number | null | undefined, locale: string): string {
  return value === null || value === undefined ? DASH : `${numberFormat(locale, 1).format(value)}%`;
}

/** `2026-04-05` as `4/5` (a chart's axis: the year is in the range above it). */
export function shortDay(day: string): string {
  return `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;
}

/** `2026-04` as `2026/4` (ja) or `Apr 2026` (en): a cohort's join month. */
export function formatMonth(month: string, locale: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  if (!year || !index) return month;
  if (locale !== 'en') return `${year}/${index}`;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(
    new Date(Date.UTC(year, index - 1, 15)),
  );
}
