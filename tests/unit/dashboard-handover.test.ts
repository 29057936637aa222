/**
 * 交接班 (issue #18 item 6): what was raised, acknowledged, resolved and is still open in a shift window, in the
 * unit's zone; each alert once, in its newest copy.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { handover, msToZonedInput, shiftWindow, zonedTimeToMs } from '../../dashboard/src/lib/handover.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const ids = (list: Alert[]) => list.map((a) => a.alert_id);
const NOW = Date.parse('2026-11-26T08:00:00.000Z'); // 16:00 in Beijing

describe('shift handover', () => {
  it('defaults to the last 8 hours, or from a chosen time', () => {
    expect(shiftWindow(NOW)).toEqual({ from: NOW - 8 * 3_600_000, to: NOW });
    expect(shiftWindow(NOW, NOW - 3_600_000)).toEqual({ from: NOW - 3_600_000, to: NOW });
    // A chosen time in the future is no window: back to the default.
    expect(shiftWindow(NOW, NOW + 1)).toEqual({ from: NOW - 8 * 3_600_000, to: NOW });
  });

  it('lists raised, acknowledged, resolved and still open in the window', () => {
    const w = shiftWindow(NOW); // 00:00Z .. 08:00Z
    const active = [
      alert({ alert_id: 'before-open', seq: 1, opened_at: '2026-11-25T20:00:00.000Z' }),
      alert({
        alert_id: 'raised-acked',
        seq: 2,
        severity: 'P1',
        opened_at: '2026-11-26T01:00:00.000Z',
        state: 'acknowledged',
        acknowledged_at: '2026-11-26T02:00:00.000Z',
      }),
      alert({ alert_id: 'held', seq: 3, state: 'held', opened_at: '2026-11-26T03:00:00.000Z' }),
    ];
    const resolved = [
      alert({
        alert_id: 'raised-resolved',
        seq: 4,
        opened_at: '2026-11-26T04:00:00.000Z',
        state: 'resolved',
        resolution: 'manual',
        resolved_at: '2026-11-26T05:00:00.000Z',
      }),
      alert({
        alert_id: 'old-resolved',
        seq: 5,
        opened_at: '2026-11-24T04:00:00.000Z',
        state: 'resolved',
        resolved_at: '2026-11-25T05:00:00.000Z',
      }),
      // The live list still has it open (the change is on its way): the newer copy counts.
      alert({
        alert_id: 'before-open',
        seq: 9,
        opened_at: '2026-11-25T20:00:00.000Z',
        state: 'resolved',
        resolved_at: '2026-11-26T07:00:00.000Z',
      }),
    ];
    const h = handover([active, resolved], w);
    expect(ids(h.raised)).toEqual(['raised-acked', 'raised-resolved']);
    expect(ids(h.acknowledged)).toEqual(['raised-acked']);
    expect(ids(h.resolved)).toEqual(['raised-resolved', 'before-open']);
    expect(ids(h.open)).toEqual(['raised-acked']);
  });

  it('reads a chosen time in the unit zone, and writes it back', () => {
    expect(zonedTimeToMs('2026-11-26T08:00', 'Asia/Shanghai')).toBe(Date.parse('2026-11-26T00:00:00.000Z'));
    expect(zonedTimeToMs('2026-07-01T08:30', 'Europe/Berlin')).toBe(Date.parse('2026-07-01T06:30:00.000Z'));
    expect(zonedTimeToMs('not a time', 'Asia/Shanghai')).toBeNull();
    expect(msToZonedInput(Date.parse('2026-11-26T00:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-26T08:00');
  });
});
