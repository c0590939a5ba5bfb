import { describe, expect, it } from 'vitest';
import { contrast, heatColour, labelIndexes, linearScale, linePath, niceTicks } from './chart';

describe('linearScale', () => {
  it('maps the domain onto the range, upside down for a y axis', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(y(100)).toBe(0);
  });

  it('puts every value of an empty domain in the middle', () => {
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and reaches the maximum', () => {
    expect(niceTicks(23, 5)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(1234, 4)).toEqual([0, 500, 1000, 1500]);
  });

  it('never steps below one person', () => {
    expect(niceTicks(3, 5)).toEqual([0, 1, 2, 3]);
  });

  it('has an axis when there is nothing to show', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('labelIndexes', () => {
  it('labels every point when they fit', () => {
    expect(labelIndexes(3, 5)).toEqual([0, 1, 2]);
  });

  it('labels evenly spaced points, the first and the last, at most as many as asked', () => {
    const picked = labelIndexes(249, 5);
    expect(picked[0]).toBe(0);
    expect(picked[picked.length - 1]).toBe(248);
    expect(picked.length).toBeLessThanOrEqual(5);
    expect(labelIndexes(10, 4)).toEqual([0, 3, 6, 9]);
  });

  it('drops a label that would crowd the last one', () => {
    expect(labelIndexes(8, 4)).toEqual([0, 3, 7]);
  });

  it('has nothing to label without points', () => {
    expect(labelIndexes(0, 5)).toEqual([]);
    expect(labelIndexes(1, 5)).toEqual([0]);
  });
});

describe('linePath', () => {
  it('draws through the points and lifts the pen over a missing value', () => {
    expect(
      linePath([
        [0, 10],
        [10, 20],
        [20, null],
        [30, 5],
        [40, 6.06],
      ]),
    ).toBe('M0,10L10,20M30,5L40,6.1');
  });
});

describe('heatColour', () => {
  it('darkens with the percentage', () => {
    expect(heatColour(0).fill).toBe('#f6eeea');
    expect(heatColour(100).fill).toBe('#5e2a1f');
    expect(heatColour(140)).toEqual(heatColour(100));
  });

  it('writes every number readably on its cell (WCAG AA, 4.5:1)', () => {
    for (let percent = 0; percent <= 100; percent += 0.5) {
      const { fill, text } = heatColour(percent);
      expect(contrast(fill, text)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
