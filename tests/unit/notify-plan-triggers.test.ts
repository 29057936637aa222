/**
 * What in the change stream calls for a notification (notify/plan/triggers.ts), pure: each alert and order
 * change → a trigger of its kind, a `settled` (pending re-notifications and escalations end), or nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, AlertChangeKind } from '../../common/alerts.js';
import { NOTIFY_KINDS } from '../../common/notify.js';
import type { Supervision, SupervisionChangeKind } from '../../common/supervision.js';
import type { StreamEntry } from '../../alerts/stream/entries.js';
import { alertFacts, silentAlert, subjectKey, triggersOf, wantedState } from '../../notify/plan/triggers.js';

const AT = '2026-12-02T06:31:00.000Z';

function alert(o: Partial<Alert> = {}): Alert {
  return {
    alert_id: 'R-INC-01:incident_id:J4501-1',
    seq: 7,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: '450103520000',
    subject: { incident_id: 'J4501-1' },
    trigger_event_id: 'E-1',
    satisfied_by_event_id: null,
    due_at: '2026-12-02T06:30:00Z',
    opened_at: AT,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: '案件类警情超期未接报案登记',
    legal_basis: '',
    ...o,
  } as Alert;
}

function order(o: Partial<Supervision> = {}): Supervision {
  return {
    supervision_id: 'SUP-4501-20261202-0007',
    seq: 9,
    level: 'order',
    state: 'issued',
    unit_code: '450103000000',
    alert_ids: ['R-INC-01:incident_id:J4501-1'],
    instructions: '请核查',
    issued_by: 'mgr-4501',
    issued_at: AT,
    auto: false,
    receive_due_at: '2026-12-02T08:31:00Z',
    received_at: null,
    received_by: null,
    feedback_due_at: '2026-12-05T08:31:00Z',
    answers: [],
    reviews: [],
    overdue: 'none',
    escalated_to: null,
    escalation: 0,
    closed_at: null,
    cancelled_at: null,
    ...o,
  };
}

const alertEntry = (kind: AlertChangeKind, a: Alert): StreamEntry => ({
  kind: 'alert',
  seq: a.seq,
  change: { alert_id: a.alert_id, kind, at: AT, alert: a },
});
const orderEntry = (kind: SupervisionChangeKind, s: Supervision): StreamEntry => ({
  kind: 'supervision',
  seq: s.seq,
  change: { supervision_id: s.supervision_id, kind, at: AT, supervision: s },
});

const A_SUBJECT = { type: 'a', id: 'R-INC-01:incident_id:J4501-1' };
const S_SUBJECT = { type: 's', id: 'SUP-4501-20261202-0007' };

describe('alert changes', () => {
  it('an open alert raised → alert.raised, with its facts and the change time', () => {
    expect(triggersOf(alertEntry('raised', alert()))).toEqual([
      {
        type: 'notify',
        kind: 'alert.raised',
        subject: A_SUBJECT,
        facts: { unit_code: '450103520000', severity: 'P1', rule_id: 'R-INC-01' },
        at: Date.parse(AT),
      },
    ]);
  });

  it('held → nothing (not a violation until judged), whether the change is `held` or a raise into held', () => {
    expect(triggersOf(alertEntry('held', alert({ state: 'held', held_by: 'case:4501' })))).toEqual([]);
    expect(triggersOf(alertEntry('raised', alert({ state: 'held', held_by: 'case:4501' })))).toEqual([]);
  });

  it('escalated (due soon → overdue) and open → alert.escalated', () => {
    const [t] = triggersOf(alertEntry('escalated', alert({ stage: 'overdue' })));
    expect(t).toMatchObject({ type: 'notify', kind: 'alert.escalated', subject: A_SUBJECT });
  });

  it('a raised pre-warning (due_soon) is told as alert.raised like any other', () => {
    const [t] = triggersOf(alertEntry('raised', alert({ stage: 'due_soon' })));
    expect(t).toMatchObject({ kind: 'alert.raised' });
  });

  it('SUP-OVERDUE raised → supervision.overdue (its own escalation is not told again as a change)', () => {
    const sup = alert({
      alert_id: 'SUP-OVERDUE:supervision_id:SUP-4501-20261202-0007',
      rule_id: 'SUP-OVERDUE',
      severity: 'P2',
      unit_code: '450100000000',
      subject: { supervision_id: 'SUP-4501-20261202-0007', escalation: 1, step: 'receive' },
    });
    expect(triggersOf(alertEntry('raised', sup))).toMatchObject([
      {
        type: 'notify',
        kind: 'supervision.overdue',
        facts: { rule_id: 'SUP-OVERDUE', unit_code: '450100000000' },
      },
    ]);
    expect(triggersOf(alertEntry('escalated', sup))).toEqual([]);
  });

  it('SRC-OUTAGE → source.outage', () => {
    const outage = alert({
      alert_id: 'SRC-OUTAGE:source:case%3A4501',
      rule_id: 'SRC-OUTAGE',
      severity: 'P2',
    });
    expect(triggersOf(alertEntry('raised', outage))).toMatchObject([{ kind: 'source.outage' }]);
  });

  it('NOTIFY-FAIL and historical alerts → nothing, whatever the routes say', () => {
    const fail = alert({ rule_id: 'NOTIFY-FAIL', severity: 'P3' });
    const old = alert({ historical: true });
    expect(silentAlert(fail)).toBe(true);
    expect(silentAlert(old)).toBe(true);
    expect(silentAlert(alert())).toBe(false);
    for (const kind of ['raised', 'escalated'] as const) {
      expect(triggersOf(alertEntry(kind, fail))).toEqual([]);
      expect(triggersOf(alertEntry(kind, old))).toEqual([]);
    }
  });

  it('acknowledged / resolved → settled (even for a silent alert: it ends nothing that is not there)', () => {
    for (const kind of ['acknowledged', 'resolved'] as const) {
      const state = kind === 'acknowledged' ? 'acknowledged' : 'resolved';
      expect(triggersOf(alertEntry(kind, alert({ state })))).toEqual([
        { type: 'settled', subject: A_SUBJECT },
      ]);
    }
  });

  it('updated → nothing; raised or escalated but no longer open → nothing', () => {
    expect(triggersOf(alertEntry('updated', alert()))).toEqual([]);
    expect(triggersOf(alertEntry('raised', alert({ state: 'acknowledged' })))).toEqual([]);
    expect(triggersOf(alertEntry('escalated', alert({ state: 'resolved', resolution: 'late' })))).toEqual([]);
  });
});

describe('order changes', () => {
  it('issued / returned → supervision.issued / supervision.returned, facts without severity or rule', () => {
    expect(triggersOf(orderEntry('issued', order()))).toEqual([
      {
        type: 'notify',
        kind: 'supervision.issued',
        subject: S_SUBJECT,
        facts: { unit_code: '450103000000', severity: null, rule_id: null },
        at: Date.parse(AT),
      },
    ]);
    expect(triggersOf(orderEntry('returned', order({ state: 'returned' })))).toMatchObject([
      { type: 'notify', kind: 'supervision.returned', subject: S_SUBJECT },
    ]);
  });

  it('received / answered / closed / cancelled → settled', () => {
    for (const kind of ['received', 'answered', 'closed', 'cancelled'] as const)
      expect(triggersOf(orderEntry(kind, order({ state: kind })))).toEqual([
        { type: 'settled', subject: S_SUBJECT },
      ]);
  });

  it('overdue / escalated → nothing here (the SUP-OVERDUE alert is what is told)', () => {
    expect(triggersOf(orderEntry('overdue', order({ overdue: 'receive' })))).toEqual([]);
    expect(triggersOf(orderEntry('escalated', order({ overdue: 'receive', escalation: 2 })))).toEqual([]);
  });
});

describe('wantedState and keys', () => {
  it('the state a subject must still be in for each kind', () => {
    const wanted = Object.fromEntries(NOTIFY_KINDS.map((k) => [k, wantedState(k)]));
    expect(wanted).toEqual({
      'alert.raised': 'open',
      'alert.escalated': 'open',
      'alert.unacknowledged': 'open',
      'supervision.issued': 'issued',
      'supervision.returned': 'returned',
      'supervision.overdue': 'open', // the SUP-OVERDUE alert
      'source.outage': 'open',
    });
  });

  it('subject keys and alert facts', () => {
    expect(subjectKey({ type: 'a', id: 'X:1' })).toBe('a|X:1');
    expect(subjectKey({ type: 's', id: 'SUP-1' })).toBe('s|SUP-1');
    expect(alertFacts(alert({ severity: 'P3', unit_code: '450100000000' }))).toEqual({
      unit_code: '450100000000',
      severity: 'P3',
      rule_id: 'R-INC-01',
    });
  });
});
