/**
 * Legal counting of periods (CONTRACT.md §2.1; 刑事诉讼法 Art. 105, 行政案件程序规定 Art. 35, 行政处罚法 Art. 85,
 * 行政强制法 Art. 69), pure and with the calendar injected. The rules:
 *
 *  - The day of the trigger is not counted; a period of n days ends at the end of the n-th day after it, in the
 *    unit's time zone. "The end of a day" is its last millisecond (24:00 less 1 ms), so that `≤ due` is on time
 *    for everything done on the last day and late from 00:00 of the next.
 *  - n months end on the same day of the n-th month after the trigger's, or that month's last day when it has
 *    none (Jan 31 + 1 month → Feb 28/29).
 *  - `natural`: never moved. `holiday_end`: a last day that is a rest day moves to the next working day.
 *    `workdays`: only working days are counted (months are counted as under `holiday_end`).
 *  - A rest day is a public holiday, or a Saturday or Sunday not listed as a 调休 working day; a province's
 *    lists (unit code prefix) take precedence over the national ones.
 *  - A count that needs a year the calendar lacks is redone as `natural` and says `missing: true`.
 */
import type { CalendarFile, CalendarKind, CalendarYear } from '../../common/calendar.js';
import { zoneOffsetMinutes } from '../../common/time-zone.js';

const DAY_MS = 86_400_000;

export type PeriodUnit = 'd' | 'mo';
export interface Period {
  amount: number;
  unit: PeriodUnit;
}
export interface CountedDue {
  due: number;
  /** The calendar lacked a year the count needed: `due` was counted as `natural`. */
  missing: boolean;
}

/** Day numbers (days since 1970-01-01 in the zone's calendar) ↔ instants, with the zone's offsets cached. */
class ZoneDays {
  private readonly offsets = new Map<number, number>();
  constructor(readonly zone: string) {}

  private offsetMs(ms: number): number {
    const hour = Math.floor(ms / 3_600_000);
    let v = this.offsets.get(hour);
    if (v === undefined) {
      if (this.offsets.size > 100_000) this.offsets.clear();
      v = zoneOffsetMinutes(hour * 3_600_000, this.zone) * 60_000;
      this.offsets.set(hour, v);
    }
    return v;
  }

  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetMs(ms)) / DAY_MS);
  }

  /** The last millisecond of local day `day`. */
  endOf(day: number): number {
    const nextMidnightLocal = (day + 1) * DAY_MS;
    return nextMidnightLocal - this.offsetMs(nextMidnightLocal - this.offsetMs(nextMidnightLocal)) - 1;
  }
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** n months after local day `day`: the same day of the month, or the month's last day. */
function addMonths(day: number, n: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS);
}

class YearMissing extends Error {}

export class LegalClock {
  private readonly days: ZoneDays;
  private readonly rest = new Map<string, Map<string, boolean>>();
  private readonly missed = new Set<string>();

  constructor(
    private readonly calendar: CalendarFile,
    zone = 'Asia/Shanghai',
  ) {
    this.days = new ZoneDays(zone);
  }

  get zone(): string {
    return this.days.zone;
  }

  /** The years the national calendar holds. */
  years(): string[] {
    return Object.keys(this.calendar.national).sort();
  }

  /** Whether local day `day` is a rest day for a unit of `province`; throws YearMissing without its year. */
  private isRestDay(day: number, province: string): boolean {
    const date = isoDate(day);
    const year = date.slice(0, 4);
    const lists = this.restDays(year, province);
    const listed = lists.get(date);
    if (listed !== undefined) return listed;
    const weekday = new Date(day * DAY_MS).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  /** date → rest (true) or working (false) for the listed dates of a year, province over national. */
  private restDays(year: string, province: string): Map<string, boolean> {
    const cacheKey = `${province}:${year}`;
    let map = this.rest.get(cacheKey);
    if (map) return map;
    const national = this.calendar.national[year];
    if (!national) throw new YearMissing(year);
    map = new Map();
    const add = (y: CalendarYear | undefined) => {
      for (const d of y?.holidays ?? []) map!.set(d, true);
      for (const d of y?.workdays ?? []) map!.set(d, false);
    };
    add(national);
    add(this.calendar.provinces?.[province]?.[year]);
    this.rest.set(cacheKey, map);
    return map;
  }

  private lastDay(from: number, p: Period, kind: CalendarKind, province: string): number {
    const start = this.days.dayOf(from);
    if (p.unit === 'mo') {
      let last = addMonths(start, p.amount);
      if (kind !== 'natural') while (this.isRestDay(last, province)) last++;
      return last;
    }
    if (kind === 'workdays') {
      let last = start;
      for (let counted = 0; counted < p.amount;) if (!this.isRestDay(++last, province)) counted++;
      return last;
    }
    let last = start + p.amount;
    if (kind === 'holiday_end') while (this.isRestDay(last, province)) last++;
    return last;
  }

  /** The end of a period of days or months from `from` (epoch ms) for a unit (its code names the province). */
  due(from: number, p: Period, kind: CalendarKind, unitCode: string): CountedDue {
    const province = unitCode.slice(0, 2);
    try {
      return { due: this.days.endOf(this.lastDay(from, p, kind, province)), missing: false };
    } catch (err) {
      if (!(err instanceof YearMissing)) throw err;
      this.missed.add(err.message);
      return { due: this.days.endOf(this.lastDay(from, p, 'natural', province)), missing: true };
    }
  }

  /** The years a count has needed and the calendar lacked, since this clock was made. */
  missedYears(): string[] {
    return [...this.missed].sort();
  }
}
