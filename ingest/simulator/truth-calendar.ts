/**
 * The ground truth's own counting of legal periods (CONTRACT.md §2.1), written apart from the engine's clock
 * on purpose (it imports nothing of alerts/engine): dates are `YYYY-MM-DD` strings in China Standard Time
 * (UTC+8, no daylight saving since 1991), and every count is a plain day-by-day loop over the shipped calendar
 * file, read as JSON.
 *
 *  - The trigger's day is not counted; n days end on the n-th day after it, at its last millisecond
 *    (23:59:59.999 +08:00).
 *  - n months end on the same day of the n-th month after, or on that month's last day.
 *  - `natural`: as counted. `holiday_end`: a last day that is a rest day rolls forward to the next working day
 *    (months too). `workdays`: only working days after the trigger's day are counted.
 *  - Rest day: listed as a holiday, or a Saturday / Sunday not listed as a working day; the province's lists
 *    (first two digits of the unit code) win over the national ones.
 *  - When a count needs a year the calendar does not have, it is counted `natural` instead (`missing`).
 */
import shipped from '../../alerts/rules/default-calendar.json' with { type: 'json' };

export type TruthCalendarKind = 'natural' | 'holiday_end' | 'workdays';

interface YearLists {
  holidays?: string[];
  workdays?: string[];
}
export interface TruthCalendarData {
  national: Record<string, YearLists>;
  provinces?: Record<string, Record<string, YearLists>>;
}

export interface TruthPeriod {
  amount: number;
  unit: 'd' | 'mo';
  calendar: TruthCalendarKind;
}

const CST_MS = 8 * 3_600_000;

/** The China Standard Time date of an instant. */
export function cstDate(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a China Standard Time date. */
export function endOfCstDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function nextDate(date: string): string {
  const [y, m, d] = parts(date);
  return fromUtc(Date.UTC(y, m - 1, d + 1));
}

/** The same day n months later, or the last day of that month. */
export function plusMonths(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m - 1 + n, Math.min(d, lastOfTarget)));
}

class MissingYear extends Error {}

export class TruthCalendar {
  constructor(private readonly data: TruthCalendarData = shipped as TruthCalendarData) {}

  /** Whether `date` is a rest day for a unit of `province`; throws MissingYear when its year is not listed. */
  isRest(date: string, province: string): boolean {
    const year = date.slice(0, 4);
    const national = this.data.national[year];
    if (!national) throw new MissingYear(year);
    const local = this.data.provinces?.[province]?.[year];
    for (const lists of [local, national]) {
      if (lists?.holidays?.includes(date)) return true;
      if (lists?.workdays?.includes(date)) return false;
    }
    const [y, m, d] = parts(date);
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  private lastDay(triggerMs: number, p: TruthPeriod, kind: TruthCalendarKind, province: string): string {
    let day = cstDate(triggerMs);
    if (p.unit === 'mo') day = plusMonths(day, p.amount);
    else if (kind === 'workdays') {
      let counted = 0;
      while (counted < p.amount) {
        day = nextDate(day);
        if (!this.isRest(day, province)) counted += 1;
      }
      return day;
    } else for (let i = 0; i < p.amount; i++) day = nextDate(day);
    if (kind !== 'natural') while (this.isRest(day, province)) day = nextDate(day);
    return day;
  }

  /** The due instant of a period from a trigger, for a unit (its code's first two digits name the province). */
  due(triggerMs: number, p: TruthPeriod, unitCode: string): { due: number; missing: boolean } {
    const province = unitCode.slice(0, 2);
    try {
      return { due: endOfCstDay(this.lastDay(triggerMs, p, p.calendar, province)), missing: false };
    } catch (err) {
      if (!(err instanceof MissingYear)) throw err;
      return { due: endOfCstDay(this.lastDay(triggerMs, p, 'natural', province)), missing: true };
    }
  }
}

export const truthCalendar = new TruthCalendar();
