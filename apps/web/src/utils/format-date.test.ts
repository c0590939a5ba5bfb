import { describe, expect, it } from 'vitest';
import { dayKey, formatDateTime, formatDay, formatRange } from './format-date';

const now = new Date('2026-12-05T03:00:00Z'); // 12:00 on Saturday 12/5 in Tokyo

describe('formatDateTime', () => {
  it('writes another day as 12/4(金) 19:00 in the member’s zone', () => {
    expect(formatDateTime('2026-12-04T10:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo', now })).toBe(
      '12/4(金) 19:00',
    );
  });

  it('writes only the time for today', () => {
    expect(formatDateTime('2026-12-05T01:05:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo', now })).toBe(
      '10:05',
    );
  });

  it('applies the time zone (the same instant is another day in Berlin)', () => {
    expect(
      formatDateTime('2026-12-04T16:30:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo', now, style: 'full' }),
    ).toBe('12/5(土) 01:30');
    expect(formatDateTime('2026-12-04T16:30:00Z', { locale: 'ja', timeZone: 'Europe/Berlin', now })).toBe(
      '12/4(金) 17:30',
    );
  });

  it('adds the year for another year, and has an English form', () => {
    expect(formatDateTime('2025-01-02T00:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo', now })).toBe(
      '2025/1/2(木) 09:00',
    );
    expect(formatDateTime('2026-12-04T10:00:00Z', { locale: 'en', timeZone: 'Asia/Tokyo', now })).toBe(
      'Fri, Dec 4, 19:00',
    );
  });
});

describe('dayKey', () => {
  it('is the local calendar day', () => {
    expect(dayKey('2026-12-04T16:30:00Z', 'Asia/Tokyo')).toBe('2026-12-05');
    expect(dayKey('2026-12-04T16:30:00Z', 'UTC')).toBe('2026-12-04');
  });
});

describe('formatDay', () => {
  it('names the day of a divider in the member’s zone: 今日, 昨日, then 12月3日(木)', () => {
    const zone = { locale: 'ja', timeZone: 'Asia/Tokyo', now };
    expect(formatDay('2026-12-04T16:30:00Z', zone)).toBe('今日');
    expect(formatDay('2026-12-04T10:00:00Z', zone)).toBe('昨日');
    expect(formatDay('2026-12-03T10:00:00Z', zone)).toBe('12月3日(木)');
    expect(formatDay('2025-12-03T10:00:00Z', zone)).toBe('2025年12月3日(水)');
  });

  it('has an English form', () => {
    const zone = { locale: 'en', timeZone: 'Asia/Tokyo', now };
    expect(formatDay('2026-12-04T10:00:00Z', zone)).toBe('Yesterday');
    expect(formatDay('2026-12-03T10:00:00Z', zone)).toBe('Thursday, December 3');
  });
});

describe('formatRange', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('gives the end as a time alone when the event ends the same day in that zone', () => {
    expect(
      formatRange('2026-12-04T10:00:00Z', '2026-12-04T12:00:00Z', {
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        now,
      }),
    ).toBe('12/4(金) 19:00〜21:00');
    expect(
      formatRange('2026-12-04T10:00:00Z', '2026-12-04T12:00:00Z', {
        locale: 'en',
        timeZone: 'Asia/Tokyo',
        now,
      }),
    ).toBe('Fri, Dec 4, 19:00 – 21:00');
  });

  it('gives both dates when the event runs past midnight in that zone', () => {
    expect(
      formatRange('2026-12-04T10:00:00Z', '2026-12-05T01:00:00Z', {
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        now,
      }),
    ).toBe('12/4(金) 19:00〜12/5(土) 10:00');
    // The same span is one day in Berlin.
    expect(
      formatRange('2026-12-04T10:00:00Z', '2026-12-04T12:00:00Z', {
        locale: 'ja',
        timeZone: 'Europe/Berlin',
        now,
      }),
    ).toBe('12/4(金) 11:00〜13:00');
  });
});
