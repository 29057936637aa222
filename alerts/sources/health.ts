/**
 * Health of one source partition, pure: silence is processing time since its last activity, counted only
 * inside the expectation's active hours (in the catalogue's time zone), so a feed that is quiet at night is
 * not late, and a feed that stopped at 22:50 is late at 07:10 the next morning, not at 23:00.
 */
import type { SourceHealth } from '../../common/sources.js';
import { startOfLocalDay } from '../../common/time-zone.js';
import type { Expectation } from './catalog.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Beyond this, silence is counted approximately (whole days × active share): it is long past any threshold. */
const EXACT_DAYS = 62;

/** Milliseconds of [from, to) that fall inside the active hours. */
export function activeMs(from: number, to: number, exp: Expectation, tz: string): number {
  if (to <= from) return 0;
  const h = exp.hours;
  if (!h) return to - from;
  const windowMs = (h.end > h.start ? h.end - h.start : h.end + 1440 - h.start) * MINUTE;
  if (to - from > EXACT_DAYS * DAY) return Math.floor((to - from) / DAY) * windowMs;
  let total = 0;
  // windows start on local days from the day before `from` (an overnight window may reach into it)
  for (
    let day = startOfLocalDay(from, tz) - DAY;
    day < to;
    day = startOfLocalDay(day + DAY + 3_600_000, tz)
  ) {
    const start = day + h.start * MINUTE;
    const end = start + windowMs;
    total += Math.max(0, Math.min(end, to) - Math.max(start, from));
  }
  return total;
}

/** healthy / late / silent for a partition whose last activity was at `lastActivity` (processing time). */
export function healthAt(
  lastActivity: number,
  now: number,
  exp: Expectation | null,
  tz: string,
): SourceHealth {
  if (!exp) return 'healthy';
  const silence = activeMs(lastActivity, now, exp, tz);
  if (silence >= exp.silentMs) return 'silent';
  if (silence >= exp.lateMs) return 'late';
  return 'healthy';
}
