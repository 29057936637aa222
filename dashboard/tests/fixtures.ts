/** Alerts and stats for the dashboard's unit tests. */
import type { Alert } from '../../common/alerts.js';
import type { TrendPoint, UnitStats } from '../../common/api.js';
import type { Supervision } from '../../common/supervision.js';

export function alert(over: Partial<Alert> & Pick<Alert, 'alert_id' | 'seq'>): Alert {
  return {
    rule_id: 'R-INC-01',
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: '450103520000',
    subject: { incident_id: over.alert_id.split(':').pop() ?? 'J1' },
    trigger_event_id: `ev-${over.alert_id}`,
    satisfied_by_event_id: null,
    due_at: '2026-11-26T00:30:00.000Z',
    opened_at: '2026-11-26T00:31:00.000Z',
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: '案件类警情超期未接报案登记',
    legal_basis: '《公安机关办理刑事案件程序规定》第一百七十一条',
    ...over,
  };
}

export function trendPoints(): TrendPoint[] {
  return [
    { t: '2026-11-25T16:00:00.000Z', raised: 5, resolved: 2, P1: 1, P2: 3, P3: 1 },
    { t: '2026-11-25T17:00:00.000Z', raised: 3, resolved: 4, P1: 0, P2: 2, P3: 1 },
    { t: '2026-11-25T18:00:00.000Z', raised: 0, resolved: 1, P1: 0, P2: 0, P3: 0 },
  ];
}

export function unitStats(over: Partial<UnitStats> & Pick<UnitStats, 'prefix'>): UnitStats {
  return {
    code: over.prefix.padEnd(12, '0'),
    name: null,
    level: 'city',
    due: 100,
    on_time: 90,
    violations: 10,
    compliance_rate: 0.9,
    lateness_p50_h: 3.5,
    lateness_p90_h: 20.25,
    ack_p50_min: 12,
    active: 4,
    ...over,
  };
}

/** A supervision order (督办), issued at 08:00 Beijing time on 2026-11-26 to a station. */
export function order(over: Partial<Supervision> & Pick<Supervision, 'supervision_id' | 'seq'>): Supervision {
  return {
    level: 'order',
    state: 'issued',
    unit_code: '450103520000',
    alert_ids: ['R-INC-01:incident_id:J1'],
    instructions: '核查并补录接报案登记',
    issued_by: 'mgr',
    issued_at: '2026-11-26T00:00:00.000Z',
    auto: false,
    receive_due_at: '2026-11-26T02:00:00.000Z',
    received_at: null,
    received_by: null,
    feedback_due_at: '2026-11-29T00:00:00.000Z',
    answers: [],
    reviews: [],
    overdue: 'none',
    escalated_to: null,
    escalation: 0,
    closed_at: null,
    cancelled_at: null,
    ...over,
  };
}
