/**
 * Report periods (CONTRACT.md §9), pure: a request's month, quarter, year or custom range as inclusive local
 * dates in the unit's time zone, its Chinese label (2026年11月, 2026年第四季度, 2026年, 2026年11月3日至12月2日),
 * and the previous period to compare with (the month, quarter or year before; for a custom range the same
 * number of days just before it). month/quarter/year: the one containing `from`, by default the last complete
 * one. The clock is injected (`now`), so "last complete" is testable.
 */
import type { ReportPeriodKind, ReportRange } from '../../../common/report.js';
import { startOfLocalDay, zoneOffsetMinutes } from '../../../common/time-zone.js';

export interface PeriodRequest {
  period: ReportPeriodKind;
  from?: string | undefined;
  to?: string | undefined;
}
export interface ResolvedPeriod {
  period: ReportPeriodKind;
  range: ReportRange;
  previous: ReportRange;
}
export type PeriodResult = { ok: true; value: ResolvedPeriod } | { ok: false; error: string };

/** A custom range is at most this many days (a year and a leap day, with room). */
export const MAX_CUSTOM_DAYS = 400;
const DAY = 86_400_000;
const QUARTER = ['一', '二', '三', '四'];

interface Ymd {
  y: number;
  m: number;
  d: number;
}
const parse = (s: string): Ymd => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};
const pad = (n: number): string => String(n).padStart(2, '0');
const fmt = (t: Ymd): string => `${t.y}-${pad(t.m)}-${pad(t.d)}`;
/** Calendar arithmetic on a date alone (UTC stands for "no zone" here). */
const ofUtc = (ms: number): Ymd => {
  const x = new Date(ms);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
};
const utc = (t: Ymd): number => Date.UTC(t.y, t.m - 1, t.d);
export const addDays = (date: string, n: number): string => fmt(ofUtc(utc(parse(date)) + n * DAY));
const validDate = (s: string): boolean => fmt(ofUtc(utc(parse(s)))) === s;
/** Days from a to b inclusive. */
const daysBetween = (a: string, b: string): number => Math.round((utc(parse(b)) - utc(parse(a))) / DAY) + 1;
const lastDayOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The local date (YYYY-MM-DD) of an instant in `tz`. */
export function localDateOf(ms: number, tz: string): string {
  return fmt(ofUtc(ms + zoneOffsetMinutes(ms, tz) * 60_000));
}

/** The instant a local date begins in `tz`. */
export function localDayStart(date: string, tz: string): number {
  const noonUtc = utc(parse(date)) + DAY / 2;
  return startOfLocalDay(noonUtc - zoneOffsetMinutes(noonUtc, tz) * 60_000, tz);
}

/** The instants [start, end) a range covers: from the start of its first day to the start of the day after. */
export function rangeInstants(
  r: Pick<ReportRange, 'from' | 'to'>,
  tz: string,
): { start: number; end: number } {
  return { start: localDayStart(r.from, tz), end: localDayStart(addDays(r.to, 1), tz) };
}

function customLabel(from: string, to: string): string {
  const a = parse(from);
  const b = parse(to);
  const head = `${a.y}年${a.m}月${a.d}日`;
  if (from === to) return head;
  return a.y === b.y ? `${head}至${b.m}月${b.d}日` : `${head}至${b.y}年${b.m}月${b.d}日`;
}

/** The calendar period of a kind that contains a date, with its label. */
function periodOf(kind: 'month' | 'quarter' | 'year', date: string): ReportRange {
  const { y, m } = parse(date);
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31`, label: `${y}年` };
  if (kind === 'month')
    return { from: fmt({ y, m, d: 1 }), to: fmt({ y, m, d: lastDayOfMonth(y, m) }), label: `${y}年${m}月` };
  const q = Math.floor((m - 1) / 3);
  const last = q * 3 + 3;
  return {
    from: fmt({ y, m: q * 3 + 1, d: 1 }),
    to: fmt({ y, m: last, d: lastDayOfMonth(y, last) }),
    label: `${y}年第${QUARTER[q]}季度`,
  };
}

export function resolvePeriod(req: PeriodRequest, now: number, tz: string): PeriodResult {
  const today = localDateOf(now, tz);
  for (const d of [req.from, req.to])
    if (d !== undefined && !validDate(d)) return { ok: false, error: `${d} is not a calendar date` };
  if (req.period === 'custom') {
    if (req.from === undefined || req.to === undefined)
      return { ok: false, error: 'a custom period needs from and to (YYYY-MM-DD)' };
    if (req.to < req.from) return { ok: false, error: 'to must not be before from' };
    if (req.from > today) return { ok: false, error: 'the period has not begun yet' };
    const days = daysBetween(req.from, req.to);
    if (days > MAX_CUSTOM_DAYS) return { ok: false, error: `at most ${MAX_CUSTOM_DAYS} days` };
    const pTo = addDays(req.from, -1);
    const pFrom = addDays(req.from, -days);
    return {
      ok: true,
      value: {
        period: 'custom',
        range: { from: req.from, to: req.to, label: customLabel(req.from, req.to) },
        previous: { from: pFrom, to: pTo, label: customLabel(pFrom, pTo) },
      },
    };
  }
  if (req.to !== undefined) return { ok: false, error: `a ${req.period} is given by from alone` };
  const kind = req.period;
  // Default: the last complete one — the one containing the day before the current one began.
  const anchor = req.from ?? addDays(periodOf(kind, today).from, -1);
  const range = periodOf(kind, anchor);
  if (range.from > today) return { ok: false, error: 'the period has not begun yet' };
  return { ok: true, value: { period: kind, range, previous: periodOf(kind, addDays(range.from, -1)) } };
}

/** 「南宁市公安局执法监督通报（2026年11月）」: the report's title from the unit's name (its code without one). */
export function reportTitle(unitName: string | null, unitCode: string, label: string): string {
  return `${unitName ?? unitCode}执法监督通报（${label}）`;
}
