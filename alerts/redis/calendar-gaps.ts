/**
 * Years the working-day calendar lacked when a due date needed them (CONTRACT.md §2.1): the engine records
 * each (year → when first needed) in Redis, so that `/api/health` in any server process reports the calendar
 * `degraded` until a calendar holding that year is installed.
 */
import type { Redis } from 'ioredis';
import type { LegalClock } from '../engine/legal-clock.js';

export const CALENDAR_GAPS_KEY = 'vigil:calendar:missing';

/** Records the years the clock has missed so far that are not recorded yet (HSETNX: the first time stays). */
export class CalendarGapReporter {
  private reported = 0;
  constructor(
    private readonly redis: Redis,
    private readonly clock: LegalClock,
  ) {}

  async report(now: number): Promise<void> {
    const missed = this.clock.missedYears();
    if (missed.length === this.reported) return;
    const multi = this.redis.multi();
    for (const year of missed) multi.hsetnx(CALENDAR_GAPS_KEY, year, new Date(now).toISOString());
    await multi.exec();
    this.reported = missed.length;
  }
}

/** The recorded gaps: year → when a due date first needed it (ISO). */
export function calendarGaps(redis: Redis): Promise<Record<string, string>> {
  return redis.hgetall(CALENDAR_GAPS_KEY);
}

/** The health of the calendar as this process's clock sees it: degraded while a needed year is missing. */
export function calendarHealth(gaps: Record<string, string>, clock: LegalClock): Record<string, unknown> {
  const held = new Set(clock.years());
  const missing = Object.keys(gaps)
    .filter((y) => !held.has(y))
    .sort();
  const base = { zone: clock.zone, years: clock.years() };
  if (missing.length === 0) return base;
  return {
    ...base,
    status: 'degraded',
    missing_years: missing,
    first_needed: Object.fromEntries(missing.map((y) => [y, gaps[y]])),
    note: 'due dates that need these years are counted natural and marked calendar_missing; install a CALENDAR_FILE that holds them',
  };
}
