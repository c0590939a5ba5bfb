import ICAL from 'ical.js';
import type * as IcsModule from './ics';
import { renderIcsCalendar, type IcsEvent } from './ics';

const options = { publicUrl: 'https://salon.example.jp/app', name: '塩尻サロン イベント' };

function makeEvent(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    id: '0b8a4c1e-6f0d-4a5e-9c3b-2d7e8f9a1b2c',
    title: 'Shiojiri wine night',
    description: 'Bring a glass.',
    startsAt: new Date('2026-12-05T10:00:00Z'),
    endsAt: new Date('2026-12-05T12:00:00Z'),
    timeZone: 'Asia/Tokyo',
    location: null,
    url: 'https://salon.example.jp/events/0b8a4c1e',
    joinUrl: null,
    sequence: 0,
    cancelled: false,
    updatedAt: new Date('2026-11-01T03:04:05Z'),
    ...overrides,
  };
}

function parse(ics: string) {
  const calendar = ICAL.Component.fromString(ics);
  const vevents = calendar.getAllSubcomponents('vevent');
  return { calendar, vevents, events: vevents.map((vevent) => new ICAL.Event(vevent)) };
}

/** Render one event and parse it back. */
function roundTrip(overrides: Partial<IcsEvent> = {}) {
  const ics = renderIcsCalendar([makeEvent(overrides)], options);
  const { calendar, vevents, events } = parse(ics);
  return { ics, calendar, vevent: vevents[0], event: events[0] };
}

/** Physical lines without their CRLF; the output ends with CRLF, so the last split element is empty. */
function physicalLines(ics: string): string[] {
  const lines = ics.split('\r\n');
  expect(lines.pop()).toBe('');
  return lines;
}

function unfold(ics: string): string[] {
  return ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
}

/**
 * Every physical line is at most 75 octets with its continuation space and decodes on its own (so no
 * character was split across two lines); returns how many continuation lines there are.
 */
function expectFoldedWithin75Octets(ics: string): number {
  const bytes = Buffer.from(ics, 'utf8');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let folded = 0;
  for (let end = bytes.indexOf('\r\n'); end !== -1; end = bytes.indexOf('\r\n', start)) {
    const line = bytes.subarray(start, end);
    expect(line.length).toBeLessThanOrEqual(75);
    expect(() => decoder.decode(line)).not.toThrow();
    if (line[0] === 0x20) folded += 1;
    start = end + 2;
  }
  expect(start).toBe(bytes.length);
  return folded;
}

/** Per TZID: [kind, DTSTART, TZOFFSETFROM, TZOFFSETTO, RRULE] of each observance. */
function observances(ics: string): Record<string, (string | undefined)[][]> {
  const byZone: Record<string, (string | undefined)[][]> = {};
  for (const vtimezone of parse(ics).calendar.getAllSubcomponents('vtimezone')) {
    byZone[String(vtimezone.getFirstPropertyValue('tzid'))] = vtimezone
      .getAllSubcomponents()
      .map((observance) => [
        observance.name,
        ...['dtstart', 'tzoffsetfrom', 'tzoffsetto', 'rrule'].map((name) =>
          observance.getFirstPropertyValue(name)?.toString(),
        ),
      ]);
  }
  return byZone;
}

describe('renderIcsCalendar', () => {
  it('writes the calendar header and ends every line with CRLF', () => {
    const ics = renderIcsCalendar([makeEvent()], options);
    expect(ics.endsWith('\r\n')).toBe(true);
    for (const line of physicalLines(ics)) expect(line).not.toMatch(/[\r\n]/);

    const lines = unfold(ics);
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Shiojiri Salon//Events//JA',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:塩尻サロン イベント',
    ]);
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    const { calendar } = parse(ics);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(options.name);
  });

  it('round-trips Japanese text with commas, semicolons, backslashes and newlines exactly', () => {
    const title = '塩尻ワイン会; 新酒, 試飲 \\ 乾杯';
    const description = '持ち物: グラス、おつまみ;\n集合は駅前\\東口, 18時\n\n雨天決行 🍷';
    const location = 'えんぱーく 3F, 塩尻市大門一番町12-2; 長野県';
    const organizerName = '山田 "ワイン" 太郎 ^_^';
    const { event, vevent } = roundTrip({ title, description, location, organizerName });

    expect(event.summary).toBe(title);
    expect(event.description).toBe(description);
    expect(event.location).toBe(location);
    const organizer = vevent.getFirstProperty('organizer');
    expect(organizer?.getParameter('cn')).toBe(organizerName);
    expect(organizer?.getFirstValue()).toBe('mailto:no-reply@salon.example.jp');
  });

  it('escapes backslashes, semicolons, commas and newlines in TEXT, and drops control characters but tabs', () => {
    const { ics, event } = roundTrip({
      title: 'a\\b;c,d\ne\r\nf\rg',
      description: 'a\u0000b\u001bc\td\u007f',
    });
    expect(unfold(ics)).toEqual(
      expect.arrayContaining(['SUMMARY:a\\\\b\\;c\\,d\\ne\\nf\\ng', 'DESCRIPTION:abc\td']),
    );
    expect(event.summary).toBe('a\\b;c,d\ne\nf\ng');
    expect(event.description).toBe('abc\td');
  });

  it('folds long Japanese lines at 75 octets without breaking characters', () => {
    const title = `🍇${'塩尻の関係人口を考える長い長いタイトル、'.repeat(8)}🍷`;
    const description = `${'ぶどう畑を歩き、ワイナリーを巡り、地域の人と語り合う一日。'.repeat(10)}\n${'😀'.repeat(40)}`;
    const { ics, event } = roundTrip({ title, description });

    expect(expectFoldedWithin75Octets(ics)).toBeGreaterThan(10);
    const unfolded = Buffer.from(ics.replace(/\r\n /g, ''), 'utf8');
    expect(new TextDecoder('utf-8', { fatal: true }).decode(unfolded)).toContain(`SUMMARY:${title}\r\n`);
    expect(event.summary).toBe(title);
    expect(event.description).toBe(description);
  });

  it.each([
    ['ASCII', 'b'.repeat(75 + 74 + 1)],
    ['3-octet kana', 'あ'.repeat(30)],
    // A 4-octet emoji that would straddle the end of a line moves to the next one whole.
    ['an emoji at the edge', `${'x'.repeat(64)}🍇y`],
  ])('counts the continuation space toward the 75 octets (%s)', (_, title) => {
    const { ics, event } = roundTrip({ title });
    expect(expectFoldedWithin75Octets(ics)).toBeGreaterThan(0);
    expect(event.summary).toBe(title);
  });

  it('expresses start and end in the event zone, with the exact instants', () => {
    const { ics, event } = roundTrip();
    const lines = unfold(ics);
    expect(lines).toContain('DTSTART;TZID=Asia/Tokyo:20261205T190000');
    expect(lines).toContain('DTEND;TZID=Asia/Tokyo:20261205T210000');

    expect(event.startDate.zone.tzid).toBe('Asia/Tokyo');
    expect(event.startDate.toString()).toBe('2026-12-05T19:00:00');
    expect(event.startDate.hour).toBe(19);
    expect(event.startDate.toJSDate()).toEqual(new Date('2026-12-05T10:00:00Z'));
    expect(event.endDate.toJSDate()).toEqual(new Date('2026-12-05T12:00:00Z'));
  });

  it('describes a zone without DST with a single JST observance', () => {
    const { calendar } = roundTrip();
    const vtimezone = calendar.getFirstSubcomponent('vtimezone');
    expect(vtimezone?.getFirstPropertyValue('tzid')).toBe('Asia/Tokyo');
    expect(vtimezone?.getAllSubcomponents('daylight')).toHaveLength(0);
    const standard = vtimezone?.getAllSubcomponents('standard') ?? [];
    expect(standard).toHaveLength(1);
    expect(standard[0].getFirstPropertyValue('tzoffsetfrom')?.toString()).toBe('+09:00');
    expect(standard[0].getFirstPropertyValue('tzoffsetto')?.toString()).toBe('+09:00');
    expect(standard[0].getFirstPropertyValue('tzname')).toBe('JST');
  });

  it.each([
    // Europe/Berlin: CET in winter, CEST in summer.
    ['Europe/Berlin', '2026-01-15T08:00:00Z', '2026-01-15T09:00:00'],
    ['Europe/Berlin', '2026-07-01T08:00:00Z', '2026-07-01T10:00:00'],
    // The days either side of the spring and autumn changes.
    ['Europe/Berlin', '2026-03-28T12:00:00Z', '2026-03-28T13:00:00'],
    ['Europe/Berlin', '2026-03-29T12:00:00Z', '2026-03-29T14:00:00'],
    ['Europe/Berlin', '2026-10-24T12:00:00Z', '2026-10-24T14:00:00'],
    ['Europe/Berlin', '2026-10-25T12:00:00Z', '2026-10-25T13:00:00'],
    ['America/New_York', '2026-03-07T15:00:00Z', '2026-03-07T10:00:00'],
    ['America/New_York', '2026-03-08T14:00:00Z', '2026-03-08T10:00:00'],
    ['America/New_York', '2026-10-31T14:00:00Z', '2026-10-31T10:00:00'],
    ['America/New_York', '2026-11-01T15:00:00Z', '2026-11-01T10:00:00'],
    ['America/New_York', '2027-12-31T23:30:00Z', '2027-12-31T18:30:00'],
    // Southern hemisphere: daylight time spans the new year.
    ['Australia/Sydney', '2026-01-10T00:00:00Z', '2026-01-10T11:00:00'],
    ['Australia/Sydney', '2026-06-10T00:00:00Z', '2026-06-10T10:00:00'],
  ])('%s: %s is %s local', (timeZone, instant, local) => {
    const startsAt = new Date(instant);
    const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
    const { event } = roundTrip({ timeZone, startsAt, endsAt });
    expect(event.startDate.zone.tzid).toBe(timeZone);
    expect(event.startDate.toString()).toBe(local);
    expect(event.startDate.toJSDate()).toEqual(startsAt);
    expect(event.endDate.toJSDate()).toEqual(endsAt);
  });

  it('writes yearly rules for regular DST zones', () => {
    const ics = renderIcsCalendar(
      [
        makeEvent({ timeZone: 'Europe/Berlin' }),
        makeEvent({
          timeZone: 'America/New_York',
          startsAt: new Date('2028-07-04T20:00:00Z'),
          endsAt: new Date('2028-07-04T22:00:00Z'),
        }),
        // Summer time starts on 2029-03-25: the last Sunday of March is its 4th that year but its 5th in 2026.
        makeEvent({
          timeZone: 'Europe/Berlin',
          startsAt: new Date('2029-03-25T12:00:00Z'),
          endsAt: new Date('2029-03-25T13:00:00Z'),
        }),
      ],
      options,
    );
    const { events } = parse(ics);
    expect(events.map((event) => event.startDate.toString())).toEqual([
      '2026-12-05T11:00:00',
      '2028-07-04T16:00:00',
      '2029-03-25T14:00:00',
    ]);
    expect(events.map((event) => event.startDate.toJSDate())).toEqual([
      new Date('2026-12-05T10:00:00Z'),
      new Date('2028-07-04T20:00:00Z'),
      new Date('2029-03-25T12:00:00Z'),
    ]);
    expect(observances(ics)).toEqual({
      // The zone's rules of today, from 1970 on (timezones-ical-library).
      'Europe/Berlin': [
        ['daylight', '1970-03-29T02:00:00', '+01:00', '+02:00', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'],
        ['standard', '1970-10-25T03:00:00', '+02:00', '+01:00', 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'],
      ],
      'America/New_York': [
        ['daylight', '1970-03-08T02:00:00', '-05:00', '-04:00', 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'],
        ['standard', '1970-11-01T02:00:00', '-04:00', '-05:00', 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU'],
      ],
    });
  });

  it('says "last Sunday" for Berlin, which is right both where that is the 4th Sunday and the 5th', () => {
    // 2027-03-28 and 2028-03-26 are both 4th and last Sundays; 2030-03-31 is a 5th.
    const ics = renderIcsCalendar(
      [
        makeEvent({
          timeZone: 'Europe/Berlin',
          startsAt: new Date('2028-05-01T08:00:00Z'),
          endsAt: new Date('2028-05-01T09:00:00Z'),
        }),
      ],
      options,
    );
    expect(observances(ics)['Europe/Berlin'].map((observance) => observance[4])).toEqual([
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    ]);
  });

  it('writes in UTC a time that the zone rules of today would misplace, and the rest in the zone', () => {
    // São Paulo dropped DST in 2019: its last summer time (-02:00) ended on 2019-02-17. The VTIMEZONE has
    // today's rule (-03:00 since 1970), so a time during that summer is only exact in UTC.
    const instants = ['2019-01-15T15:00:00Z', '2019-03-15T15:00:00Z', '2020-01-15T15:00:00Z'];
    const ics = renderIcsCalendar(
      instants.map((instant, index) =>
        makeEvent({
          id: `event-${index}`,
          timeZone: 'America/Sao_Paulo',
          startsAt: new Date(instant),
          endsAt: new Date(new Date(instant).getTime() + 3_600_000),
        }),
      ),
      options,
    );
    expect(observances(ics)['America/Sao_Paulo']).toEqual([
      ['standard', '1970-01-01T00:00:00', '-03:00', '-03:00', undefined],
    ]);
    expect(unfold(ics)).toEqual(
      expect.arrayContaining([
        'DTSTART:20190115T150000Z',
        'DTSTART;TZID=America/Sao_Paulo:20190315T120000',
        'DTSTART;TZID=America/Sao_Paulo:20200115T120000',
      ]),
    );
    const { events } = parse(ics);
    expect(events.map((event) => event.startDate.toString())).toEqual([
      '2019-01-15T15:00:00Z',
      '2019-03-15T12:00:00',
      '2020-01-15T12:00:00',
    ]);
    expect(events.map((event) => event.startDate.toJSDate())).toEqual(instants.map((i) => new Date(i)));
  });

  it('names a zone alias by its current IANA name', () => {
    const { ics, event } = roundTrip({ timeZone: 'Asia/Calcutta' });
    expect(unfold(ics)).toContain('DTSTART;TZID=Asia/Kolkata:20261205T153000');
    expect(event.startDate.zone.tzid).toBe('Asia/Kolkata');
    expect(event.startDate.toJSDate()).toEqual(new Date('2026-12-05T10:00:00Z'));
  });

  it('writes every time in UTC, with no VTIMEZONE, for a zone the library does not describe', () => {
    jest.isolateModules(() => {
      jest.doMock('timezones-ical-library', () => ({
        tzlib_get_timezones: () => [],
        tzlib_get_ical_block: () => [''],
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a copy of the module under the mock
      const isolated = require('./ics') as typeof IcsModule;
      const ics = isolated.renderIcsCalendar([makeEvent()], options);
      expect(ics).not.toContain('VTIMEZONE');
      expect(unfold(ics)).toEqual(
        expect.arrayContaining(['DTSTART:20261205T100000Z', 'DTEND:20261205T120000Z']),
      );
      const { events } = parse(ics);
      expect(events[0].startDate.toJSDate()).toEqual(new Date('2026-12-05T10:00:00Z'));
      expect(events[0].endDate.toJSDate()).toEqual(new Date('2026-12-05T12:00:00Z'));
    });
  });

  it('writes a time the zone shows twice in UTC, so it cannot be read as the other one', () => {
    // 01:30 happens twice in New York on 2026-11-01: first in EDT (05:30Z), then in EST (06:30Z).
    const ics = renderIcsCalendar(
      [
        makeEvent({
          timeZone: 'America/New_York',
          startsAt: new Date('2026-11-01T05:30:00Z'),
          endsAt: new Date('2026-11-01T06:30:00Z'),
        }),
        makeEvent({
          timeZone: 'America/New_York',
          startsAt: new Date('2026-11-01T06:30:00Z'),
          endsAt: new Date('2026-11-01T07:30:00Z'),
        }),
      ],
      options,
    );
    const { events } = parse(ics);
    const lines = unfold(ics);
    expect(lines).toContain('DTSTART:20261101T053000Z');
    expect(lines).toContain('DTSTART:20261101T063000Z');
    // 07:30Z is 02:30 EST, which happens once.
    expect(lines).toContain('DTEND;TZID=America/New_York:20261101T023000');
    expect(events.map((event) => event.startDate.toJSDate())).toEqual([
      new Date('2026-11-01T05:30:00Z'),
      new Date('2026-11-01T06:30:00Z'),
    ]);
    expect(events[1].endDate.toJSDate()).toEqual(new Date('2026-11-01T07:30:00Z'));
  });

  it('keeps the UID stable across renders and writes SEQUENCE, DTSTAMP and LAST-MODIFIED', () => {
    const first = roundTrip({ sequence: 0 });
    const second = roundTrip({ sequence: 3, updatedAt: new Date('2026-11-20T00:00:00Z'), title: 'Renamed' });
    expect(first.event.uid).toBe('0b8a4c1e-6f0d-4a5e-9c3b-2d7e8f9a1b2c@salon.example.jp');
    expect(second.event.uid).toBe(first.event.uid);
    expect(first.event.sequence).toBe(0);
    expect(second.event.sequence).toBe(3);
    expect(unfold(second.ics)).toEqual(
      expect.arrayContaining(['SEQUENCE:3', 'DTSTAMP:20261120T000000Z', 'LAST-MODIFIED:20261120T000000Z']),
    );
    const stamp = second.vevent.getFirstPropertyValue('dtstamp');
    expect(stamp instanceof ICAL.Time && stamp.toJSDate()).toEqual(new Date('2026-11-20T00:00:00Z'));
  });

  it('marks cancelled events CANCELLED while the calendar stays PUBLISH', () => {
    const confirmed = roundTrip();
    expect(confirmed.vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const cancelled = roundTrip({ cancelled: true, sequence: 2 });
    expect(cancelled.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(unfold(cancelled.ics)).toEqual(expect.arrayContaining(['STATUS:CANCELLED', 'SEQUENCE:2']));
  });

  it('adds the join URL after a blank line only when given', () => {
    const joinUrl = 'https://meet.example.com/abc-defg-hij?pwd=x,y;z';
    const withJoin = roundTrip({ joinUrl });
    expect(withJoin.event.description).toBe(`Bring a glass.\n\n${joinUrl}`);

    const without = roundTrip();
    expect(without.event.description).toBe('Bring a glass.');
    expect(without.ics).not.toContain('meet.example.com');
  });

  it('writes URL and LOCATION, and leaves LOCATION and ORGANIZER out when absent', () => {
    const online = roundTrip();
    expect(online.vevent.getFirstPropertyValue('url')).toBe('https://salon.example.jp/events/0b8a4c1e');
    expect(online.vevent.hasProperty('location')).toBe(false);
    expect(online.vevent.hasProperty('organizer')).toBe(false);

    const onSite = roundTrip({ location: 'えんぱーく' });
    expect(onSite.event.location).toBe('えんぱーく');
  });

  it('emits one VTIMEZONE per zone for several events', () => {
    const ics = renderIcsCalendar(
      [
        makeEvent({ id: 'a' }),
        makeEvent({ id: 'b', timeZone: 'Europe/Berlin' }),
        makeEvent({
          id: 'c',
          startsAt: new Date('2027-01-05T01:00:00Z'),
          endsAt: new Date('2027-01-05T03:00:00Z'),
        }),
        makeEvent({
          id: 'd',
          timeZone: 'Europe/Berlin',
          startsAt: new Date('2026-06-01T16:00:00Z'),
          endsAt: new Date('2026-06-01T18:00:00Z'),
        }),
      ],
      options,
    );
    const { calendar, events } = parse(ics);
    expect(calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual([
      'Asia/Tokyo',
      'Europe/Berlin',
    ]);
    expect(events.map((event) => [event.uid, event.startDate.toString()])).toEqual([
      ['a@salon.example.jp', '2026-12-05T19:00:00'],
      ['b@salon.example.jp', '2026-12-05T11:00:00'],
      ['c@salon.example.jp', '2027-01-05T10:00:00'],
      ['d@salon.example.jp', '2026-06-01T18:00:00'],
    ]);
    // VTIMEZONEs come before the events that use them.
    expect(ics.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(ics.indexOf('BEGIN:VEVENT'));
  });

  it('renders an empty calendar and rejects unknown zones', () => {
    const { calendar, events } = parse(renderIcsCalendar([], options));
    expect(events).toHaveLength(0);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(() => renderIcsCalendar([makeEvent({ timeZone: 'Mars/Olympus_Mons' })], options)).toThrow(
      RangeError,
    );
  });
});
