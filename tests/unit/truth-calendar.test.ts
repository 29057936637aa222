/**
 * The simulator's own counting of legal periods (ingest/simulator/truth-calendar.ts), against dates written
 * out by hand: the cases of legal-clock.test.ts, by value (the engine's clock is not imported), and a few on
 * the shipped calendar (Spring Festival, Guangxi 三月三, a missing 2027).
 */
import { describe, expect, it } from 'vitest';
import {
  TruthCalendar,
  plusMonths,
  type TruthCalendarData,
  type TruthCalendarKind,
} from '../../ingest/simulator/truth-calendar.js';

/** 2026 as the State Council published it (National Day 10-01…07, 调休 Saturday 10-10; Sunday 09-20). */
const CAL: TruthCalendarData = {
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
const NANNING = '450100000000';
const BEIJING = '110100000000';

const bj = (local: string) => Date.parse(`${local}+08:00`);
const endOf = (date: string) => bj(`${date}T23:59:59.999`);

function dueWith(cal: TruthCalendar) {
  return (from: string, amount: number, unit: 'd' | 'mo', calendar: TruthCalendarKind, unitCode = BEIJING) =>
    cal.due(bj(from), { amount, unit, calendar }, unitCode);
}
const due = dueWith(new TruthCalendar(CAL));
const shipped = dueWith(new TruthCalendar());

describe('the ground truth calendar (hand-written dates)', () => {
  it('does not count the first day and ends at the last millisecond of the last day (UTC+8)', () => {
    expect(due('2026-03-10T10:00:00', 3, 'd', 'natural')).toEqual({
      due: endOf('2026-03-13'),
      missing: false,
    });
    expect(due('2026-03-10T00:30:00', 3, 'd', 'natural').due).toBe(endOf('2026-03-13'));
    expect(due('2026-03-10T23:59:59', 1, 'd', 'natural').due).toBe(endOf('2026-03-11'));
    expect(endOf('2026-03-11')).toBe(Date.parse('2026-03-11T15:59:59.999Z'));
  });

  it('holiday_end rolls a rest last day to the next working day; natural does not', () => {
    expect(due('2026-09-29T15:00:00', 3, 'd', 'holiday_end').due).toBe(endOf('2026-10-08'));
    expect(due('2026-09-29T15:00:00', 3, 'd', 'natural').due).toBe(endOf('2026-10-02'));
    expect(due('2026-03-11T09:00:00', 3, 'd', 'holiday_end').due).toBe(endOf('2026-03-16'));
    expect(due('2026-10-08T09:00:00', 2, 'd', 'holiday_end').due).toBe(endOf('2026-10-10'));
  });

  it('workdays count working days only, 调休 weekends included', () => {
    expect(due('2026-09-30T16:00:00', 7, 'd', 'workdays').due).toBe(endOf('2026-10-15'));
    expect(due('2026-09-30T16:00:00', 5, 'd', 'workdays').due).toBe(endOf('2026-10-13'));
    expect(due('2026-03-13T11:00:00', 5, 'd', 'workdays').due).toBe(endOf('2026-03-20'));
    expect(due('2026-09-19T08:00:00', 3, 'd', 'workdays').due).toBe(endOf('2026-09-22'));
  });

  it('province lists apply to their units only', () => {
    expect(due('2026-04-16T10:00:00', 2, 'd', 'workdays').due).toBe(endOf('2026-04-20'));
    expect(due('2026-04-16T10:00:00', 2, 'd', 'workdays', NANNING).due).toBe(endOf('2026-04-22'));
    expect(due('2026-04-16T10:00:00', 1, 'd', 'holiday_end', NANNING).due).toBe(endOf('2026-04-21'));
  });

  it('months: the same day, or the last day of a shorter month', () => {
    expect(due('2026-01-31T10:00:00', 1, 'mo', 'natural').due).toBe(endOf('2026-02-28'));
    expect(due('2026-03-15T10:00:00', 12, 'mo', 'natural')).toEqual({
      due: endOf('2027-03-15'),
      missing: false,
    });
    expect(due('2026-08-31T10:00:00', 6, 'mo', 'natural').due).toBe(endOf('2027-02-28'));
    expect(due('2026-09-01T10:00:00', 1, 'mo', 'holiday_end').due).toBe(endOf('2026-10-08'));
    expect(plusMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('a count that needs a missing year is natural and says so', () => {
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
  });

  it('on the shipped calendar: Spring Festival 2026, Guangxi 三月三, no 2027', () => {
    // Thu 02-12: Fri 13, Sat 14 (调休, works), 15–23 off, then 24, 25, 26.
    expect(shipped('2026-02-12T10:00:00', 5, 'd', 'workdays').due).toBe(endOf('2026-02-26'));
    // 3 days end Sun 02-15, a holiday: the next working day is Tue 02-24.
    expect(shipped('2026-02-12T10:00:00', 3, 'd', 'holiday_end').due).toBe(endOf('2026-02-24'));
    // 7 working days from Wed 04-15: Nanning skips 04-17 and 04-20; Beijing does not.
    expect(shipped('2026-04-15T10:00:00', 7, 'd', 'workdays', NANNING).due).toBe(endOf('2026-04-28'));
    expect(shipped('2026-04-15T10:00:00', 7, 'd', 'workdays').due).toBe(endOf('2026-04-24'));
    // Mid-Autumn 09-25…27 then Sunday 09-20 works: 2 working days from Fri 09-18 are Sun 20, Mon 21.
    expect(shipped('2026-09-18T10:00:00', 2, 'd', 'workdays').due).toBe(endOf('2026-09-21'));
    expect(shipped('2026-12-30T10:00:00', 3, 'd', 'holiday_end').missing).toBe(true);
  });
});
