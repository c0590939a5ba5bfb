import { addMonths, checkRange, count, monthEndedBy, percent } from './kpi-rules';
import { csvCell, toCsv } from './kpis.csv';
import { InvalidKpiRangeError } from './kpis.errors';

describe('kpi rules', () => {
  it('allows a range of exactly three years (leap day included) and refuses one day more', () => {
    expect(() => checkRange('2024-02-29', '2027-02-28')).not.toThrow();
    expect(() => checkRange('2024-02-29', '2027-03-01')).toThrow(InvalidKpiRangeError);
    expect(() => checkRange('2024-04-01', '2027-03-31')).not.toThrow();
    expect(() => checkRange('2024-04-01', '2027-04-01')).toThrow(InvalidKpiRangeError);
    expect(() => checkRange('2024-04-02', '2024-04-01')).toThrow(InvalidKpiRangeError);
  });

  it('withholds counts of 1 to 4 people and percentages of groups under 5, with one decimal', () => {
    expect([0, 1, 4, 5].map(count)).toEqual([0, null, null, 5]);
    expect(percent(2, 4)).toBeNull();
    expect(percent(1, 6)).toBe(16.7);
    expect(percent(2, 3 * 3)).toBe(22.2);
    expect(percent(5, 5)).toBe(100);
  });

  it('says whether a month has ended by a day', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(addMonths('2024-04-15', 12)).toBe('2025-04');
    expect(monthEndedBy('2025-04', '2025-04-30')).toBe(true);
    expect(monthEndedBy('2025-04', '2025-04-29')).toBe(false);
    expect(monthEndedBy('2024-02', '2024-02-29')).toBe(true);
  });

  it('writes CSV cells quoted when needed and defuses spreadsheet formulas', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-1)).toBe('-1');
    expect(toCsv({ columns: ['a'], rows: [[1]] })).toBe('\uFEFFa\r\n1\r\n');
  });
});
