/**
 * CSV for Excel: RFC 4180 quoting, CRLF line ends, a UTF-8 byte-order mark so Excel reads Chinese, and
 * formula-injection protection (a cell starting with = + - @ or a tab/CR is prefixed with an apostrophe).
 * A code of digits that must stay text (a 12-digit unit code Excel would show as 4.50104E+11) is marked with
 * asText and written as ="450103520000" — a formula of ours, only ever around digits.
 */
export interface TextCell {
  text: string;
}
export type Cell = string | number | null | undefined | TextCell;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A value Excel must keep as text (leading zeros, all 12 digits). */
export function asText(text: string): TextCell {
  return { text };
}

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    return /^\d+$/.test(value.text) ? `"=""${value.text}"""` : csvCell(value.text);
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const BOM = '\uFEFF';

/** The whole file, BOM first. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
