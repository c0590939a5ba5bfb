import { parseCalendarDate, parseInstant } from './field.validators';

describe('parseInstant', () => {
  it.each([
    ['2026-12-04T19:00:00+09:00', '2026-12-04T10:00:00.000Z'],
    ['2026-12-04T10:00:00Z', '2026-12-04T10:00:00.000Z'],
    ['2026-12-04T10:00Z', '2026-12-04T10:00:00.000Z'],
    ['2024-02-29T00:00:00.123Z', '2024-02-29T00:00:00.123Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ['a day that does not exist', '2026-02-30T10:00:00Z'],
    ['February 29th of a common year', '2026-02-29T10:00:00Z'],
    ['year 0', '0000-06-01T00:00:00Z'],
    ['a year before the common era', '-005000-01-01T00:00:00Z'],
    ['a five-digit year', '+020000-01-01T00:00:00Z'],
    ['no offset (whose zone would it be?)', '2026-12-04T19:00:00'],
    ['a date without a time', '2026-12-04'],
    ['minute 60', '2026-12-04T19:60:00Z'],
    ['a number', 1764842400000],
    ['text', 'next friday'],
  ])('refuses %s', (_, value) => {
    expect(parseInstant(value)).toBeNull();
  });
});

describe('parseCalendarDate', () => {
  it.each(['2026-12-04', '2024-02-29', '0001-01-01', '9999-12-31'])('reads %s', (text) => {
    expect(parseCalendarDate(text)).toBe(text);
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['February 29th of a common year', '2026-02-29'],
    ['month 13', '2026-13-01'],
    ['year 0', '0000-06-01'],
    ['an instant', '2026-12-04T00:00:00Z'],
    ['no leading zeros', '2026-1-4'],
    ['a number', 20261204],
    ['text', 'tomorrow'],
  ])('refuses %s', (_, value) => {
    expect(parseCalendarDate(value)).toBeNull();
  });
});
