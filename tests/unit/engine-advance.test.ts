/** The pure alert state machine and manual inputs, on hand-made obligations. */
import { describe, expect, it } from 'vitest';
import { alertId, alertSchema, escapeIdPart } from '../../common/alerts.js';
import { advance } from '../../alerts/engine/advance.js';
import { acknowledge, resolveManually } from '../../alerts/engine/manual.js';
import type { Obligation } from '../../alerts/engine/types.js';
import { D, GRACE, H, T0, ev, newEngine } from './engine-helpers.js';

const due = T0 + D;
const base: Obligation = {
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
  severity: 'P2',
  status: 'pending',
  satisfied_by: null,
  satisfied_at: null,
  title: '测试',
  legal_basis: '依据',
};
const ob = (o: Partial<Obligation>): Obligation => ({ ...base, ...o });

describe('advance: deadline timing', () => {
  it('waits for the pre-warning, then for overdue', async () => {
    expect(advance(null, base, T0, GRACE).wakeAt).toBe(due - 4 * H + GRACE);
    const warned = advance(null, base, due - 4 * H + GRACE, GRACE);
    expect(warned.alert).toMatchObject({ stage: 'due_soon', severity: 'P4' });
    expect(warned.wakeAt).toBe(due + GRACE);
    expect(advance(null, ob({ lead_ms: null }), T0, GRACE).wakeAt).toBe(due + GRACE);
  });

  it('a trigger ingested after due_at gets the grace from its ingest time', async () => {
    const late = ob({ seen: due + 5 * H });
    expect(advance(null, late, due + 5 * H, GRACE)).toMatchObject({
      alert: null,
      wakeAt: due + 5 * H + GRACE,
    });
  });

  it('a pre-warning is never raised once due_at has passed', async () => {
    expect(advance(null, base, due + 1, GRACE)).toMatchObject({ alert: null, wakeAt: due + GRACE });
  });

  it('engine output matches the Alert schema of the contract', async () => {
    const step = advance(null, base, due + GRACE, GRACE);
    expect(alertSchema.parse(step.alert)).toEqual(step.alert);
    expect(step.changes.map((c) => c.kind)).toEqual(['raised']);
  });
});

describe('advance: lifecycle', () => {
  const overdue = advance(null, base, due + GRACE, GRACE).alert!;

  it('acknowledged stays acknowledged through escalation, until resolved', async () => {
    const warned = advance(null, base, due - H, GRACE).alert!;
    const acked = acknowledge(warned, 'officer1', due - H + 1);
    if (!acked.ok) throw new Error('ack failed');
    const escalated = advance(acked.alert, base, due + GRACE, GRACE);
    expect(escalated.alert).toMatchObject({
      state: 'acknowledged',
      stage: 'overdue',
      acknowledged_by: 'officer1',
    });
    const done = advance(escalated.alert, ob({ status: 'late', satisfied_by: 's1' }), due + 2 * H, GRACE);
    expect(done.alert).toMatchObject({ state: 'resolved', resolution: 'late', acknowledged_by: 'officer1' });
  });

  it('acknowledging twice is idempotent; acknowledging a resolved alert is refused', async () => {
    const once = acknowledge(overdue, 'a', due + 2 * GRACE);
    if (!once.ok) throw new Error('ack failed');
    expect(acknowledge(once.alert, 'b', due + 3 * GRACE)).toEqual({
      ok: true,
      alert: once.alert,
      changes: [],
    });
    const resolved = resolveManually(overdue, 'a', due + 2 * GRACE, 'handled offline');
    if (!resolved.ok) throw new Error('resolve failed');
    expect(resolved.changes[0]).toMatchObject({ kind: 'resolved', actor: 'a', note: 'handled offline' });
    expect(acknowledge(resolved.alert, 'a', due + 3 * GRACE)).toEqual({ ok: false, reason: 'resolved' });
    expect(resolveManually(resolved.alert, 'a', due + 3 * GRACE, 'again')).toEqual({
      ok: false,
      reason: 'resolved',
    });
  });

  it('a manual resolution is final', async () => {
    const resolved = resolveManually(overdue, 'a', due + 2 * GRACE, 'n');
    if (!resolved.ok) throw new Error('resolve failed');
    const later = advance(
      resolved.alert,
      ob({ status: 'on_time', satisfied_by: 's1' }),
      due + 3 * GRACE,
      GRACE,
    );
    expect(later).toEqual({ alert: resolved.alert, changes: [], wakeAt: null });
  });

  it('an automatic resolution follows the facts: late ↔ on_time as an update, never reopened', async () => {
    const late = advance(overdue, ob({ status: 'late', satisfied_by: 's2' }), due + H, GRACE).alert!;
    const corrected = advance(late, ob({ status: 'on_time', satisfied_by: 's1' }), due + 2 * H, GRACE);
    expect(corrected.changes.map((c) => c.kind)).toEqual(['updated']);
    expect(corrected.alert).toMatchObject({
      resolution: 'on_time',
      satisfied_by_event_id: 's1',
      resolved_at: late.resolved_at,
    });
    expect(advance(corrected.alert, base, due + 3 * H, GRACE).changes).toEqual([]);
  });

  it('a late satisfier on a pre-warning escalates, then resolves late', async () => {
    const warned = advance(null, base, due - H, GRACE).alert!;
    const step = advance(warned, ob({ status: 'late', satisfied_by: 's1' }), due + H, GRACE);
    expect(step.changes.map((c) => c.kind)).toEqual(['escalated', 'resolved']);
    expect(step.alert).toMatchObject({ stage: 'overdue', severity: 'P2', resolution: 'late' });
  });

  it('a cleared condition resolves on_time and is never reopened', async () => {
    const cond = ob({ kind: 'condition', status: 'violation', lead_ms: null, due_at: T0 });
    expect(advance(null, cond, T0, GRACE)).toMatchObject({ alert: null, wakeAt: T0 + GRACE });
    const raised = advance(null, cond, T0 + GRACE, GRACE).alert!;
    const cleared = advance(raised, { ...cond, status: 'clear' }, T0 + H, GRACE).alert!;
    expect(cleared).toMatchObject({ state: 'resolved', resolution: 'on_time' });
    expect(advance(cleared, cond, T0 + 2 * H, GRACE).changes).toEqual([]);
  });
});

describe('Engine manual inputs', () => {
  it('acknowledge and resolve by id; unknown ids are reported', async () => {
    const e = newEngine();
    await e.ingest([ev('incident.dispatched', T0, { incident_id: 'I1' })], T0);
    await e.tick(due + GRACE);
    const id = 'R-INC-13:incident_id:I1';
    expect(await e.acknowledge(id, 'u1', due + 2 * GRACE)).toMatchObject({
      ok: true,
      alert: { state: 'acknowledged' },
    });
    expect(await e.resolve(id, 'u1', due + 3 * GRACE, 'done')).toMatchObject({
      ok: true,
      alert: { resolution: 'manual' },
    });
    await e.ingest(
      [ev('incident.closed', due + H, { incident_id: 'I1', attrs: { nature: 'traffic' } })],
      due + H,
    );
    expect(await e.get(id)).toMatchObject({ resolution: 'manual' });
    expect(await e.acknowledge('nope', 'u1', due)).toEqual({ ok: false, reason: 'not_found' });
    expect((await e.alerts()).map((a) => a.seq)).toEqual([3]);
  });
});

describe('alertId', () => {
  it('is readable, URL-safe and injective', async () => {
    expect(alertId('R-INC-01', 'incident_id', 'J4501-2026.001')).toBe('R-INC-01:incident_id:J4501-2026.001');
    expect(alertId('R-INC-01', 'incident_id', 'a/b:c d%')).toBe('R-INC-01:incident_id:a%2Fb%3Ac%20d%25');
    expect(escapeIdPart('案1')).toBe('%E6%A1%881');
    expect(escapeIdPart('\uD800x')).toBe('%uD800x');
    expect(escapeIdPart('%uD800x')).not.toBe(escapeIdPart('\uD800x'));
  });
});
