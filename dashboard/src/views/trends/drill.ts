/**
 * The trends page's drill-down as one unit-code prefix ('' → provinces, 2 digits → its cities, 4 → counties,
 * 6 → stations, 12 → that station's alerts), so the URL holds it and Back goes up a level. Pure.
 */
import { startOfLocalDay } from '../../../../common/time-zone.js';
import type { UnitLevel } from '../../../../common/units.js';

export type DrillLevel = UnitLevel | 'alerts';

export const PREFIX_LENGTHS = [2, 4, 6, 12] as const;

/** What a prefix shows: the units one level below it, or (a station) its alerts. */
export function levelBelow(prefix: string): DrillLevel {
  if (prefix.length >= 12) return 'alerts';
  if (prefix.length >= 6) return 'station';
  if (prefix.length >= 4) return 'county';
  if (prefix.length >= 2) return 'city';
  return 'province';
}

/** The prefixes from the top down to `prefix` (inclusive), for the breadcrumb. */
export function ancestry(prefix: string): string[] {
  return PREFIX_LENGTHS.filter((n) => n <= prefix.length).map((n) => prefix.slice(0, n));
}

/** The prefix to drill into for a unit of the stats (its prefix at its level; a station's full code). */
export function drillTarget(unitPrefix: string, level: UnitLevel): string {
  return level === 'station' ? unitPrefix.padEnd(12, '0').slice(0, 12) : unitPrefix;
}

export type RangeKey = '24h' | '7d' | '30d' | '90d' | '180d' | '365d';
/** The rolling ranges; a range may also be a calendar year (`'2023'`, see yearRanges) or `custom` dates. */
export const RANGES: RangeKey[] = ['24h', '7d', '30d', '90d', '180d', '365d'];
const RANGE_MS: Record<RangeKey, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
  '180d': 180 * 86_400_000,
  '365d': 365 * 86_400_000,
};
/** The longest custom range (the server's limit is three years of 366 days). */
export const MAX_CUSTOM_DAYS = 3 * 365 + 1;
export type Bucket = 'hour' | 'day' | 'month';
export interface RangeWindow {
  from: string;
  to: string;
  bucket: Bucket;
}

/** Hours up to two days, days up to 400 days, months beyond. */
export function bucketFor(ms: number): Bucket {
  return ms <= 2 * 86_400_000 ? 'hour' : ms <= 400 * 86_400_000 ? 'day' : 'month';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const localDay = (date: string, timeZone: string): number | null => {
  const m = DATE.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return Number.isNaN(ms) ? null : startOfLocalDay(ms, timeZone);
};

/**
 * Custom dates `YYYY-MM-DD` (inclusive, in the zone): from the first day's start to the last day's end (or now);
 * null when a date is missing or malformed, the end is before the start, or longer than MAX_CUSTOM_DAYS.
 */
export function customWindow(
  from: string,
  to: string,
  nowMs: number,
  timeZone = 'Asia/Shanghai',
): RangeWindow | null {
  const start = localDay(from, timeZone);
  const lastDay = localDay(to, timeZone);
  if (start === null || lastDay === null) return null;
  const end = Math.min(startOfLocalDay(lastDay + 36 * 3_600_000, timeZone), nowMs);
  if (end <= start || end - start > MAX_CUSTOM_DAYS * 86_400_000) return null;
  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    bucket: bucketFor(end - start),
  };
}

/** The period of the same length just before a window: what "vs previous" compares with. */
export function previousWindow(w: Pick<RangeWindow, 'from' | 'to'>): { from: string; to: string } {
  const from = Date.parse(w.from);
  const to = Date.parse(w.to);
  return { from: new Date(from - (to - from)).toISOString(), to: w.from };
}
const YEAR = /^\d{4}$/;

/** The calendar years offered (imported old data, CONTRACT §6.4, is read by its year): this one and four before. */
export function yearRanges(nowMs: number, timeZone: string): string[] {
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(nowMs));
  return Array.from({ length: 5 }, (_, i) => String(year - i));
}

/** 1 January 00:00 of `year` in the zone. */
const yearStart = (year: number, timeZone: string): number =>
  startOfLocalDay(Date.UTC(year, 0, 1, 12), timeZone);

export function rangeWindow(
  range: RangeKey | string,
  nowMs: number,
  timeZone = 'Asia/Shanghai',
): RangeWindow {
  if (YEAR.test(range)) {
    const from = yearStart(Number(range), timeZone);
    const to = Math.min(yearStart(Number(range) + 1, timeZone), nowMs);
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket: 'day' };
  }
  const ms = RANGE_MS[range as RangeKey] ?? RANGE_MS['7d'];
  return {
    from: new Date(nowMs - ms).toISOString(),
    to: new Date(nowMs).toISOString(),
    bucket: range === '24h' ? 'hour' : 'day',
  };
}

/** A rolling range or a calendar year. */
export function isRange(v: unknown): v is RangeKey | string {
  return typeof v === 'string' && ((RANGES as string[]).includes(v) || YEAR.test(v));
}
