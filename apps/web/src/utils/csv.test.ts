import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a byte order mark and ends rows with CRLF', () => {
    expect(
      toCsv([
        ['名前', '状態'],
        ['塩尻 花子', '参加'],
      ]),
    ).toBe('\uFEFF名前,状態\r\n塩尻 花子,参加\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves empty cells empty', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', null, 3]])).toBe(
      '\uFEFF"a,b","say ""hi""","two\nlines",,3\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']])).toBe(
      '\uFEFF"\'=HYPERLINK(""x"")",\'+1,\'-2,\'@SUM(A1)\r\n',
    );
    expect(toCsv([[-2]])).toBe('\uFEFF-2\r\n');
  });
});
