import { duePeriod, isoWeekKey, instantOf } from './digest-period';

const tokyoMonday8 = { timeZone: 'Asia/Tokyo', sendWeekday: 1, sendHour: 8, joinedAt: new Date(0) };

describe('duePeriod', () => {
  it('is the week that ended at the latest Monday 08:00 in Tokyo before now', () => {
    // Friday 2026-12-04 12:00 in Tokyo.
    expect(duePeriod('weekly', tokyoMonday8, new Date('2026-12-04T03:00:00Z'), false)).toEqual({
      key: '2026-W49',
      start: new Date('2026-11-22T23:00:00Z'),
      end: new Date('2026-11-29T23:00:00Z'),
    });
  });

  it('is the day that ended at today’s send hour, or yesterday’s before it', () => {
    expect(duePeriod('daily', tokyoMonday8, new Date('2026-12-04T03:00:00Z'), false)?.key).toBe('2026-12-04');
    expect(duePeriod('daily', tokyoMonday8, new Date('2026-12-03T22:00:00Z'), false)?.key).toBe('2026-12-03');
  });

  it('ends now for an admin run, whatever the send hour', () => {
    const now = new Date('2026-12-04T03:00:00Z');
    expect(duePeriod('weekly', tokyoMonday8, now, true)).toEqual({
      key: '2026-W49',
      start: new Date('2026-11-27T03:00:00Z'),
      end: now,
    });
  });

  it('is nothing for a member who joined after the period ended', () => {
    const joined = { ...tokyoMonday8, joinedAt: new Date('2026-12-01T00:00:00Z') };
    expect(duePeriod('weekly', joined, new Date('2026-12-04T03:00:00Z'), false)).toBeNull();
  });
});

describe('isoWeekKey', () => {
  it('gives the ISO week and its year, across a year end', () => {
    const day = (year: number, month: number, date: number) => ({
      year,
      month,
      day: date,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
    expect(isoWeekKey(day(2026, 12, 31))).toBe('2026-W53');
    expect(isoWeekKey(day(2027, 1, 3))).toBe('2026-W53');
    expect(isoWeekKey(day(2027, 1, 4))).toBe('2027-W01');
    expect(isoWeekKey(day(2024, 12, 30))).toBe('2025-W01');
  });
});

describe('instantOf', () => {
  it('reads a wall time in a zone', () => {
    expect(
      instantOf(
        { year: 2026, month: 12, day: 4, hour: 19, minute: 0, second: 0, millisecond: 0 },
        'Asia/Tokyo',
      ),
    ).toEqual(new Date('2026-12-04T10:00:00Z'));
  });
});
