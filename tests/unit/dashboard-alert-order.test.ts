/**
 * The duty queue's order and filters (issue #18 item 6): most severe first, then the most overdue; an
 * acknowledgement moves nothing; columns sort; the free-text filter finds a unit by name and an alert by
 * its case / incident id.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import {
  DEFAULT_SORT,
  EMPTY_FILTER,
  compareAlerts,
  dutyQueue,
  nextSort,
} from '../../dashboard/src/lib/alert-order.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const NAMES: Record<string, string> = {
  '450103520000': '青秀分局新竹派出所',
  '450200000001': '柳州市公安局',
};
const unitName = (code: string) => NAMES[code] ?? code;
const ids = (list: Alert[]) => list.map((a) => a.alert_id);

describe('duty queue order', () => {
  // "超期 2天1小时" (due 2 days ago) was listed under 10-hour items because they were raised later.
  const list = [
    alert({
      alert_id: 'p2-10h',
      seq: 9,
      due_at: '2026-11-26T00:00:00.000Z',
      opened_at: '2026-11-26T00:01:00.000Z',
    }),
    alert({
      alert_id: 'p2-2d1h',
      seq: 1,
      due_at: '2026-11-23T23:00:00.000Z',
      opened_at: '2026-11-23T23:01:00.000Z',
    }),
    alert({
      alert_id: 'p1-soon',
      seq: 2,
      severity: 'P1',
      stage: 'due_soon',
      due_at: '2026-11-26T12:00:00.000Z',
    }),
    alert({ alert_id: 'p1-late', seq: 3, severity: 'P1', due_at: '2026-11-25T00:00:00.000Z' }),
    alert({ alert_id: 'p3', seq: 4, severity: 'P3', due_at: '2026-11-20T00:00:00.000Z' }),
  ];

  it('puts the most severe first, overdue before pre-warning, then the most overdue', () => {
    expect(ids([...list].sort(compareAlerts))).toEqual(['p1-late', 'p1-soon', 'p2-2d1h', 'p2-10h', 'p3']);
    expect(ids(dutyQueue(list, EMPTY_FILTER))).toEqual(['p1-late', 'p1-soon', 'p2-2d1h', 'p2-10h', 'p3']);
  });

  it('does not move an alert when it is acknowledged (a newer seq, an acknowledged_at)', () => {
    const before = ids(dutyQueue(list, EMPTY_FILTER));
    const acked = list.map((a) =>
      a.alert_id === 'p2-10h'
        ? { ...a, seq: 99, state: 'acknowledged' as const, acknowledged_at: '2026-11-26T02:00:00.000Z' }
        : a,
    );
    expect(ids(dutyQueue(acked, EMPTY_FILTER))).toEqual(before);
  });

  it('sorts by a column, ties in the default order; the same column again flips it', () => {
    const byDue = dutyQueue(list, EMPTY_FILTER, { sort: { key: 'due', desc: false } });
    expect(ids(byDue)).toEqual(['p3', 'p2-2d1h', 'p1-late', 'p2-10h', 'p1-soon']);
    const s = nextSort(nextSort(DEFAULT_SORT, 'due'), 'due');
    expect(s).toEqual({ key: 'due', desc: true });
    expect(ids(dutyQueue(list, EMPTY_FILTER, { sort: s }))).toEqual([
      'p1-soon',
      'p2-10h',
      'p1-late',
      'p2-2d1h',
      'p3',
    ]);
    expect(nextSort(s, 'unit')).toEqual({ key: 'unit', desc: false });
  });

  it('sorts by unit name and by state (open before acknowledged)', () => {
    const two = [
      alert({ alert_id: 'a', seq: 1, unit_code: '450200000001' }),
      alert({ alert_id: 'b', seq: 2, state: 'acknowledged' }),
      alert({ alert_id: 'c', seq: 3 }),
    ];
    // 柳 (liǔ) before 青 (qīng) in pinyin order.
    expect(ids(dutyQueue(two, EMPTY_FILTER, { sort: { key: 'unit', desc: false }, unitName }))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(ids(dutyQueue(two, EMPTY_FILTER, { sort: { key: 'state', desc: false } }))).toEqual([
      'a',
      'c',
      'b',
    ]);
  });
});

describe('duty queue filters', () => {
  const list = [
    alert({ alert_id: 'R-INC-01:incident_id:J450103001', seq: 1 }),
    alert({
      alert_id: 'p1',
      seq: 2,
      severity: 'P1',
      state: 'acknowledged',
      subject: { case_id: 'A4501032026110001' },
    }),
    alert({ alert_id: 'p2-liuzhou', seq: 3, unit_code: '450200000001', subject: { incident_id: 'J4502' } }),
    alert({ alert_id: 'soon', seq: 4, stage: 'due_soon', subject: { item_id: 'W1' } }),
  ];
  const q = (query: string) => ids(dutyQueue(list, { ...EMPTY_FILTER, query }, { unitName }));

  it('finds a unit by part of its name, or by a code prefix', () => {
    expect(q('柳州')).toEqual(['p2-liuzhou']);
    expect(q('4502')).toEqual(['p2-liuzhou']);
    expect(q('新竹派出所')).toHaveLength(3);
  });

  it('finds an alert by its case or incident id (any part, any case)', () => {
    expect(q('a450103')).toEqual(['p1']);
    expect(q('J450103001')).toEqual(['R-INC-01:incident_id:J450103001']);
    expect(q('  ')).toHaveLength(4);
    expect(q('no-such')).toEqual([]);
  });

  it('filters by severity, state and stage', () => {
    expect(ids(dutyQueue(list, { ...EMPTY_FILTER, severities: ['P1'] }))).toEqual(['p1']);
    expect(ids(dutyQueue(list, { ...EMPTY_FILTER, state: 'acknowledged' }))).toEqual(['p1']);
    expect(ids(dutyQueue(list, { ...EMPTY_FILTER, stage: 'due_soon' }))).toEqual(['soon']);
  });
});

describe('deadline order across time formats', () => {
  it('orders by the instant when the strings differ in shape', () => {
    const list = [
      alert({ alert_id: 'z', seq: 1, due_at: '2026-11-26T00:00:00.000Z' }),
      alert({ alert_id: 'offset', seq: 2, due_at: '2026-11-26T07:00:00+08:00' }), // 23:00Z the day before
      alert({ alert_id: 'short', seq: 3, due_at: '2026-11-25T22:00:00Z' }),
    ];
    expect(ids(dutyQueue(list, EMPTY_FILTER))).toEqual(['short', 'offset', 'z']);
  });
});
