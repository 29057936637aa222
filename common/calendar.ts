/**
 * The working-day calendar (`CALENDAR_FILE`, CONTRACT.md §2.1) and how periods are counted. Per year, the
 * public holidays and the 调休 working weekends, nationwide, with per-province additions (keyed by the first
 * two digits of a unit code, e.g. Guangxi `45` for 壮族三月三). Weekends are rest days unless listed as
 * `workdays`. Validation reports every problem with its JSON path. Runs in the browser too (no node: imports).
 */
import { z } from 'zod';

/**
 * How a rule's day and month limits are counted (hour limits are always exact):
 * `natural` never moves (custody periods), `holiday_end` moves a last day that is a rest day to the next
 * working day, `workdays` counts working days only.
 */
export const CALENDAR_KINDS = ['natural', 'holiday_end', 'workdays'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export interface CalendarYear {
  holidays: string[];
  workdays: string[];
}
export interface CalendarFile {
  national: Record<string, CalendarYear>;
  provinces?: Record<string, Record<string, CalendarYear>>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The weekday (0 Sunday … 6 Saturday) of a valid `YYYY-MM-DD`, or null when it is not a real date. */
export function weekdayOf(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return t.getUTCDay();
}

const dates = z.array(z.string()).max(366, 'at most 366 dates a year');
const yearSchema = z.object({ holidays: dates.default([]), workdays: dates.default([]) }).strict();
const yearsSchema = z.record(z.string().regex(/^\d{4}$/, 'years are keyed YYYY'), yearSchema);
const fileSchema = z
  .object({
    national: yearsSchema,
    provinces: z
      .record(z.string().regex(/^\d{2}$/, 'provinces are keyed by two digits'), yearsSchema)
      .optional(),
  })
  .strict();

/** Problems of one year's lists: real dates, in that year, workdays on weekends, nothing listed twice. */
function checkYear(year: string, y: CalendarYear, at: string): string[] {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const) {
    y[list].forEach((date, i) => {
      const path = `${at}.${list}[${i}]`;
      const weekday = weekdayOf(date);
      if (weekday === null)
        return void errors.push(`${path}: ${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
      if (!date.startsWith(`${year}-`)) errors.push(`${path}: ${date} is not in ${year}`);
      if (list === 'workdays' && weekday !== 0 && weekday !== 6)
        errors.push(`${path}: ${date} is not a weekend day (a 调休 working day is a Saturday or Sunday)`);
      const other = seen.get(date);
      if (other !== undefined) errors.push(`${path}: ${date} is already listed at ${other}`);
      else seen.set(date, path);
    });
  }
  return errors;
}

export type CalendarValidation = { ok: true; calendar: CalendarFile } | { ok: false; errors: string[] };

/** Validates a parsed calendar file; every problem is reported with its JSON path. */
export function validateCalendarFile(input: unknown): CalendarValidation {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  const cal = parsed.data;
  const errors: string[] = [];
  for (const [year, y] of Object.entries(cal.national))
    errors.push(...checkYear(year, y, `national.${year}`));
  for (const [code, years] of Object.entries(cal.provinces ?? {}))
    for (const [year, y] of Object.entries(years)) {
      const at = `provinces.${code}.${year}`;
      if (!cal.national[year]) errors.push(`${at}: the national calendar has no ${year}; add it first`);
      errors.push(...checkYear(year, y, at));
    }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, calendar: cal };
}
