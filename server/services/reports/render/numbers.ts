/**
 * The report's figures as text, one format for DOCX, PDF and XLSX alike: `96.3%`, `▲1.2个百分点`, `—` for a
 * rate with nothing due. The change is taken from the two rates as printed (96.3% − 95.1% = ▲1.2), so the
 * figures on the page always add up. Pure.
 */

/** A rate 0…1 as a percentage rounded to one decimal (`96.3`), or null. */
export function ratePercent(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  return Math.round(rate * 1000) / 10;
}

/** `96.3%`; `—` when nothing was due. */
export function formatRate(rate: number | null | undefined): string {
  const p = ratePercent(rate);
  return p === null ? '—' : `${p.toFixed(1)}%`;
}

/** The change in percentage points between two rates as printed (one decimal), or null. */
export function changePp(rate: number | null, previous: number | null): number | null {
  const now = ratePercent(rate);
  const then = ratePercent(previous);
  if (now === null || then === null) return null;
  return Math.round((now - then) * 10) / 10;
}

/** `▲1.2` / `▼0.8` / `持平` / `—` (a table cell, under a header that says 百分点). */
export function formatChangeShort(pp: number | null): string {
  if (pp === null) return '—';
  if (pp === 0) return '持平';
  return `${pp > 0 ? '▲' : '▼'}${Math.abs(pp).toFixed(1)}`;
}

/** `▲1.2个百分点` / `▼0.8个百分点` / `持平` / `—` (running text). */
export function formatChange(pp: number | null): string {
  const short = formatChangeShort(pp);
  return pp === null || pp === 0 ? short : `${short}个百分点`;
}

/** A count as digits (`1234`); `—` when there is none to give. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : String(n);
}

/** Excel number formats that print the same text as the functions above. */
export const XLSX_FORMATS = {
  rate: '0.0%',
  pp: '"▲"0.0;"▼"0.0;"持平"',
  count: '0',
} as const;
