import { describe, expect, it } from 'vitest';
import { dayToDate, daysInOrder, formatDay, formatDayRange } from './day-range';

describe('formatDay', () => {
  it('shows the day as written, whatever the zone of the reader', () => {
    expect(formatDay('2021-10-01', 'ja')).toBe('2021/10/1');
    expect(formatDay('2021-12-31', 'en')).toBe('Dec 31, 2021');
  });

  it('shows anything else as it came', () => {
    expect(formatDay('someday', 'ja')).toBe('someday');
    expect(dayToDate('2021-1-1')).toBeNull();
  });
});

describe('formatDayRange', () => {
  it('writes a shared year once', () => {
    expect(formatDayRange('2021-10-01', '2021-12-31', 'ja')).toBe('2021/10/1～12/31');
    expect(formatDayRange('2021-10-01', '2021-12-31', 'en')).toBe('Oct 1 – Dec 31, 2021');
  });

  it('writes both years across a new year', () => {
    expect(formatDayRange('2026-11-05', '2027-02-03', 'ja')).toBe('2026/11/5～2027/2/3');
  });

  it('writes a single day once', () => {
    expect(formatDayRange('2024-04-01', '2024-04-01', 'ja')).toBe('2024/4/1');
  });
});

describe('daysInOrder', () => {
  it('takes the same day and later days, and a range not filled in yet', () => {
    expect(daysInOrder('2021-10-01', '2021-10-01')).toBe(true);
    expect(daysInOrder('2021-10-01', '2021-12-31')).toBe(true);
    expect(daysInOrder('2021-10-01', '')).toBe(true);
  });

  it('refuses a last day before the first', () => {
    expect(daysInOrder('2021-10-01', '2021-09-30')).toBe(false);
  });
});
