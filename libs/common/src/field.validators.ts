import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { Transform } from 'class-transformer';

/** May be left out, but not sent as null (for fields that always have a value). */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime knows (e.g. `Asia/Tokyo`). */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be an IANA time zone such as Asia/Tokyo`, ...options },
      validator: { validate: isTimeZone },
    });
}

export const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/**
 * `2026-12-04T19:00:00+09:00` or `…Z`: a real calendar date and time with its offset, years 1–9999 (what
 * PostgreSQL's timestamptz and people both read the same way). JavaScript alone would roll `02-30` over to
 * March and accept year 0 or −5000, which PostgreSQL then refuses.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const parts = ISO_INSTANT.exec(value);
  if (!parts) return null;
  const [year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = parts
    .slice(1)
    .map((part) => part ?? undefined);
  const calendar = new Date(Date.UTC(2000, Number(month) - 1, Number(day)));
  calendar.setUTCFullYear(Number(year));
  if (
    Number(year) < 1 ||
    calendar.getUTCMonth() !== Number(month) - 1 ||
    calendar.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    Number(offsetHours) > 23 ||
    Number(offsetMinutes) > 59
  ) {
    return null;
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** An ISO 8601 instant (see parseInstant), turned into a Date; anything else fails validation with `isInstant`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    Transform(({ value }: { value: unknown }) => parseInstant(value) ?? value)(target, propertyName);
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an ISO 8601 instant with its offset, such as 2026-12-04T19:00:00+09:00',
        ...options,
      },
      validator: { validate: (value: unknown) => value instanceof Date },
    });
  };
}

/** A query-string flag: `true` or `false` (as written in a URL), turned into a boolean; anything else fails. */
export function IsQueryFlag(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    Transform(({ value }: { value: unknown }) =>
      value === 'true' ? true : value === 'false' ? false : value,
    )(target, propertyName);
    registerDecorator({
      name: 'isQueryFlag',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be true or false', ...options },
      validator: { validate: (value: unknown) => typeof value === 'boolean' },
    });
  };
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `2026-12-04`: a day that exists on the calendar, years 1–9999 (what PostgreSQL's `date` stores and people
 * write), or null. A day, not an instant: which day it is where is the reader's rule (Asia/Tokyo here).
 */
export function parseCalendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const parts = CALENDAR_DATE.exec(value);
  if (!parts) return null;
  const [year, month, day] = parts.slice(1).map(Number);
  const calendar = new Date(Date.UTC(2000, month - 1, day));
  calendar.setUTCFullYear(year);
  const exists = year >= 1 && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  return exists ? value : null;
}

/** A calendar date as `YYYY-MM-DD` (see parseCalendarDate), kept as that string; anything else fails with `isCalendarDate`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a date such as 2026-12-04 (YYYY-MM-DD)', ...options },
      validator: { validate: (value: unknown) => parseCalendarDate(value) !== null },
    });
}
