/**
 * iCalendar (RFC 5545) feeds for events, written with ical.js. Each start and end keeps the event's own zone
 * (TZID), so calendar apps show the event where it happens; the zone's VTIMEZONE comes from
 * timezones-ical-library (the zone's rules of today, from 1970 on).
 *
 * A TZID time is written only where it is exact for every reader: where that VTIMEZONE and the runtime's IANA
 * data (what apps that trust their own zone data use) give the same instant, and where the zone shows that
 * local time only once. Anywhere else (a date under rules the zone has since changed, the hour repeated when
 * clocks go back, a zone the library does not know) the instant is written in UTC, which is exact too.
 */
import ICAL from 'ical.js';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

export interface IcsEvent {
  /** A uuid; the UID is `${id}@${host}` with the host of the public URL. */
  id: string;
  title: string;
  /** Member-written; CRLF and CR are normalised to LF. */
  description: string;
  startsAt: Date;
  endsAt: Date;
  /** IANA zone the event happens in, e.g. 'Asia/Tokyo'. */
  timeZone: string;
  location: string | null;
  url: string;
  /** Only set when the caller may see it (members who are going). */
  joinUrl: string | null;
  /** Bumped on every change so clients replace their copy. */
  sequence: number;
  cancelled: boolean;
  /** DTSTAMP and LAST-MODIFIED. */
  updatedAt: Date;
  organizerName?: string;
}

export interface IcsCalendarOptions {
  publicUrl: string;
  /** X-WR-CALNAME */
  name: string;
}

// ical.js folds every piece to foldLength octets and then adds the continuation line's leading space: 74
// keeps each physical line within RFC 5545's 75 octets.
ICAL.foldLength = 74;
// ical.js writes an X- property it has no type for as it is; X-WR-CALNAME is TEXT, escaped like SUMMARY.
(ICAL.design.icalendar.property as Record<string, { defaultType: string }>)['x-wr-calname'] = {
  defaultType: 'text',
};

const DAY_MS = 86_400_000;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex -- all of them, tab and line breaks included
const URI_CONTROLS = /[\x00-\x1f\x7f]/g;

export function renderIcsCalendar(events: IcsEvent[], options: IcsCalendarOptions): string {
  const host = new URL(options.publicUrl).hostname;
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', '-//Shiojiri Salon//Events//JA');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  addText(calendar, 'x-wr-calname', options.name);

  // VTIMEZONEs come before the events, one per zone a TZID names, in order of first use.
  const zonesUsed = new Set<EventZone>();
  const vevents = events.map((event) => renderEvent(event, host, zonesUsed));
  for (const zone of zonesUsed) calendar.addSubcomponent(zone.vtimezone());
  for (const vevent of vevents) calendar.addSubcomponent(vevent);
  return `${calendar.toString()}\r\n`;
}

function renderEvent(event: IcsEvent, host: string, zonesUsed: Set<EventZone>): ICAL.Component {
  for (const date of [event.startsAt, event.endsAt, event.updatedAt]) {
    if (Number.isNaN(date.getTime())) throw new RangeError(`Event ${event.id}: invalid date`);
  }
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`Event ${event.id}: sequence must be a non-negative integer`);
  }
  const zone = EventZone.for(event.timeZone);
  const vevent = new ICAL.Component('vevent');
  addText(vevent, 'uid', `${event.id}@${host}`);
  vevent.addPropertyWithValue('dtstamp', utc(event.updatedAt));
  for (const [name, date] of [['dtstart', event.startsAt] as const, ['dtend', event.endsAt] as const]) {
    const local = zone?.localTime(date);
    const property = vevent.addPropertyWithValue(name, local ?? utc(date));
    if (zone && local) {
      property.setParameter('tzid', zone.tzid);
      zonesUsed.add(zone);
    }
  }
  vevent.addPropertyWithValue('sequence', event.sequence);
  addText(vevent, 'summary', event.title);
  addText(
    vevent,
    'description',
    event.joinUrl ? `${event.description}\n\n${event.joinUrl}` : event.description,
  );
  if (event.location !== null) addText(vevent, 'location', event.location);
  // URIs are not TEXT (no backslash escaping), but a stray line break would still corrupt the feed.
  vevent.addPropertyWithValue('url', event.url.replace(URI_CONTROLS, ''));
  // Cancellations stay METHOD:PUBLISH: subscribed feeds are not scheduling messages.
  vevent.addPropertyWithValue('status', event.cancelled ? 'CANCELLED' : 'CONFIRMED');
  vevent.addPropertyWithValue('last-modified', utc(event.updatedAt));
  if (event.organizerName) {
    vevent
      .addPropertyWithValue('organizer', `mailto:no-reply@${host}`)
      .setParameter('cn', textValue(event.organizerName));
  }
  return vevent;
}

/**
 * A TEXT property; ical.js escapes backslashes, semicolons, commas and newlines. Control characters other
 * than tab cannot stand in TEXT (§3.3.11), so they are dropped after CRLF and CR become LF.
 */
function addText(component: ICAL.Component, name: string, value: string): void {
  component.addPropertyWithValue(name, textValue(value));
}

function textValue(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** An instant in UTC (20261205T100000Z); sub-second precision does not exist in iCalendar. */
function utc(date: Date): ICAL.Time {
  return ICAL.Time.fromJSDate(date, true);
}

/** The zone an event happens in: its VTIMEZONE from the library, checked against the runtime's zone data. */
class EventZone {
  private static readonly cache = new Map<string, EventZone | null>();
  private static known?: Set<string>;
  private readonly definition: ICAL.Timezone;
  private readonly offsets: Intl.DateTimeFormat;

  /** `name` as the runtime spells it; `tzid` as the library does (the current IANA name of an alias). */
  private constructor(
    name: string,
    private readonly block: string,
    component: ICAL.Component,
    readonly tzid: string,
  ) {
    this.definition = new ICAL.Timezone(component);
    this.offsets = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
  }

  /**
   * Throws a RangeError for a zone the runtime does not know; null for one it knows but the library has no
   * VTIMEZONE for (then every time of the event is written in UTC).
   */
  static for(timeZone: string): EventZone | null {
    const cached = EventZone.cache.get(timeZone);
    if (cached !== undefined) return cached;
    // Canonicalises the spellings Intl accepts ('asia/tokyo').
    const name = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    // The library logs for a name it does not know: ask only for those it lists (aliases included).
    EventZone.known ??= new Set(tzlib_get_timezones(false) as string[]);
    const [block] = EventZone.known.has(name) ? (tzlib_get_ical_block(name, false) as string[]) : [];
    const component = block ? ICAL.Component.fromString(block) : null;
    const zone =
      component && new EventZone(name, block, component, String(component.getFirstPropertyValue('tzid')));
    // Keyed by spelling; only valid zones get here, but cap it anyway.
    if (EventZone.cache.size >= 1024) EventZone.cache.clear();
    EventZone.cache.set(timeZone, zone);
    return zone;
  }

  /** A fresh component each time: a component belongs to one calendar. */
  vtimezone(): ICAL.Component {
    return ICAL.Component.fromString(this.block);
  }

  /** The wall-clock time to write with TZID, or null where that would not be exact (see the top). */
  localTime(date: Date): ICAL.Time | null {
    const ms = Math.floor(date.getTime() / 1000) * 1000;
    const offset = this.offsetMs(ms);
    for (const other of [this.offsetMs(ms - DAY_MS), this.offsetMs(ms + DAY_MS)]) {
      // Another instant showing the same wall clock: the hour repeated when clocks go back.
      if (other !== offset && this.offsetMs(ms + offset - other) === other) return null;
    }
    const wall = new Date(ms + offset);
    const fields = {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    };
    // The instant a reader of our VTIMEZONE computes must be the event's.
    if (ICAL.Time.fromData(fields, this.definition).toUnixTime() * 1000 !== ms) return null;
    return ICAL.Time.fromData(fields);
  }

  /** Offset east of UTC from the runtime's IANA data ('GMT+09:00', 'GMT-03:30', 'GMT'). */
  private offsetMs(ms: number): number {
    const name = this.offsets.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? '';
    const [, sign = '+', hours = '0', minutes = '0', seconds = '0'] =
      /^GMT([+-])(\d+)(?::(\d+))?(?::(\d+))?$/.exec(name) ?? [];
    return (sign === '-' ? -1 : 1) * ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  }
}
