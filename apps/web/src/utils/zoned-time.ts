/**
 * Wall-clock times in a named time zone, for forms: an event is entered in its own zone (a workshop in
 * Shiojiri at 19:00 Asia/Tokyo) whatever the browser's zone is. `<input type="datetime-local">` speaks
 * `YYYY-MM-DDTHH:mm`; the api speaks instants with their offset.
 */
const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let found = wallFormatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallFormatters.set(timeZone, found);
  }
  return found;
}

/** The wall clock of an instant in a zone, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of wallFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = new Date(
    Date.UTC(2000, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second),
  );
  year.setUTCFullYear(fields.year);
  return year.getTime();
}

/** `YYYY-MM-DDTHH:mm` in `timeZone` for an instant (the value of a datetime-local input). */
export function toZonedInput(iso: string, timeZone: string): string {
  return new Date(wallClockMs(new Date(iso).getTime(), timeZone)).toISOString().slice(0, 16);
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant at which the clocks of `timeZone` show `value` (`YYYY-MM-DDTHH:mm`), as ISO 8601 with its
 * offset (`2026-12-04T19:00:00+09:00`); null if the value is not such a time. A time that a DST change
 * skips is taken with the offset before the change; one it repeats, the earlier of the two.
 */
export function fromZonedInput(value: string, timeZone: string): string | null {
  const match = INPUT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = new Date(Date.UTC(2000, month - 1, day, hour, minute));
  wall.setUTCFullYear(year);
  if (wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day) return null;
  const target = wall.getTime();
  const offsetAt = (instant: number) => wallClockMs(instant, timeZone) - instant;
  // Offsets in force around that day (two at most); keep those at which the clocks do show `value`.
  const before = offsetAt(target - 86_400_000);
  const offsets = new Set([before, offsetAt(target), offsetAt(target + 86_400_000)]);
  const showing = [...offsets].filter((offset) => wallClockMs(target - offset, timeZone) === target);
  const offset = showing.length ? Math.max(...showing) : before;
  return `${value}:00${formatOffset(offset)}`;
}

function formatOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
