/** The replay's "due dates moved" table: alerts both rule sets raise, how many moved and by how much. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { dayBucket, dayShiftTable, dueShiftTable, dueShifts } from '../../alerts/replay/due-shift.js';
import type { ReplayResult } from '../../alerts/replay/replay.js';

const alert = (rule_id: string, id: string, due_at: string) => ({ rule_id, alert_id: id, due_at }) as Alert;
const result = (name: string, rules: string[], alerts: Alert[]) =>
  ({ name, perRule: rules.map((rule_id) => ({ rule_id })), alerts }) as unknown as ReplayResult;

describe('due shifts between two replays', () => {
  it('counts moved due dates per rule with min, median and max, and the alerts one side raises alone', () => {
    const before = result(
      'v1',
      ['R-INC-05', 'R-INC-01'],
      [
        alert('R-INC-05', 'a', '2026-10-02T07:00:00.000Z'),
        alert('R-INC-05', 'b', '2026-03-05T00:00:00.000Z'),
        alert('R-INC-05', 'c', '2026-03-05T00:00:00.000Z'),
        alert('R-INC-05', 'gone', '2026-03-05T00:00:00.000Z'),
        alert('R-INC-01', 'x', '2026-03-05T00:00:00.000Z'),
      ],
    );
    const after = result(
      'v2',
      ['R-INC-05', 'R-INC-01', 'R-LAW-02'],
      [
        alert('R-INC-05', 'a', '2026-10-08T15:59:59.999Z'), // + 152.9 h (National Day)
        alert('R-INC-05', 'b', '2026-03-05T15:59:59.999Z'), // + 16 h (end of the day)
        alert('R-INC-05', 'c', '2026-03-05T00:00:00.000Z'),
        alert('R-INC-01', 'x', '2026-03-05T00:00:00.000Z'),
        alert('R-LAW-02', 'new', '2026-10-13T15:59:59.999Z'),
      ],
    );
    const shifts = dueShifts(before, after);
    expect(shifts).toEqual([
      {
        rule_id: 'R-INC-05',
        both: 3,
        moved: 2,
        min_h: 16,
        median_h: 16,
        max_h: 153,
        only_baseline: 1,
        only_candidate: 0,
        by_days: [
          { days: 1, alerts: 1 },
          { days: 7, alerts: 1 },
        ],
        violations_gone: 0,
        violations_new: 0,
      },
      {
        rule_id: 'R-INC-01',
        both: 1,
        moved: 0,
        min_h: null,
        median_h: null,
        max_h: null,
        only_baseline: 0,
        only_candidate: 0,
        by_days: [],
        violations_gone: 0,
        violations_new: 0,
      },
      {
        rule_id: 'R-LAW-02',
        both: 0,
        moved: 0,
        min_h: null,
        median_h: null,
        max_h: null,
        only_baseline: 0,
        only_candidate: 1,
        by_days: [],
        violations_gone: 0,
        violations_new: 0,
      },
    ]);
    expect(dueShiftTable(shifts)).toContain('+153 h');
    const byDays = dayShiftTable(shifts)!.split('\n');
    expect(byDays[0]).toMatch(/^rule\s+due moved\s+\+1 d\s+\+7 d$/);
    expect(byDays[2]).toMatch(/^R-INC-05\s+2\s+1\s+1$/);
    expect(byDays).toHaveLength(3); // rules with nothing moved are left out
  });

  it('puts a shift in the bucket of the days it has begun, whole days exactly', () => {
    expect([24, 0.5, 24.1, 48, 144, 168, -24, -25].map(dayBucket)).toEqual([1, 1, 2, 2, 6, 7, -1, -2]);
  });

  it('counts the violations the change removes and adds, matched by alert', () => {
    const v = (id: string, due: string, resolution?: 'on_time' | 'late') =>
      ({ ...alert('R-ADM-01', id, due), stage: 'overdue', resolution }) as Alert;
    const soon = (id: string, due: string) => ({ ...alert('R-ADM-01', id, due), stage: 'due_soon' }) as Alert;
    const before = result(
      'natural',
      ['R-ADM-01'],
      [
        v('late-then-on-time', '2026-10-03T15:59:59.999Z', 'late'), // done 10-05: late before, on time after
        v('still-late', '2026-10-03T15:59:59.999Z', 'late'),
        v('dropped', '2026-10-04T15:59:59.999Z'),
        v('was-on-time', '2026-10-04T15:59:59.999Z', 'on_time'),
        soon('became', '2026-11-05T15:59:59.999Z'),
      ],
    );
    const after = result(
      'holiday_end',
      ['R-ADM-01'],
      [
        v('late-then-on-time', '2026-10-08T15:59:59.999Z', 'on_time'),
        v('still-late', '2026-10-08T15:59:59.999Z', 'late'),
        v('was-on-time', '2026-10-08T15:59:59.999Z', 'on_time'),
        v('became', '2026-11-05T15:59:59.999Z'),
        v('new', '2026-11-06T15:59:59.999Z'),
      ],
    );
    const [s] = dueShifts(before, after);
    expect(s).toMatchObject({
      both: 4,
      moved: 3,
      by_days: [
        { days: 4, alerts: 1 }, // 10-04 → 10-08
        { days: 5, alerts: 2 }, // 10-03 → 10-08
      ],
      only_baseline: 1,
      only_candidate: 1,
      violations_gone: 2, // late-then-on-time, dropped
      violations_new: 2, // became, new
    });
  });
});
