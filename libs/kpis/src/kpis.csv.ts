export type CsvCell = string | number | null;

export interface CsvTable {
  columns: string[];
  rows: CsvCell[][];
}

const BOM = '\uFEFF';

/**
 * A cell as CSV (RFC 4180): quoted when it holds a comma, a quote or a line break; null (a withheld figure)
 * as an empty cell. Text starting with = + - @ or a tab gets a leading apostrophe, so that a spreadsheet shows
 * a title such as "=HYPERLINK(…)" instead of running it.
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM (so that spreadsheet software reads Japanese titles right), CRLF line ends, a header row. */
export function toCsv(table: CsvTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
