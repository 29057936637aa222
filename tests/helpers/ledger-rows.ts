/**
 * An obligation as the engine records it in the ledger, for tests that write the ledger directly: a deadline
 * rule's or a condition rule's (R-PER-19) row due at `due`, its satisfier an hour early when on time and
 * `lateH` hours past the deadline when late.
 */
import type { Obligation, ObligationStatus } from '../../alerts/engine/types.js';

const H = 3_600_000;
const DAY = 24 * H;

export const CONDITION_RULE = 'R-PER-19';

export function ledgerRow(o: {
  id: string;
  rule: string;
  unit: string;
  due: number;
  status: ObligationStatus;
  lateH: number;
}): Obligation {
  const { status, due } = o;
  return {
    alert_id: `${o.rule}:x:${o.id}`,
    rule_id: o.rule,
    kind: o.rule === CONDITION_RULE ? 'condition' : 'deadline',
    subject: {},
    trigger_event_id: `ev-${o.id}`,
    unit_code: o.unit,
    occurred_at: due - DAY,
    seen: due - DAY,
    due_at: due,
    lead_ms: null,
    severity: 'P2',
    status,
    satisfied_by: status === 'late' || status === 'on_time' ? `s-${o.id}` : null,
    satisfied_at: status === 'late' ? due + o.lateH * H : status === 'on_time' ? due - H : null,
    title: 't',
    legal_basis: 'b',
  };
}
