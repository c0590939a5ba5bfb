import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput } from './zoned-time';

describe('fromZonedInput', () => {
  it('reads a wall-clock time in the named zone, whatever the browser zone is', () => {
    expect(fromZonedInput('2026-12-04T19:00', 'Asia/Tokyo')).toBe('2026-12-04T19:00:00+09:00');
    expect(fromZonedInput('2026-12-04T19:00', 'Europe/Berlin')).toBe('2026-12-04T19:00:00+01:00');
    expect(fromZonedInput('2026-07-04T19:00', 'Europe/Berlin')).toBe('2026-07-04T19:00:00+02:00');
    expect(fromZonedInput('2026-07-04T19:00', 'America/Los_Angeles')).toBe('2026-07-04T19:00:00-07:00');
    expect(fromZonedInput('2026-12-04T19:00', 'Asia/Kolkata')).toBe('2026-12-04T19:00:00+05:30');
  });

  it('names one instant for the hours a DST change skips or repeats', () => {
    // Europe/Berlin: 2026-03-29 02:00 → 03:00 (skipped hour); 2026-10-25 03:00 → 02:00 (repeated hour).
    // A skipped time keeps the offset before the change (the clocks then show 03:30).
    const skipped = fromZonedInput('2026-03-29T02:30', 'Europe/Berlin');
    expect(skipped).toBe('2026-03-29T02:30:00+01:00');
    expect(toZonedInput(skipped!, 'Europe/Berlin')).toBe('2026-03-29T03:30');
    // A repeated time is the first of the two.
    expect(fromZonedInput('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
  });

  it('refuses what is not a date and time', () => {
    expect(fromZonedInput('', 'Asia/Tokyo')).toBeNull();
    expect(fromZonedInput('2026-02-30T10:00', 'Asia/Tokyo')).toBeNull();
    expect(fromZonedInput('2026-12-04 19:00', 'Asia/Tokyo')).toBeNull();
  });
});

describe('toZonedInput', () => {
  it('shows an instant as the wall clock of the zone, and round-trips', () => {
    expect(toZonedInput('2026-12-04T10:00:00.000Z', 'Asia/Tokyo')).toBe('2026-12-04T19:00');
    expect(toZonedInput('2026-12-04T10:00:00.000Z', 'America/New_York')).toBe('2026-12-04T05:00');
    for (const zone of ['Asia/Tokyo', 'Europe/Berlin', 'America/Los_Angeles']) {
      const value = '2026-11-01T01:30';
      expect(toZonedInput(fromZonedInput(value, zone)!, zone)).toBe(value);
    }
  });
});
