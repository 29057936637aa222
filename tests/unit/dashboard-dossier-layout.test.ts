import { describe, expect, it } from 'vitest';
import type { DossierObligation } from '../../common/dossier.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import type { PoliceEvent } from '../../common/events.js';
import {
  entitiesOf,
  laneOf,
  laneRows,
  layoutTimeline,
  outcomeOf,
  spanLabel,
} from '../../dashboard/src/lib/dossier-layout.js';
import { mayOpen } from '../../dashboard/src/lib/roles.js';
import { cssString, printFooterCss } from '../../dashboard/src/views/dossier/print.js';
import { figureCells, periodOf } from '../../dashboard/src/views/dossier/period.js';

const ROLES = ['viewer', 'officer', 'manager', 'admin'] as const;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const ev = (event_id: string, type: string, at: string, links: object = {}): PoliceEvent =>
  ({ event_id, type, occurred_at: at, unit_code: '450102000000', ...links }) as PoliceEvent;
const ob = (id: string, trigger: string, from: string, due: string, status: string): DossierObligation => ({
  obligation_id: id,
  rule_id: `R-${id}`,
  unit_code: '450102000000',
  trigger_event_id: trigger,
  occurred_at: from,
  due_at: due,
  status,
  satisfied_at: null,
});

describe('dossier swimlanes', () => {
  it('puts every event type of the vocabulary in one of the seven systems', () => {
    for (const type of EVENT_TYPES) expect(laneOf(type), type).not.toBeNull();
  });

  it('maps by prefix', () => {
    expect(laneOf('incident.closed')).toBe('incident');
    expect(laneOf('case.registered')).toBe('case');
    expect(laneOf('interrogation.started')).toBe('area');
    expect(laneOf('area.left')).toBe('area');
    expect(laneOf('property.preserved')).toBe('property');
    expect(laneOf('recording.uploaded')).toBe('recording');
    expect(laneOf('custody.admitted')).toBe('measure');
    expect(laneOf('family.notified')).toBe('measure');
    expect(laneOf('measure.arrest')).toBe('measure');
    expect(laneOf('legal_review.passed')).toBe('legal');
    expect(laneOf('weather.rain')).toBeNull();
  });
});

describe('obligation outcome', () => {
  it('names on time, late, missing and open', () => {
    expect(outcomeOf({ status: 'on_time', due_at: '2026-11-26T00:00:00Z' }, NOW)).toBe('on_time');
    expect(outcomeOf({ status: 'clear', due_at: '2026-11-26T00:00:00Z' }, NOW)).toBe('on_time');
    expect(outcomeOf({ status: 'late', due_at: '2026-11-26T00:00:00Z' }, NOW)).toBe('late');
    expect(outcomeOf({ status: 'violation', due_at: '2026-11-27T00:00:00Z' }, NOW)).toBe('missing');
    expect(outcomeOf({ status: 'pending', due_at: '2026-11-26T11:59:00Z' }, NOW)).toBe('missing');
    expect(outcomeOf({ status: 'pending', due_at: '2026-11-26T12:01:00Z' }, NOW)).toBe('open');
  });
});

describe('dossier entities', () => {
  it('counts distinct link-key values, in link-key order', () => {
    const list = entitiesOf([
      ev('a', 'measure.detention', '2026-11-26T00:00:00Z', { case_id: 'C1', person_id: 'P1' }),
      ev('b', 'property.seized', '2026-11-26T01:00:00Z', { case_id: 'C1', item_id: 'W1' }),
      ev('c', 'incident.reported', '2026-11-26T02:00:00Z', { incident_id: 'I1' }),
    ]);
    expect(list).toEqual([
      { key: 'incident_id', value: 'I1', events: 1 },
      { key: 'case_id', value: 'C1', events: 2 },
      { key: 'person_id', value: 'P1', events: 1 },
      { key: 'item_id', value: 'W1', events: 1 },
    ]);
  });
});

describe('timeline layout', () => {
  const events = [
    ev('i', 'incident.reported', '2026-11-26T00:00:00Z'),
    ev('r', 'case.registered', '2026-11-26T10:00:00Z'),
  ];
  it('places events by time over the width, padded 3 % on each side, in their lane', () => {
    const t = layoutTimeline(events, [], [], { width: 1060, laneHeight: 40, now: NOW });
    expect(t.events.map((m) => [m.event_id, m.lane, Math.round(m.x)])).toEqual([
      ['i', 0, 30],
      ['r', 1, 1030],
    ]);
    expect(t.to - t.from).toBe(10.6 * 3_600_000);
  });

  it('draws obligations from trigger to due in the trigger lane, stacked when they overlap, pins alerts', () => {
    const obligations = [
      ob('a', 'i', '2026-11-26T00:00:00Z', '2026-11-26T05:00:00Z', 'on_time'),
      ob('b', 'i', '2026-11-26T01:00:00Z', '2026-11-26T10:00:00Z', 'late'),
      ob('c', 'i', '2026-11-26T06:00:00Z', '2026-11-26T08:00:00Z', 'violation'),
    ];
    const alerts = [{ alert_id: 'AL-b', trigger_event_id: 'i', rule_id: 'R-b' }];
    const t = layoutTimeline(events, obligations, alerts, { width: 1060, laneHeight: 40, now: NOW });
    expect(t.spans.map((s) => [s.obligation_id, s.lane, s.y, s.outcome, s.alert_ids])).toEqual([
      ['a', 0, 0, 'on_time', []],
      ['b', 0, 1, 'late', ['AL-b']],
      ['c', 0, 0, 'missing', []],
    ]);
    const a = t.spans[0]!;
    expect([Math.round(a.x1), Math.round(a.x2)]).toEqual([30, 530]);
    expect(laneRows(t)).toEqual([2, 1, 1, 1, 1, 1, 1]);
  });
});

describe('officer file period and figures', () => {
  const Z = 'Asia/Shanghai';
  it('defaults to the last 90 days in the zone, whole days', () => {
    // 2026-11-26 02:00 in Shanghai.
    const p = periodOf('', '', Date.parse('2026-11-25T18:00:00Z'), Z);
    expect(p).toEqual({
      fromDay: '2026-08-29',
      toDay: '2026-11-26',
      from: '2026-08-28T16:00:00.000Z',
      to: '2026-11-26T16:00:00.000Z',
    });
  });
  it('takes picked days, in either order', () => {
    const p = periodOf('2026-03-10', '2026-03-01', 0, Z);
    expect([p.from, p.to]).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-10T16:00:00.000Z']);
  });
  it('puts each count’s share of its denominator beside it', () => {
    const cells = figureCells({
      due: 10,
      on_time: 7,
      late: 2,
      overdue_open: 1,
      conditions: 4,
      violations: 1,
      on_time_rate: 0.7,
      violation_rate: 4 / 14,
    });
    expect(cells.map((c) => [c.n, c.rate])).toEqual([
      [10, null],
      [7, 0.7],
      [2, 0.2],
      [1, 0.1],
      [4, null],
      [1, 0.25],
    ]);
  });
});

describe('print footer', () => {
  it('quotes any text as a CSS string', () => {
    expect(cssString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
  });
  it('puts the footer at the bottom left of every A4 landscape page, the page count at the right', () => {
    const css = printFooterCss('南宁市公安局 · 打印人 张三');
    expect(css).toContain('size: A4 landscape');
    expect(css).toContain('@bottom-left { content: "南宁市公安局 · 打印人 张三";');
    expect(css).toContain('@bottom-right { content: counter(page) " / " counter(pages);');
  });
});

describe('span labels', () => {
  it('go on the bar when they fit, else after it, else before it', () => {
    expect(spanLabel(100, 400, 120, 1000)).toEqual({ x: 106, anchor: 'start', inside: true });
    expect(spanLabel(100, 150, 120, 1000)).toEqual({ x: 164, anchor: 'start', inside: false });
    expect(spanLabel(800, 950, 200, 1000)).toEqual({ x: 794, anchor: 'end', inside: false });
  });
});

describe('who opens the dossier and the officer file', () => {
  it('dossier: officers, managers, admins; officer file: managers, admins', () => {
    expect(ROLES.filter((r) => mayOpen(r, 'dossier'))).toEqual(['officer', 'manager', 'admin']);
    expect(ROLES.filter((r) => mayOpen(r, 'officer'))).toEqual(['manager', 'admin']);
  });
});
