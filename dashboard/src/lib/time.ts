/**
 * Time display in a chosen IANA time zone (default Asia/Shanghai) through Intl.DateTimeFormat, and the
 * countdown / duration formats. Pure: every function takes the zone and the clock it needs.
 */
import type { Translate } from '../i18n/translate.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withDate: boolean, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function toMs(value: string | number | Date): number {
  return typeof value === 'number' ? value : new Date(value).getTime();
}

function parts(value: string | number | Date, timeZone: string, withDate: boolean, withSeconds: boolean) {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return null;
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone, withDate, withSeconds).formatToParts(ms)) out[p.type] = p.value;
  return out;
}

/** `2026-11-26 08:30:05` in the zone; '—' for an invalid time. */
export function formatDateTime(value: string | number | Date, timeZone: string, seconds = true): string {
  const p = parts(value, timeZone, true, seconds);
  if (!p) return '—';
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** `08:30:05` in the zone. */
export function formatClock(value: string | number | Date, timeZone: string, seconds = true): string {
  const p = parts(value, timeZone, false, seconds);
  if (!p) return '—';
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** The zone's year of `nowMs`, when `p` (parts of a time) falls in another year: then dates show it. */
function otherYear(p: Record<string, string>, timeZone: string, nowMs: number): boolean {
  return parts(nowMs, timeZone, true, false)?.year !== p.year;
}

/**
 * `11-26 08:30` in the zone: compact, for lists; `2023-01-24 08:30` when not in the zone's current year (an
 * imported 2023 violation must not read as this January's).
 */
export function formatShort(value: string | number | Date, timeZone: string, nowMs = Date.now()): string {
  const p = parts(value, timeZone, true, false);
  if (!p) return '—';
  const day = otherYear(p, timeZone, nowMs) ? `${p.year}-${p.month}-${p.day}` : `${p.month}-${p.day}`;
  return `${day} ${p.hour}:${p.minute}`;
}

/** Axis label for a trend bucket: hours as `08:00`, days as `11-26` (`2023-01-24` in another year). */
export function formatBucket(
  value: string,
  bucket: 'hour' | 'day' | 'month',
  timeZone: string,
  nowMs = Date.now(),
): string {
  const p = parts(value, timeZone, true, false);
  if (!p) return value;
  if (bucket === 'hour') return `${p.hour}:00`;
  if (bucket === 'month') return `${p.year}-${p.month}`;
  return otherYear(p, timeZone, nowMs) ? `${p.year}-${p.month}-${p.day}` : `${p.month}-${p.day}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A span in whole minutes, unambiguous in words: `3天2时`, `2时05分`, `26分`, `不到1分` (never "02:15",
 * which reads as minutes:seconds as easily as hours:minutes).
 */
export function formatSpan(ms: number, t: Translate): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? t('sup.span.d', { d, h }) : t('sup.span.dOnly', { d });
  if (h > 0) return t('sup.span.h', { h, m: pad(m) });
  if (m > 0) return t('sup.span.m', { m });
  return t('sup.span.lt1m');
}

export interface Countdown {
  /** The time left (or, past the deadline, since) in words: `26分`, `10时43分`, `2天3时`. */
  text: string;
  /** The deadline has passed. */
  overdue: boolean;
  /** less than 15 min (or past) | less than 1 h | later: shown by colour, the text stays one format */
  urgency: 'critical' | 'soon' | 'later';
}

/**
 * Time left until `dueMs` in one format for every length (`formatSpan`): "26:34" beside "10:43:45" read
 * as 26 hours from across the room. Past the deadline the same format counts the time since, `overdue` set.
 */
export function formatCountdown(dueMs: number, nowMs: number, t: Translate): Countdown {
  const diff = dueMs - nowMs;
  const overdue = diff < 0;
  const urgency = overdue || diff < 15 * 60_000 ? 'critical' : diff < 3_600_000 ? 'soon' : 'later';
  return { text: formatSpan(diff, t), overdue, urgency };
}

/** A human duration in the UI language, at most two units: `3天4小时`, `5 h 20 min`, `12分`. */
export function formatDuration(ms: number, t: Translate): string {
  const minutesTotal = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutesTotal / 1440);
  const h = Math.floor((minutesTotal % 1440) / 60);
  const m = minutesTotal % 60;
  const out: string[] = [];
  if (d > 0) out.push(t('dur.d', { n: d }));
  if (h > 0 && out.length < 2) out.push(t('dur.h', { n: h }));
  if ((m > 0 || out.length === 0) && out.length < 2 && d === 0) out.push(t('dur.m', { n: m }));
  return out.join(t('dur.sep'));
}
