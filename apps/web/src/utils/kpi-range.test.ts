import { describe, expect, it } from 'vitest';
import { defaultRange, fiscalYearOf, isDay, rangeFromSearch, rangeProblem, tokyoToday } from './kpi-range';

describe('tokyoToday', () => {
  it('is the day in Japan, not in UTC', () => {
    expect(tokyoToday(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    expect(tokyoToday(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
  });
});

describe('fiscalYearOf', () => {
  it('starts the year on April 1', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
    expect(fiscalYearOf('2026-12-05')).toBe(2026);
    expect(fiscalYearOf('2027-01-10')).toBe(2026);
  });
});

describe('defaultRange', () => {
  it('runs from this fiscal year’s April 1 to today in Japan', () => {
    expect(defaultRange(new Date('2026-12-05T10:35:00Z'))).toEqual({ from: '2026-04-01', to: '2026-12-05' });
    expect(defaultRange(new Date('2027-02-01T00:00:00Z'))).toEqual({ from: '2026-04-01', to: '2027-02-01' });
  });

  it('moves to the new fiscal year at midnight in Japan on April 1', () => {
    expect(defaultRange(new Date('2027-03-31T14:59:00Z'))).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(defaultRange(new Date('2027-03-31T15:00:00Z'))).toEqual({ from: '2027-04-01', to: '2027-04-01' });
  });
});

describe('isDay', () => {
  it('takes only real days written YYYY-MM-DD', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-4-1')).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});

describe('rangeProblem', () => {
  it('accepts a range in order of at most three years', () => {
    expect(rangeProblem({ from: '2026-04-01', to: '2026-04-01' })).toBeNull();
    expect(rangeProblem({ from: '2023-04-01', to: '2026-04-01' })).toBeNull();
  });

  it('names what is wrong', () => {
    expect(rangeProblem({ from: '2026-04-02', to: '2026-04-01' })).toBe('order');
    expect(rangeProblem({ from: '2023-04-01', to: '2026-04-02' })).toBe('tooLong');
    expect(rangeProblem({ from: '', to: '2026-04-01' })).toBe('invalidDay');
  });
});

describe('rangeFromSearch', () => {
  const now = new Date('2026-12-05T01:00:00Z');

  it('reads both ends from the address', () => {
    expect(rangeFromSearch(new URLSearchParams('from=2021-04-01&to=2022-03-31'), now)).toEqual({
      from: '2021-04-01',
      to: '2022-03-31',
    });
  });

  it('puts the default in place of a missing or broken end', () => {
    expect(rangeFromSearch(new URLSearchParams('to=2026-06-30'), now)).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(rangeFromSearch(new URLSearchParams('from=yesterday'), now)).toEqual({
      from: '2026-04-01',
      to: '2026-12-05',
    });
  });
});
