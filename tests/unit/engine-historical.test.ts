/**
 * CONTRACT §6.4: a violation first judged more than BACKFILL_HORIZON_HOURS after its deadline (an import of old
 * data) is raised `historical: true`, and keeps it for life; a violation judged in time never is.
 */
import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../common/alerts.js';
import { advance, DEFAULT_BACKFILL_HORIZON_MS } from '../../alerts/engine/advance.js';
import { acknowledge } from '../../alerts/engine/manual.js';
import type { Gate, Obligation } from '../../alerts/engine/types.js';
import { memoryEngine } from '../../alerts/orchestrator/index.js';
import { TestEngine } from '../helpers/test-engine.js';
import { D, GRACE, H, RULES, T0, ev } from './engine-helpers.js';

const due = T0 + D;
const old: Obligation = {
  alert_id: 'R-X-01:case_id:C1',
  rule_id: 'R-X-01',
  kind: 'deadline',
  subject: { case_id: 'C1' },
  trigger_event_id: 't1',
  unit_code: '450103520000',
  occurred_at: T0,
  seen: T0,
  due_at: due,
  lead_ms: 4 * H,
  severity: 'P1',
  status: 'pending',
  satisfied_by: null,
  satisfied_at: null,
  title: '测试',
  legal_basis: '依据',
};
const ob = (o: Partial<Obligation>): Obligation => ({ ...old, ...o });

describe('advance: historical violations (§6.4)', () => {
  it('the default horizon is 48 hours', () => {
    expect(DEFAULT_BACKFILL_HORIZON_MS).toBe(48 * H);
  });

  it('raised in time: not historical', () => {
    const step = advance(null, old, due + GRACE, GRACE);
    expect(step.alert).toMatchObject({ stage: 'overdue', state: 'open' });
    expect(step.alert?.historical).toBeUndefined();
  });

  it('first judged more than the horizon after due_at (old data imported now): historical', () => {
    const imported = ob({ seen: due + 400 * D });
    const step = advance(null, imported, due + 400 * D + GRACE, GRACE);
    expect(step.alert).toMatchObject({ stage: 'overdue', state: 'open', historical: true });
    expect(step.changes.map((c) => [c.kind, c.alert.historical])).toEqual([['raised', true]]);
    expect(alertSchema.parse(step.alert)).toEqual(step.alert);
  });

  it('the horizon is strict and injectable', () => {
    const at = (now: number, horizon?: number) =>
      advance(null, ob({ seen: now - GRACE }), now, GRACE, undefined, horizon).alert?.historical;
    expect(at(due + 48 * H)).toBeUndefined();
    expect(at(due + 48 * H + 1)).toBe(true);
    expect(at(due + 2 * H, H)).toBe(true);
    expect(at(due + 2 * H, 3 * H)).toBeUndefined();
  });

  it('an old violation satisfied late in the same import: raised and resolved late, both historical', () => {
    const late = ob({ seen: due + 30 * D, status: 'late', satisfied_by: 's1', satisfied_at: due + H });
    const step = advance(null, late, due + 30 * D + GRACE, GRACE);
    expect(step.changes.map((c) => [c.kind, c.alert.historical])).toEqual([
      ['raised', true],
      ['resolved', true],
    ]);
    expect(step.alert).toMatchObject({ state: 'resolved', resolution: 'late', historical: true });
  });

  it('stays historical for life: acknowledged, updated, resolved', () => {
    const raised = advance(null, ob({ seen: due + 10 * D }), due + 10 * D + GRACE, GRACE).alert!;
    const acked = acknowledge(raised, 'officer', due + 11 * D);
    if (!acked.ok) throw new Error('ack failed');
    expect(acked.alert.historical).toBe(true);
    const moved = advance(acked.alert, ob({ seen: due + 10 * D, severity: 'P2' }), due + 12 * D, GRACE);
    expect(moved.alert).toMatchObject({ severity: 'P2', historical: true });
    const done = advance(moved.alert, ob({ status: 'late', satisfied_by: 's' }), due + 13 * D, GRACE);
    expect(done.alert).toMatchObject({ state: 'resolved', historical: true });
  });

  it('a live alert never becomes historical, even escalated or corrected long after its deadline', () => {
    const warned = advance(null, old, due - H, GRACE).alert!;
    const escalated = advance(warned, old, due + 5 * D, GRACE); // the engine was down for days
    expect(escalated.alert).toMatchObject({ stage: 'overdue' });
    expect(escalated.alert?.historical).toBeUndefined();
    const raised = advance(null, old, due + GRACE, GRACE).alert!;
    const later = advance(raised, ob({ status: 'late', satisfied_by: 's' }), due + 90 * D, GRACE);
    expect(later.alert?.historical).toBeUndefined();
  });

  it('held when first judged: decided then, kept when released', () => {
    const gate: Gate = () => ({ key: 'case:4501', recheckAt: null });
    const imported = ob({ seen: due + 5 * D });
    const held = advance(null, imported, due + 5 * D + GRACE, GRACE, gate);
    expect(held.alert).toMatchObject({ state: 'held', historical: true });
    const released = advance(held.alert, imported, due + 6 * D, GRACE);
    expect(released.alert).toMatchObject({ state: 'open', historical: true });
  });

  it('a condition violation of old data is historical (its due_at is the offending event)', () => {
    const cond = ob({ kind: 'condition', status: 'violation', lead_ms: null, seen: T0 + 3 * D });
    const step = advance(null, { ...cond, due_at: T0 }, T0 + 3 * D + GRACE, GRACE);
    expect(step.alert).toMatchObject({ state: 'open', historical: true });
  });
});

describe('orchestrator: the horizon of the engine', () => {
  it('events a year old ingested now raise historical alerts; the same events in time do not', async () => {
    const year = 365 * D;
    const live = new TestEngine(memoryEngine(RULES, { graceMs: GRACE }));
    await live.ingest([ev('incident.dispatched', T0, { incident_id: 'I1' })], T0);
    await live.tick(T0 + 2 * D);
    const imported = new TestEngine(memoryEngine(RULES, { graceMs: GRACE, horizonMs: 24 * H }));
    await imported.ingest([ev('incident.dispatched', T0 - year, { incident_id: 'I1' })], T0);
    await imported.tick(T0 + GRACE);
    const [a] = await live.alerts();
    const [b] = await imported.alerts();
    expect(a).toMatchObject({ rule_id: 'R-INC-13', stage: 'overdue' });
    expect(a?.historical).toBeUndefined();
    expect(b).toMatchObject({ rule_id: 'R-INC-13', stage: 'overdue', historical: true });
  });
});
