/** Japan keeps no daylight saving time: its day is UTC+9 all year. */
const TOKYO_OFFSET_MS = 9 * 3600_000;

/**
 * The Asia/Tokyo calendar day of an instant, `YYYY-MM-DD`: the salon's day (activity is counted in it,
 * projects end on it). Arithmetic
 * rather than Intl, since it runs for every authenticated request (Intl formatting costs microseconds).
 */
export function tokyoDay(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Tokyo day starts (00:00 JST). */
export function tokyoDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - TOKYO_OFFSET_MS);
}
