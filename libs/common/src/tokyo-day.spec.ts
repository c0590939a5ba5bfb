import { tokyoDay, tokyoDayStart } from './tokyo-day';

describe('tokyoDay', () => {
  it.each([
    ['2026-12-31T14:59:59.999Z', '2026-12-31'],
    ['2026-12-31T15:00:00.000Z', '2027-01-01'],
    ['2026-03-31T23:30:00.000Z', '2026-04-01'],
    ['2024-02-28T15:00:00.000Z', '2024-02-29'],
  ])('at %s it is %s in Tokyo', (instant, day) => {
    expect(tokyoDay(new Date(instant))).toBe(day);
  });

  it('agrees with the IANA zone every hour of a year', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' });
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3600_000) {
      expect(tokyoDay(new Date(t))).toBe(format.format(new Date(t)));
    }
  });

  it('starts a day at 00:00 JST', () => {
    expect(tokyoDayStart('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
  });
});
