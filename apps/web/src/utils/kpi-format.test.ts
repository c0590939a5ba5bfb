import { describe, expect, it } from 'vitest';
import { DASH, figureState, formatCount, formatMonth, formatPercent, shortDay } from './kpi-format';

describe('figureState', () => {
  it('tells a suppressed figure from one not known yet', () => {
    expect(figureState(12.5)).toBe('value');
    expect(figureState(0, true)).toBe('value');
    expect(figureState(null, true)).toBe('suppressed');
    expect(figureState(null, false)).toBe('pending');
    expect(figureState(undefined)).toBe('pending');
  });
});

describe('formatPercent and formatCount', () => {
  it('write one decimal and thousands', () => {
    expect(formatPercent(42, 'ja')).toBe('42.0%');
    expect(formatPercent(0, 'en')).toBe('0.0%');
    expect(formatCount(1234, 'ja')).toBe('1,234');
  });

  it('write a dash for a missing figure, never 0', () => {
    expect(formatPercent(null, 'ja')).toBe(DASH);
    expect(formatCount(null, 'en')).toBe(DASH);
  });
});

describe('days and months', () => {
  it('writes an axis day without its year and a join month per language', () => {
    expect(shortDay('2026-04-05')).toBe('4/5');
    expect(formatMonth('2026-04', 'ja')).toBe('2026/4');
    expect(formatMonth('2026-04', 'en')).toBe('Apr 2026');
  });
});
