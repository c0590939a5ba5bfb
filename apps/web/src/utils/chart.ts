/**
 * The arithmetic of the dashboard's hand-drawn SVG charts (no chart library: the page would carry one for a
 * few lines and some axes): linear scales, round ticks, which labels of a long day axis to write, and the
 * heat map's colours with a readable number on each.
 */

/** Maps a value of [d0, d1] onto [r0, r1] (an empty domain maps to the middle). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (value: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0));
}

/**
 * Round ticks from 0 up to at least `max` (1, 2 or 5 times a power of ten apart), about `count` of them;
 * the last tick is the top of the axis. Counts of people: never a step below 1.
 */
export function niceTicks(max: number, count = 5, { integer = true } = {}): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let tick = 0; ticks.length === 0 || ticks[ticks.length - 1] < max; tick += step) {
    ticks.push(Number(tick.toFixed(10)));
  }
  return ticks;
}

/**
 * Which of `length` points along an axis get a label, so that at most `max` are written: evenly spaced
 * indexes, always the first and the last (a year of days on a phone: a handful of dates).
 */
export function labelIndexes(length: number, max: number): number[] {
  if (length <= 0) return [];
  if (length === 1 || max <= 1) return [0];
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = Math.ceil((length - 1) / (max - 1));
  const picked: number[] = [];
  for (let i = 0; i < length - 1; i += step) picked.push(i);
  // The last label, unless it would sit on top of the one before it.
  if (length - 1 - picked[picked.length - 1] < step / 2) picked.pop();
  picked.push(length - 1);
  return picked;
}

/** An SVG path through the points, broken where a value is missing (a suppressed or future figure). */
export function linePath(points: readonly (readonly [number, number | null])[]): string {
  let path = '';
  let pen = false;
  for (const [x, y] of points) {
    if (y === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${round(x)},${round(y)}`;
    pen = true;
  }
  return path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

type Rgb = readonly [number, number, number];
/** The heat map runs from the page's soft accent (0 %) to its strong accent (100 %). */
const LOW: Rgb = [0xf6, 0xee, 0xea];
const HIGH: Rgb = [0x5e, 0x2a, 0x1f];
// Black, not the page's text colour: with white it keeps 4.5:1 on every fill between the two ends.
const DARK_TEXT: Rgb = [0, 0, 0];
const LIGHT_TEXT: Rgb = [0xff, 0xff, 0xff];

function hex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG's contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [parse(a), parse(b)].map(luminance).sort((x, y) => y - x);
  return (la + 0.05) / (lb + 0.05);
}

function parse(colour: string): Rgb {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * A heat map cell's fill for a percentage (clamped to 0–100) and the text colour, dark or white, that
 * reads better on it.
 */
export function heatColour(percent: number): { fill: string; text: string } {
  const t = Math.min(100, Math.max(0, percent)) / 100;
  const fill = hex(LOW.map((low, i) => low + (HIGH[i] - low) * t) as unknown as Rgb);
  const text = contrast(fill, hex(DARK_TEXT)) >= contrast(fill, hex(LIGHT_TEXT)) ? DARK_TEXT : LIGHT_TEXT;
  return { fill, text: hex(text) };
}
