/**
 * iCalendar (RFC 5545) feeds for events. Pure and dependency-free: time zone definitions (VTIMEZONE) are
 * derived from the runtime's IANA data through Intl, so the feed never depends on a client knowing our TZIDs.
 */

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

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Escapes a TEXT value (RFC 5545 §3.3.11); control characters other than tab are invalid in TEXT, so dropped. */
export function escapeIcsText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
      .replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`))
  );
}

/**
 * Folds one content line so no physical line exceeds 75 octets (RFC 5545 §3.1). Breaks only between code
 * points, so a UTF-8 sequence is never split; the leading space of a continuation line counts toward its 75.
 */
export function foldIcsLine(line: string): string {
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit && current !== '') {
      physical.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  physical.push(current);
  return physical.join(`${CRLF} `);
}

export function renderIcsCalendar(events: IcsEvent[], options: IcsCalendarOptions): string {
  const host = new URL(options.publicUrl).hostname;
  const vevents: string[][] = [];
  // Each zone used, with the local years its VTIMEZONE must cover (in order of first use).
  const zones = new Map<string, { clock: ZoneClock; minYear: number; maxYear: number }>();
  for (const event of events) {
    for (const date of [event.startsAt, event.endsAt, event.updatedAt]) assertValidDate(date, event.id);
    if (!Number.isSafeInteger(event.sequence) || event.sequence < 0) {
      throw new RangeError(`Event ${event.id}: sequence must be a non-negative integer`);
    }
    const clock = ZoneClock.for(event.timeZone);
    const start = clock.dateTimeProperty('DTSTART', event.startsAt);
    const end = clock.dateTimeProperty('DTEND', event.endsAt);
    const zone = zones.get(clock.tzid) ?? { clock, minYear: start.localYear, maxYear: start.localYear };
    zone.minYear = Math.min(zone.minYear, start.localYear, end.localYear);
    zone.maxYear = Math.max(zone.maxYear, start.localYear, end.localYear);
    zones.set(clock.tzid, zone);
    vevents.push(renderEvent(event, host, start.line, end.line));
  }

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Shiojiri Salon//Events//JA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(options.name)}`,
  ];
  for (const { clock, minYear, maxYear } of zones.values()) {
    lines.push(...renderTimezone(clock, minYear, maxYear));
  }
  for (const vevent of vevents) lines.push(...vevent);
  lines.push('END:VCALENDAR');
  return lines.map((line) => `${foldIcsLine(line)}${CRLF}`).join('');
}

function renderEvent(event: IcsEvent, host: string, dtstart: string, dtend: string): string[] {
  const description = event.joinUrl ? `${event.description}\n\n${event.joinUrl}` : event.description;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(`${event.id}@${host}`)}`,
    `DTSTAMP:${formatUtc(event.updatedAt)}`,
    dtstart,
    dtend,
    `SEQUENCE:${event.sequence}`,
    `SUMMARY:${escapeIcsText(event.title)}`,
    `DESCRIPTION:${escapeIcsText(description)}`,
  ];
  if (event.location !== null) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
  lines.push(
    `URL:${uriValue(event.url)}`,
    // Cancellations stay METHOD:PUBLISH: subscribed feeds are not scheduling messages.
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `LAST-MODIFIED:${formatUtc(event.updatedAt)}`,
  );
  if (event.organizerName) {
    lines.push(`ORGANIZER;CN=${quoteParam(event.organizerName)}:mailto:no-reply@${host}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** Years before the first event are included so each observance starts before anything it governs. */
function renderTimezone(clock: ZoneClock, minYear: number, maxYear: number): string[] {
  const from = Date.UTC(minYear - 1, 0, 1);
  const transitions = clock.transitionsInYears(minYear - 1, maxYear);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${escapeIcsText(clock.tzid)}`];

  if (transitions.length === 0) {
    // A fixed offset for the whole span (Asia/Tokyo): one observance from the conventional epoch.
    const offset = clock.offsetSeconds(from);
    lines.push(
      ...observance('STANDARD', '19700101T000000', offset, offset, clock.abbreviation(from, offset)),
    );
  } else {
    const rules = yearlyRules(transitions, minYear - 1, maxYear);
    if (rules) {
      for (const { transition, rrule } of rules) {
        lines.push(...transitionObservance(clock, transition, `RRULE:${rrule}`));
      }
    } else {
      // Rules changed inside the span (or are not expressible as BYDAY): list every transition instead.
      const offset = clock.offsetSeconds(from);
      const firstKind = observanceKind(transitions[0]) === 'DAYLIGHT' ? 'STANDARD' : 'DAYLIGHT';
      lines.push(
        ...observance(
          firstKind,
          formatLocal(from + offset * 1000),
          offset,
          offset,
          clock.abbreviation(from, offset),
        ),
      );
      for (const transition of transitions) lines.push(...transitionObservance(clock, transition));
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

interface Transition {
  /** First instant (ms) of the new offset. */
  at: number;
  /** Offsets east of UTC, in seconds. */
  from: number;
  to: number;
}

type ObservanceKind = 'STANDARD' | 'DAYLIGHT';

function observanceKind(transition: Transition): ObservanceKind {
  // Intl exposes offsets, not DST flags: moving clocks forward starts daylight time.
  return transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
}

function transitionObservance(clock: ZoneClock, transition: Transition, ...extra: string[]): string[] {
  const { at, from, to } = transition;
  // DTSTART of an observance is the local time just before the change, i.e. in TZOFFSETFROM.
  const start = formatLocal(at + from * 1000);
  return observance(observanceKind(transition), start, from, to, clock.abbreviation(at, to), ...extra);
}

function observance(
  kind: ObservanceKind,
  dtstart: string,
  from: number,
  to: number,
  name: string,
  ...extra: string[]
): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    ...extra,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    `TZNAME:${escapeIcsText(name)}`,
    `END:${kind}`,
  ];
}

/**
 * One yearly rule per observance kind when every year of the span has exactly one transition of each kind,
 * always at the same local time, on the same nth (or last) weekday of the same month, between the same two
 * offsets; otherwise null.
 */
function yearlyRules(
  transitions: Transition[],
  firstYear: number,
  lastYear: number,
): { transition: Transition; rrule: string }[] | null {
  const yearCount = lastYear - firstYear + 1;
  const rules: { transition: Transition; rrule: string }[] = [];
  for (const kind of ['DAYLIGHT', 'STANDARD'] as const) {
    const group = transitions.filter((transition) => observanceKind(transition) === kind);
    if (group.length !== yearCount) return null;
    const [first] = group;
    const shapes = group.map((transition) => ruleShape(transition));
    const seenYears = new Set(shapes.map((shape) => shape.year));
    if (
      seenYears.size !== yearCount ||
      !shapes.every((shape) => shape.year >= firstYear && shape.year <= lastYear)
    ) {
      return null;
    }
    const sameShape = group.every(
      (transition, index) =>
        transition.from === first.from &&
        transition.to === first.to &&
        shapes[index].month === shapes[0].month &&
        shapes[index].weekday === shapes[0].weekday &&
        shapes[index].timeOfDay === shapes[0].timeOfDay,
    );
    if (!sameShape) return null;
    // "Last Sunday" is the usual rule where both fit, so it wins over "4th Sunday".
    const ordinal = ['-1', '1', '2', '3', '4', '5'].find((candidate) =>
      shapes.every((shape) => shape.ordinals.includes(candidate)),
    );
    if (!ordinal) return null;
    rules.push({
      transition: first,
      rrule: `FREQ=YEARLY;BYMONTH=${shapes[0].month};BYDAY=${ordinal}${WEEKDAYS[shapes[0].weekday]}`,
    });
  }
  const [daylight, standard] = rules.map((rule) => rule.transition);
  if (daylight.to !== standard.from || standard.to !== daylight.from) return null;
  return rules;
}

function ruleShape(transition: Transition) {
  const local = new Date(transition.at + transition.from * 1000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const ordinals = [String(Math.ceil(day / 7))];
  if (day + 7 > daysInMonth) ordinals.push('-1');
  return {
    year,
    month,
    weekday: local.getUTCDay(),
    timeOfDay: local.getTime() - Date.UTC(year, month - 1, day),
    ordinals,
  };
}

/** The wall clock of one IANA zone, read through Intl. */
class ZoneClock {
  private static readonly cache = new Map<string, ZoneClock>();
  private readonly wall: Intl.DateTimeFormat;
  private readonly yearCache = new Map<number, Transition[]>();
  private names?: Intl.DateTimeFormat[];

  private constructor(readonly tzid: string) {
    this.wall = new Intl.DateTimeFormat('en-US', {
      timeZone: tzid,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Throws a RangeError for an unknown zone; spellings Intl accepts are canonicalised ('asia/tokyo'). */
  static for(timeZone: string): ZoneClock {
    let clock = ZoneClock.cache.get(timeZone);
    if (!clock) {
      const tzid = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
      clock = ZoneClock.cache.get(tzid) ?? new ZoneClock(tzid);
      // Keyed by spelling too; only valid zones get here, but cap it anyway.
      if (ZoneClock.cache.size >= 1024) ZoneClock.cache.clear();
      ZoneClock.cache.set(tzid, clock).set(timeZone, clock);
    }
    return clock;
  }

  /** The local date and time of an instant, as milliseconds of a UTC clock showing the same fields. */
  localMs(ms: number): number {
    const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const part of this.wall.formatToParts(ms)) fields[part.type] = Number(part.value);
    const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = fields;
    const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
    local.setUTCFullYear(year);
    return local.getTime();
  }

  /** Offset east of UTC in seconds, exact to the second (historic LMT offsets are not whole minutes). */
  offsetSeconds(ms: number): number {
    const second = Math.floor(ms / 1000) * 1000;
    return (this.localMs(second) - second) / 1000;
  }

  /**
   * DTSTART/DTEND with TZID, except for a local time the zone shows twice (the hour repeated when clocks go
   * back): clients disagree on which one such a time means, so that instant is written in UTC instead.
   */
  dateTimeProperty(name: string, date: Date): { line: string; localYear: number } {
    const ms = Math.floor(date.getTime() / 1000) * 1000;
    const local = this.localMs(ms);
    const offset = (local - ms) / 1000;
    const localYear = new Date(local).getUTCFullYear();
    const nearby = new Set([this.offsetSeconds(ms - DAY_MS), this.offsetSeconds(ms + DAY_MS)]);
    for (const other of nearby) {
      if (other !== offset && this.offsetSeconds(local - other * 1000) === other) {
        return { line: `${name}:${formatUtc(date)}`, localYear };
      }
    }
    return { line: `${name};TZID=${paramValue(this.tzid)}:${formatLocal(local)}`, localYear };
  }

  /** Offset changes from the start of firstYear to the end of lastYear (UTC years). */
  transitionsInYears(firstYear: number, lastYear: number): Transition[] {
    const found: Transition[] = [];
    for (let year = firstYear; year <= lastYear; year += 1) {
      let transitions = this.yearCache.get(year);
      if (!transitions) {
        // Scanning a year costs a few hundred Intl calls and feeds are re-rendered often; the data is fixed.
        if (this.yearCache.size >= 256) this.yearCache.clear();
        transitions = this.scan(Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
        this.yearCache.set(year, transitions);
      }
      found.push(...transitions);
    }
    return found;
  }

  /** Offset changes in (from, to], found by sampling daily and bisecting to the second. */
  private scan(from: number, to: number): Transition[] {
    const found: Transition[] = [];
    let before = from;
    let offset = this.offsetSeconds(from);
    while (before < to) {
      const after = Math.min(before + DAY_MS, to);
      const next = this.offsetSeconds(after);
      if (next !== offset) {
        let low = before;
        let high = after;
        while (high - low > 1000) {
          const middle = low + Math.floor((high - low) / 2000) * 1000;
          if (this.offsetSeconds(middle) === offset) low = middle;
          else high = middle;
        }
        found.push({ at: high, from: offset, to: next });
      }
      before = after;
      offset = next;
    }
    return found;
  }

  /** TZNAME: an abbreviation some English or Japanese locale knows (JST, CET, EDT), else tzdata's "+09". */
  abbreviation(ms: number, offset: number): string {
    this.names ??= ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP'].map(
      (locale) => new Intl.DateTimeFormat(locale, { timeZone: this.tzid, timeZoneName: 'short' }),
    );
    for (const format of this.names) {
      const name = format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value;
      if (name && /^[A-Z]{2,5}$/.test(name)) return name;
    }
    const sign = offset < 0 ? '-' : '+';
    const hours = pad(Math.floor(Math.abs(offset) / 3600));
    const minutes = Math.floor((Math.abs(offset) % 3600) / 60);
    return `${sign}${hours}${minutes ? pad(minutes) : ''}`;
  }
}

function assertValidDate(date: Date, eventId: string): void {
  if (Number.isNaN(date.getTime())) throw new RangeError(`Event ${eventId}: invalid date`);
}

function utf8Length(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  // Lone surrogates are encoded as U+FFFD, 3 octets.
  return codePoint < 0x10000 ? 3 : 4;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** 20261205T100000Z; sub-second precision does not exist in iCalendar. */
function formatUtc(date: Date): string {
  return `${formatLocal(Math.floor(date.getTime() / 1000) * 1000)}Z`;
}

/** The fields of a UTC-clock millisecond value as an iCalendar local DATE-TIME (20261205T190000). */
function formatLocal(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

/** +0900, -0430, +051736; RFC 5545 forbids -0000. */
function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const rest = abs % 60;
  return `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor((abs % 3600) / 60))}${rest ? pad(rest) : ''}`;
}

/** URIs are not TEXT (no backslash escaping), but a stray line break would still corrupt the feed. */
function uriValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\x00-\x1f\x7f]/g, '');
}

/** Parameter values are quoted only when they must be (IANA names never need it; offset zones would). */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- these characters end or break a parameter value
  return /[";:,\x00-\x1f\x7f]/.test(value) ? quoteParam(value) : value;
}

/** A quoted parameter value, with RFC 6868 escapes for the characters a quoted value cannot hold. */
function quoteParam(value: string): string {
  const escaped = value
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
    .replace(/[\^\n"]/g, (char) => (char === '^' ? '^^' : char === '\n' ? '^n' : "^'"));
  return `"${escaped}"`;
}
