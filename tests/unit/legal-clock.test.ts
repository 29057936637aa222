/**
 * Legal counting of periods (CONTRACT.md §2.1) with an injected calendar: the first day is not counted, a
 * period ends at the end of its last day in the unit's zone, `holiday_end` moves a last rest day to the next
 * working day, `workdays` counts working days only, `natural` never moves, months end on the corresponding day
 * (or the month's last), and a missing year is counted `natural` and said.
 */
import { describe, expect, it } from 'vitest';
import type { CalendarFile } from '../../common/calendar.js';
import { validateCalendarFile } from '../../common/calendar.js';
import { LegalClock } from '../../alerts/engine/legal-clock.js';

/** 2026 as the State Council published it (National Day 10-01…07, 调休 Saturday 10-10; Sunday 09-20). */
const CAL: CalendarFile = {
  national: {
    '2026': {
      holidays: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-09-25', '2026-09-26', '2026-09-27']
        .concat(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06'])
        .concat(['2026-10-07']),
      workdays: ['2026-01-04', '2026-09-20', '2026-10-10'],
    },
  },
  provinces: { '45': { '2026': { holidays: ['2026-04-17', '2026-04-20'], workdays: [] } } },
};
const clock = new LegalClock(CAL, 'Asia/Shanghai');
const NANNING = '450100000000';
const BEIJING = '110100000000';

/** An instant given as Beijing wall time. */
const bj = (local: string) => Date.parse(`${local}+08:00`);
/** The end of a Beijing day: its last millisecond. */
const endOf = (date: string) => bj(`${date}T23:59:59.999`);
const due = (
  from: string,
  amount: number,
  unit: 'd' | 'mo',
  kind: 'natural' | 'holiday_end' | 'workdays',
  unit_code = BEIJING,
) => clock.due(bj(from), { amount, unit }, kind, unit_code);

describe('legal clock', () => {
  it('does not count the first day and ends at the end of the last day (Asia/Shanghai)', () => {
    // 3 days from Tuesday 2026-03-10 10:00: days 11, 12, 13 → end of Friday 13th, Beijing time
    expect(due('2026-03-10T10:00:00', 3, 'd', 'natural')).toEqual({
      due: endOf('2026-03-13'),
      missing: false,
    });
    // just after midnight Beijing (still the previous day in UTC): the Beijing day counts as the first
    expect(due('2026-03-10T00:30:00', 3, 'd', 'natural').due).toBe(endOf('2026-03-13'));
    expect(due('2026-03-10T23:59:59', 1, 'd', 'natural').due).toBe(endOf('2026-03-11'));
  });

  it('holiday_end: a 3-day period from 2026-09-29 ends on the first working day after National Day', () => {
    // last day 10-02 is a holiday; 10-03…10-07 holidays; 10-08 (Thursday) works
    expect(due('2026-09-29T15:00:00', 3, 'd', 'holiday_end').due).toBe(endOf('2026-10-08'));
    // natural never moves: custody periods are not extended by holidays
    expect(due('2026-09-29T15:00:00', 3, 'd', 'natural').due).toBe(endOf('2026-10-02'));
  });

  it('holiday_end: a last day on an ordinary weekend moves to Monday; on a 调休 Saturday it stays', () => {
    expect(due('2026-03-11T09:00:00', 3, 'd', 'holiday_end').due).toBe(endOf('2026-03-16')); // Sat 14 → Mon 16
    expect(due('2026-10-08T09:00:00', 2, 'd', 'holiday_end').due).toBe(endOf('2026-10-10')); // Sat 10-10 works
  });

  it('workdays: 7 working days across National Day count its 调休 Saturday and skip the holidays', () => {
    // from Wed 09-30: working days 10-08 (1), 10-09 (2), Sat 10-10 调休 (3), 10-12 (4) … 10-15 (7)
    expect(due('2026-09-30T16:00:00', 7, 'd', 'workdays').due).toBe(endOf('2026-10-15'));
    // 5 working days from Friday 2026-03-13: 16, 17, 18, 19, 20
    expect(due('2026-03-13T11:00:00', 5, 'd', 'workdays').due).toBe(endOf('2026-03-20'));
    // a 调休 Sunday before Mid-Autumn: from Sat 09-19, working days 20 (Sun), 21, 22
    expect(due('2026-09-19T08:00:00', 3, 'd', 'workdays').due).toBe(endOf('2026-09-22'));
  });

  it('province additions: Guangxi 三月三 is a rest day for units of 45 only', () => {
    // 2 working days from Thu 04-16: Beijing 17 (Fri), 20 (Mon); Nanning 21 (Tue), 22 (Wed)
    expect(due('2026-04-16T10:00:00', 2, 'd', 'workdays').due).toBe(endOf('2026-04-20'));
    expect(due('2026-04-16T10:00:00', 2, 'd', 'workdays', NANNING).due).toBe(endOf('2026-04-22'));
    expect(due('2026-04-16T10:00:00', 1, 'd', 'holiday_end', NANNING).due).toBe(endOf('2026-04-21'));
  });

  it('months end on the corresponding day, or the last day of a shorter month', () => {
    expect(due('2026-01-31T10:00:00', 1, 'mo', 'natural').due).toBe(endOf('2026-02-28'));
    expect(due('2026-03-15T10:00:00', 12, 'mo', 'natural')).toEqual({
      due: endOf('2027-03-15'),
      missing: false,
    });
    expect(due('2026-08-31T10:00:00', 6, 'mo', 'natural').due).toBe(endOf('2027-02-28'));
    // under holiday_end a month period ending on a holiday moves too
    expect(due('2026-09-01T10:00:00', 1, 'mo', 'holiday_end').due).toBe(endOf('2026-10-08'));
  });

  it('natural needs no calendar; a count that needs a missing year is natural and says so', () => {
    expect(due('2026-12-30T10:00:00', 3, 'd', 'natural')).toEqual({
      due: endOf('2027-01-02'),
      missing: false,
    });
    expect(due('2026-12-30T10:00:00', 3, 'd', 'holiday_end')).toEqual({
      due: endOf('2027-01-02'),
      missing: true,
    });
    expect(due('2026-12-28T10:00:00', 5, 'd', 'workdays')).toEqual({
      due: endOf('2027-01-02'),
      missing: true,
    });
    expect(due('2025-06-01T10:00:00', 3, 'd', 'holiday_end')).toEqual({
      due: endOf('2025-06-04'),
      missing: true,
    });
    const fresh = new LegalClock(CAL);
    expect(fresh.missedYears()).toEqual([]);
    fresh.due(bj('2026-12-30T10:00:00'), { amount: 3, unit: 'd' }, 'natural', BEIJING);
    expect(fresh.missedYears()).toEqual([]); // natural needs no calendar
    fresh.due(bj('2026-12-30T10:00:00'), { amount: 3, unit: 'd' }, 'holiday_end', BEIJING);
    fresh.due(bj('2025-03-03T10:00:00'), { amount: 3, unit: 'd' }, 'workdays', BEIJING);
    expect(fresh.missedYears()).toEqual(['2025', '2027']);
  });

  it('counts days in the zone it is given', () => {
    const utc = new LegalClock(CAL, 'UTC');
    const at = Date.parse('2026-03-10T20:00:00Z'); // 2026-03-11 04:00 in Beijing
    expect(utc.due(at, { amount: 1, unit: 'd' }, 'natural', BEIJING).due).toBe(
      Date.parse('2026-03-11T23:59:59.999Z'),
    );
    expect(clock.due(at, { amount: 1, unit: 'd' }, 'natural', BEIJING).due).toBe(endOf('2026-03-12'));
  });
});

describe('calendar file validation', () => {
  it('accepts the contract example and reports every problem with its path', () => {
    expect(validateCalendarFile(CAL).ok).toBe(true);
    const bad = validateCalendarFile({
      national: {
        '2026': {
          holidays: ['2026-02-30', '2025-12-31', '2026-10-01'],
          workdays: ['2026-10-01', '2026-10-08'],
        },
        '26': { holidays: [] },
      },
      provinces: { '45': { '2027': { holidays: ['2027-04-09'] } }, '4': {} },
      extra: 1,
    });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^national\.26/),
        expect.stringMatching(/^provinces\.4/),
        expect.stringMatching(/^\(file\).*extra|extra/),
      ]),
    );
    const details = validateCalendarFile({
      national: {
        '2026': {
          holidays: ['2026-02-30', '2025-12-31', '2026-10-01'],
          workdays: ['2026-10-01', '2026-10-08'],
        },
      },
      provinces: { '45': { '2027': { holidays: ['2027-04-09'] } } },
    });
    expect(details.ok ? [] : details.errors).toEqual([
      'national.2026.holidays[0]: "2026-02-30" is not a date (YYYY-MM-DD)',
      'national.2026.holidays[1]: 2025-12-31 is not in 2026',
      'national.2026.workdays[0]: 2026-10-01 is not a weekend day (a 调休 working day is a Saturday or Sunday)',
      'national.2026.workdays[0]: 2026-10-01 is already listed at national.2026.holidays[2]',
      'national.2026.workdays[1]: 2026-10-08 is not a weekend day (a 调休 working day is a Saturday or Sunday)',
      'provinces.45.2027: the national calendar has no 2027; add it first',
    ]);
  });
});
