/** The replay's "due dates moved" table: alerts both rule sets raise, how many moved and by how much. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { dueShiftTable, dueShifts } from '../../alerts/replay/due-shift.js';
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
      },
    ]);
    expect(dueShiftTable(shifts)).toContain('+153 h');
  });
});
