/**
 * The officer file's period (pure): days picked in the unit's zone → the ISO instants the API takes (from the
 * start of the first day to the start of the day after the last), default the last 90 days; and the cells of a
 * figures row, each count with its share of its denominator beside it.
 */
import { OFFICER_FILE_DEFAULT_DAYS } from '../../../../common/officer-file.js';
import type { ObligationFigures } from '../../../../common/officer-file.js';
import { formatDateTime } from '../../lib/time.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayIn(ms: number, zone: string): string {
  return formatDateTime(ms, zone, false).slice(0, 10);
}

/** The instant a day starts in the zone (two passes settle a DST change). */
export function dayStart(day: string, zone: string): number {
  const m = DAY.exec(day);
  if (!m) return NaN;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const shown = Date.parse(`${formatDateTime(guess, zone).replace(' ', 'T')}Z`);
    guess += wall - shown;
  }
  return guess;
}

export interface Period {
  fromDay: string;
  toDay: string;
  from: string;
  to: string;
}

export function periodOf(fromDay: string, toDay: string, nowMs: number, zone: string): Period {
  const to = DAY.test(toDay) ? toDay : dayIn(nowMs, zone);
  const from = DAY.test(fromDay)
    ? fromDay
    : dayIn(dayStart(to, zone) - (OFFICER_FILE_DEFAULT_DAYS - 1) * DAY_MS + DAY_MS / 2, zone);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const end = dayStart(dayIn(dayStart(hi, zone) + DAY_MS + DAY_MS / 2, zone), zone);
  return {
    fromDay: lo,
    toDay: hi,
    from: new Date(dayStart(lo, zone)).toISOString(),
    to: new Date(end).toISOString(),
  };
}

export interface FigureCell {
  n: number;
  /** Share of the cell's denominator (due for deadline counts, conditions for violations); null for none. */
  rate: number | null;
}

export function figureCells(f: ObligationFigures): FigureCell[] {
  const of = (n: number, d: number): number | null => (d > 0 ? n / d : null);
  return [
    { n: f.due, rate: null },
    { n: f.on_time, rate: of(f.on_time, f.due) },
    { n: f.late, rate: of(f.late, f.due) },
    { n: f.overdue_open, rate: of(f.overdue_open, f.due) },
    { n: f.conditions, rate: null },
    { n: f.violations, rate: of(f.violations, f.conditions) },
  ];
}
