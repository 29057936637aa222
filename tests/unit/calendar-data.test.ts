// Sanity checks on the shipped working-day calendar (alerts/rules/default-calendar.json).
// The expected arrangements below are transcribed from the notices listed in docs/calendar-sources.md;
// a year added to the JSON without an entry here fails on purpose.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface YearEntry {
  holidays: string[];
  workdays: string[];
}
interface Calendar {
  national: Record<string, YearEntry>;
  provinces: Record<string, Record<string, YearEntry>>;
}

const file = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../alerts/rules/default-calendar.json',
);
const calendar = JSON.parse(fs.readFileSync(file, 'utf8')) as Calendar;

/** Every date from `from` to `to` inclusive, ISO YYYY-MM-DD. */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

const chineseMonthDay = new Intl.DateTimeFormat('en-u-ca-chinese', {
  timeZone: 'UTC',
  month: 'numeric',
  day: 'numeric',
});
/** Lunar month and day of a Gregorian date (ICU Chinese calendar). */
function lunar(iso: string): { month: number; day: number } {
  const parts = chineseMonthDay.formatToParts(new Date(`${iso}T00:00:00Z`));
  return {
    month: Number(parts.find((p) => p.type === 'month')!.value),
    day: Number(parts.find((p) => p.type === 'day')!.value),
  };
}
/** The Gregorian date in `year` whose lunar date is month/day. */
function fromLunar(year: number, month: number, day: number): string {
  const hit = span(`${year}-01-01`, `${year}-12-31`).find((d) => {
    const l = lunar(d);
    return l.month === month && l.day === day;
  });
  if (!hit) throw new Error(`no lunar ${month}/${day} in ${year}`);
  return hit;
}

/** Holiday periods and 调休 workdays as published in each notice. */
const NATIONAL: Record<
  string,
  { periods: [string, string][]; workdays: string[]; springFestivalDays: number }
> = {
  // 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12)
  '2025': {
    periods: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节, 共8天
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节, 共8天
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    springFestivalDays: 8,
  },
  // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
  '2026': {
    periods: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节, 共9天
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节, 共7天
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    springFestivalDays: 9,
  },
};

/** 广西 (45) 壮族三月三 — secondary sources only, see docs/calendar-sources.md. */
const GUANGXI: Record<string, { periods: [string, string][]; workdays: string[] }> = {
  '2025': { periods: [['2025-03-31', '2025-04-01']], workdays: [] },
  '2026': { periods: [['2026-04-17', '2026-04-20']], workdays: [] },
};

function allEntries(): { where: string; year: string; entry: YearEntry }[] {
  const out = Object.entries(calendar.national).map(([year, entry]) => ({ where: 'national', year, entry }));
  for (const [code, years] of Object.entries(calendar.provinces)) {
    for (const [year, entry] of Object.entries(years)) out.push({ where: `province ${code}`, year, entry });
  }
  return out;
}

describe('default calendar: structure', () => {
  it('has exactly the keys of the format, and nothing else', () => {
    expect(Object.keys(calendar).sort()).toEqual(['national', 'provinces']);
    for (const { entry } of allEntries()) {
      expect(Object.keys(entry).sort()).toEqual(['holidays', 'workdays']);
      expect(Array.isArray(entry.holidays)).toBe(true);
      expect(Array.isArray(entry.workdays)).toBe(true);
    }
  });

  it('holds real ISO dates, strictly ascending, each inside its year key', () => {
    for (const { where, year, entry } of allEntries()) {
      expect(year, where).toMatch(/^\d{4}$/);
      for (const list of [entry.holidays, entry.workdays]) {
        for (const d of list) {
          expect(d, `${where} ${year}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10), `${where} ${d} is a real date`).toBe(
            d,
          );
          expect(d.slice(0, 4), `${where}: ${d} filed under ${year}`).toBe(year);
        }
        expect([...list].sort(), `${where} ${year} sorted`).toEqual(list);
        expect(new Set(list).size, `${where} ${year} no duplicates`).toBe(list.length);
      }
    }
  });

  it('never lists a date both as holiday and as workday', () => {
    for (const { where, year, entry } of allEntries()) {
      const holidays = new Set(entry.holidays);
      expect(
        entry.workdays.filter((d) => holidays.has(d)),
        `${where} ${year}`,
      ).toEqual([]);
    }
  });

  it('lists only Saturdays and Sundays as 调休 workdays', () => {
    for (const { where, year, entry } of allEntries()) {
      for (const d of entry.workdays) expect([0, 6], `${where} ${year}: ${d}`).toContain(weekday(d));
    }
  });
});

describe('default calendar: national arrangements (国务院办公厅通知)', () => {
  it('covers exactly the years whose notice was verified (2025, 2026)', () => {
    expect(Object.keys(calendar.national).sort()).toEqual(Object.keys(NATIONAL).sort());
  });

  for (const [year, expected] of Object.entries(NATIONAL)) {
    const entry = (): YearEntry => calendar.national[year]!;

    it(`${year}: holidays are exactly the periods of the notice`, () => {
      expect(entry().holidays).toEqual(expected.periods.flatMap(([a, b]) => span(a, b)));
    });

    it(`${year}: 调休 workdays are exactly those of the notice`, () => {
      expect(entry().workdays).toEqual(expected.workdays);
    });

    it(`${year}: National Day 10-01 is a holiday`, () => {
      expect(entry().holidays).toContain(`${year}-10-01`);
    });

    it(`${year}: the Spring Festival run around 正月初一 is ${expected.springFestivalDays} days`, () => {
      const holidays = new Set(entry().holidays);
      const newYear = fromLunar(Number(year), 1, 1);
      expect(holidays.has(newYear)).toBe(true);
      const shift = (d: string, by: number): string => {
        const t = new Date(`${d}T00:00:00Z`);
        t.setUTCDate(t.getUTCDate() + by);
        return t.toISOString().slice(0, 10);
      };
      let first = newYear;
      while (holidays.has(shift(first, -1))) first = shift(first, -1);
      let last = newYear;
      while (holidays.has(shift(last, 1))) last = shift(last, 1);
      expect(span(first, last)).toHaveLength(expected.springFestivalDays);
    });

    it(`${year}: every holiday period gives at least one weekday off`, () => {
      for (const [a, b] of expected.periods) {
        expect(span(a, b).some((d) => weekday(d) >= 1 && weekday(d) <= 5)).toBe(true);
      }
    });
  }
});

describe('default calendar: 广西 (45) 壮族三月三', () => {
  it('has no province other than 45, and only years that also exist nationally', () => {
    expect(Object.keys(calendar.provinces)).toEqual(['45']);
    for (const year of Object.keys(calendar.provinces['45']!)) {
      expect(Object.keys(calendar.national)).toContain(year);
    }
    expect(Object.keys(calendar.provinces['45']!).sort()).toEqual(Object.keys(GUANGXI).sort());
  });

  for (const [year, expected] of Object.entries(GUANGXI)) {
    it(`${year}: holidays are exactly the published period, with no 调休 workday`, () => {
      const entry = calendar.provinces['45']![year]!;
      expect(entry.holidays).toEqual(expected.periods.flatMap(([a, b]) => span(a, b)));
      expect(entry.workdays).toEqual(expected.workdays);
    });

    it(`${year}: the holiday includes 农历三月初三`, () => {
      expect(calendar.provinces['45']![year]!.holidays).toContain(fromLunar(Number(year), 3, 3));
    });

    it(`${year}: no Guangxi holiday is a national 调休 workday or already a national holiday`, () => {
      const national = calendar.national[year]!;
      for (const d of calendar.provinces['45']![year]!.holidays) {
        expect(national.workdays).not.toContain(d);
        expect(national.holidays).not.toContain(d);
      }
    });
  }
});
