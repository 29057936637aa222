/**
 * The 督办 order state machine, escalation, access and policies, pure, with an injected clock: every
 * transition and every refusal (wrong state, wrong role, out of scope, reviewer = answerer), the escalation
 * chain station → county → city → province, deadlines counted across a holiday, automatic-order policies.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { parentUnit, targetUnit, supervisionFileSchema } from '../../common/supervision.js';
import type { Supervision, SupervisionPolicy } from '../../common/supervision.js';
import { defaultLegalClock } from '../../alerts/engine/default-clock.js';
import { alertWithinOrder, mayAct } from '../../alerts/supervision/access.js';
import { SupervisionDeadlines } from '../../alerts/supervision/deadlines.js';
import { judgeDeadline, overdueAlertId, overdueAlertPlan } from '../../alerts/supervision/escalation.js';
import { answer, cancel, issue, receive, review } from '../../alerts/supervision/machine.js';
import { policyFirings, stillQualifies } from '../../alerts/supervision/policies.js';
import shipped from '../../alerts/rules/default-supervision.json' with { type: 'json' };

const H = 3_600_000;
const STATION = '450103520000';
const deadlines = new SupervisionDeadlines(supervisionFileSchema.parse(shipped).levels, defaultLegalClock());
/** 2026-11-26 10:00 Beijing (a Thursday). */
const T0 = Date.parse('2026-11-26T02:00:00Z');

function issued(level: 'reminder' | 'order' | 'listed' = 'order', unit = STATION, at = T0): Supervision {
  const c = issue(
    {
      supervision_id: 'SUP-4501-20261126-0001',
      alert_ids: ['A1', 'A2', 'A1'],
      unit_code: unit,
      level,
      instructions: '请整改',
      actor: 'mgr',
      auto: false,
    },
    at,
    deadlines,
  );
  return { ...c.supervision, seq: 1 };
}

function ok(t: ReturnType<typeof receive>): Supervision {
  if (!t.ok) throw new Error(`refused: ${JSON.stringify(t)}`);
  return t.order;
}

describe('transitions', () => {
  it('issue: deadlines from the level, alerts deduplicated', () => {
    const o = issued('order');
    expect(o).toMatchObject({ state: 'issued', overdue: 'none', escalation: 0, alert_ids: ['A1', 'A2'] });
    expect(Date.parse(o.receive_due_at) - T0).toBe(2 * H);
    // 3 days holiday_end from Thu 11-26: the first day not counted, ends at the end of Sun 11-29, a rest
    // day, so it moves to the end of Mon 11-30 (Beijing).
    expect(o.feedback_due_at).toBe('2026-11-30T15:59:59.999Z');
  });

  it('a day limit straddling National Day ends on the first working day after it', () => {
    const o = issued('order', STATION, Date.parse('2026-09-29T02:00:00Z'));
    // 09-29 + 3 days = 10-02, in the holiday (10-01…10-07): moved to 10-08.
    expect(o.feedback_due_at).toBe('2026-10-08T15:59:59.999Z');
  });

  it('receive: issued → received; again: no change; cancelled: refused', () => {
    const o = issued();
    const r = receive(o, 'off', T0 + H);
    expect(r.ok && r.change?.kind).toBe('received');
    const received = ok(r);
    expect(received).toMatchObject({ state: 'received', received_by: 'off' });
    expect(receive(received, 'off2', T0 + 2 * H)).toEqual({ ok: true, order: received, change: null });
    const gone = ok(cancel(o, 'mgr', 'mistake', T0));
    expect(receive(gone, 'off', T0)).toEqual({ ok: false, reason: 'wrong_state', state: 'cancelled' });
  });

  it('answer: from issued (receiving it too), received or returned; not from answered or closed', () => {
    const direct = ok(answer(issued(), 'off', '已整改', ['e1'], T0 + H));
    expect(direct).toMatchObject({ state: 'answered', received_by: 'off' });
    expect(direct.answers).toEqual([
      {
        at: new Date(T0 + H).toISOString(),
        by: 'off',
        text: '已整改',
        event_ids: ['e1'],
        due_at: direct.feedback_due_at,
      },
    ]);
    expect(answer(direct, 'off', 'x', [], T0)).toMatchObject({
      ok: false,
      reason: 'wrong_state',
      state: 'answered',
    });
    const closed = ok(review(direct, 'mgr', 'accept', '同意', T0 + 2 * H, deadlines));
    expect(answer(closed, 'off', 'x', [], T0)).toMatchObject({ ok: false, state: 'closed' });
  });

  it('review: accept closes; return sets a new feedback deadline; the answer’s author may not review', () => {
    const answered = ok(answer(ok(receive(issued(), 'off', T0)), 'off', '已整改', [], T0 + H));
    expect(review(answered, 'off', 'accept', '', T0, deadlines)).toEqual({
      ok: false,
      reason: 'reviewer_is_author',
    });
    expect(ok(review(answered, 'mgr', 'accept', '同意', T0 + 2 * H, deadlines))).toMatchObject({
      state: 'closed',
    });
    const returned = ok(
      review(answered, 'mgr', 'return', '原因未说明', Date.parse('2026-11-30T02:00:00Z'), deadlines),
    );
    expect(returned).toMatchObject({ state: 'returned' });
    expect(returned.feedback_due_at).toBe('2026-12-03T15:59:59.999Z');
    expect(returned.reviews.at(-1)).toMatchObject({ decision: 'return', note: '原因未说明', by: 'mgr' });
    expect(review(returned, 'mgr', 'accept', '', T0, deadlines)).toMatchObject({
      ok: false,
      state: 'returned',
    });
    expect(ok(answer(returned, 'off', '补充说明', [], T0)).answers).toHaveLength(2);
  });

  it('cancel: any open state; not closed or cancelled twice', () => {
    const c = ok(cancel(issued(), 'mgr', '误发', T0));
    expect(c).toMatchObject({ state: 'cancelled', cancelled_at: new Date(T0).toISOString() });
    expect(cancel(c, 'mgr', 'again', T0)).toMatchObject({ ok: false, state: 'cancelled' });
  });
});

describe('access', () => {
  const user = (role: AuthUser['role'], scope: string, username: string = role): AuthUser => ({
    username,
    role,
    scope,
  });
  it('roles per action, scope by unit prefix, cancel by the issuer or an admin', () => {
    const order = { unit_code: STATION, issued_by: 'boss' };
    expect(mayAct(user('manager', '4501'), 'issue', order).ok).toBe(true);
    expect(mayAct(user('officer', STATION), 'issue', order).ok).toBe(false);
    expect(mayAct(user('officer', STATION), 'receive', order).ok).toBe(true);
    expect(mayAct(user('viewer', STATION), 'receive', order).ok).toBe(false);
    expect(mayAct(user('admin', ''), 'answer', order).ok).toBe(false);
    expect(mayAct(user('officer', '4502'), 'answer', order)).toMatchObject({
      ok: false,
      error: expect.stringContaining('outside your scope'),
    });
    expect(mayAct(user('officer', STATION), 'review', order).ok).toBe(false);
    expect(mayAct(user('manager', '45', 'boss'), 'cancel', order).ok).toBe(true);
    expect(mayAct(user('manager', '45', 'other'), 'cancel', order).ok).toBe(false);
    expect(mayAct(user('admin', ''), 'cancel', order).ok).toBe(true);
  });
  it('alerts within the order unit: the unit or below it', () => {
    expect(alertWithinOrder(STATION, '450103000000')).toBe(true);
    expect(alertWithinOrder(STATION, '450100000000')).toBe(true);
    expect(alertWithinOrder(STATION, '450102000000')).toBe(false);
    expect(alertWithinOrder('450103520001', STATION)).toBe(false);
  });
});

describe('escalation', () => {
  it('units go station → county → city → province, and a province stays itself', () => {
    expect(parentUnit(STATION)).toBe('450103000000');
    expect(parentUnit('450103000000')).toBe('450100000000');
    expect(parentUnit('450100000000')).toBe('450000000000');
    expect(parentUnit('450000000000')).toBe('450000000000');
    expect(targetUnit(STATION, 'county')).toBe('450103000000');
    expect(targetUnit(STATION, 'city')).toBe('450100000000');
    expect(targetUnit(STATION, 'alert_unit')).toBe(STATION);
  });

  it('an unreceived reminder escalates once per missed period, each level up, to the province at most', () => {
    const o = issued('reminder'); // receive 4 h
    expect(judgeDeadline(o, T0 + 4 * H - 1, deadlines)).toEqual({ change: null, wakeAt: T0 + 4 * H });
    const first = judgeDeadline(o, T0 + 4 * H, deadlines);
    expect(first.change).toMatchObject({ kind: 'overdue', actor: 'system' });
    expect(first.change!.supervision).toMatchObject({
      overdue: 'receive',
      escalation: 1,
      escalated_to: '450103000000',
    });
    expect(first.wakeAt).toBe(T0 + 8 * H);
    const o1 = first.change!.supervision;
    const second = judgeDeadline(o1, T0 + 8 * H, deadlines);
    expect(second.change).toMatchObject({ kind: 'escalated' });
    expect(second.change!.supervision).toMatchObject({ escalation: 2, escalated_to: '450100000000' });
    const third = judgeDeadline(second.change!.supervision, T0 + 12 * H, deadlines);
    expect(third.change!.supervision).toMatchObject({ escalation: 3, escalated_to: '450000000000' });
    expect(third.wakeAt).toBeNull();
    expect(judgeDeadline(third.change!.supervision, T0 + 100 * H, deadlines).change).toBeNull();
  });

  it('judged late (an engine that was down), it jumps straight to the level reached; judging again changes nothing', () => {
    const j = judgeDeadline(issued('reminder'), T0 + 9 * H, deadlines);
    expect(j.change!.supervision.escalation).toBe(2);
    expect(judgeDeadline(j.change!.supervision, T0 + 9 * H, deadlines).change).toBeNull();
  });

  it('a county order escalates to the city, then the province, then stops; a province order to itself once', () => {
    const county = judgeDeadline(issued('reminder', '450103000000'), T0 + 100 * H, deadlines);
    expect(county.change!.supervision).toMatchObject({ escalation: 2, escalated_to: '450000000000' });
    const province = judgeDeadline(issued('reminder', '450000000000'), T0 + 100 * H, deadlines);
    expect(province.change!.supervision).toMatchObject({ escalation: 1, escalated_to: '450000000000' });
  });

  it('a missed feedback deadline counted in days escalates after the holiday-end deadline', () => {
    const received = ok(receive(issued('order'), 'off', T0 + H));
    const due = Date.parse('2026-11-30T15:59:59.999Z');
    expect(judgeDeadline(received, due - 1, deadlines)).toEqual({ change: null, wakeAt: due });
    expect(judgeDeadline(received, due, deadlines).change!.supervision).toMatchObject({
      overdue: 'feedback',
      escalation: 1,
    });
  });

  it('SUP-OVERDUE alerts: one per level at its unit; a step done resolves them late, a cancel manual', () => {
    const o = judgeDeadline(issued('reminder'), T0 + 8 * H, deadlines).change!.supervision;
    const plan = overdueAlertPlan(o, T0 + 8 * H, deadlines);
    expect(
      plan.raise.map((a) => [a.alert_id, a.unit_code, a.subject.escalation, a.severity, a.title]),
    ).toEqual([
      [overdueAlertId(o.supervision_id, 'receive', 1, 1), '450103000000', 1, 'P2', '督办逾期未签收'],
      [
        overdueAlertId(o.supervision_id, 'receive', 1, 2),
        '450100000000',
        2,
        'P2',
        '督办逾期未签收（第2级上报）',
      ],
    ]);
    const done = ok(receive(o, 'off', T0 + 9 * H));
    const after = overdueAlertPlan(done, T0 + 9 * H, deadlines);
    expect(after.raise).toEqual([]);
    expect(after.resolve).toEqual(expect.arrayContaining(plan.raise.map((a) => a.alert_id)));
    expect(after.resolution).toBe('late');
    expect(overdueAlertPlan(ok(cancel(o, 'mgr', 'x', T0)), T0, deadlines).resolution).toBe('manual');
  });

  it('a returned order’s missed feedback raises alerts of its own round', () => {
    const answered = ok(answer(issued('reminder'), 'off', 'a', [], T0 + H));
    const returned = ok(review(answered, 'mgr', 'return', 'again', T0 + 2 * H, deadlines));
    const late = judgeDeadline(returned, T0 + 27 * H, deadlines).change!.supervision;
    const plan = overdueAlertPlan(late, T0 + 27 * H, deadlines);
    expect(plan.raise[0]!.alert_id).toBe(overdueAlertId(late.supervision_id, 'feedback', 2, 1));
    expect(plan.raise[0]!.alert_id).toMatch(/\.feedback2\.1$/);
  });
});

describe('policies', () => {
  const policies = supervisionFileSchema.parse(shipped).policies as SupervisionPolicy[];
  const alert = (over: Partial<Alert> = {}): Alert =>
    ({
      alert_id: 'R-INC-01:incident_id:J1',
      rule_id: 'R-INC-01',
      severity: 'P1',
      stage: 'overdue',
      state: 'open',
      unit_code: STATION,
      due_at: new Date(T0).toISOString(),
      opened_at: new Date(T0 + 60_000).toISOString(),
      ...over,
    }) as Alert;

  it('P1 overdue: the reminder fires 30 min after it became a violation; pre-warnings and held alerts never', () => {
    expect(policyFirings(policies, alert()).map((f) => [f.policy.id, f.at])).toEqual([
      ['p1-unacknowledged', T0 + 60_000 + 30 * 60_000],
    ]);
    expect(policyFirings(policies, alert({ stage: 'due_soon' }))).toEqual([]);
    expect(policyFirings(policies, alert({ state: 'held' }))).toEqual([]);
    expect(policyFirings(policies, alert({ severity: 'P2' }))).toEqual([]);
  });

  it('custody rules unresolved for 24 h go to the county; a historical violation never', () => {
    const f = policyFirings(policies, alert({ rule_id: 'R-PER-16', severity: 'P2' }));
    expect(f.map((x) => [x.policy.id, x.policy.to, x.at])).toEqual([
      ['custody-unresolved', 'county', T0 + 60_000 + 24 * H],
    ]);
    expect(policyFirings(policies, alert({ historical: true }))).toEqual([]);
  });

  it('when it fires, the alert must still qualify: unacknowledged, unresolved, without an open order', () => {
    const p1 = policies.find((p) => p.id === 'p1-unacknowledged')!;
    expect(stillQualifies(p1, alert(), false)).toBe(true);
    expect(stillQualifies(p1, alert({ state: 'acknowledged' }), false)).toBe(false);
    expect(stillQualifies(p1, alert(), true)).toBe(false);
    expect(stillQualifies(p1, null, false)).toBe(false);
    expect(stillQualifies(p1, alert({ historical: true }), false)).toBe(false);
    const custody = policies.find((p) => p.id === 'custody-unresolved')!;
    expect(stillQualifies(custody, alert({ rule_id: 'R-PER-16', state: 'acknowledged' }), false)).toBe(true);
    expect(stillQualifies(custody, alert({ rule_id: 'R-PER-16', state: 'resolved' }), false)).toBe(false);
  });
});

describe('SUPERVISION_FILE', () => {
  it('rejects bad limits, unknown keys, duplicate ids and policies without a waiting time, with paths', () => {
    const r = supervisionFileSchema.safeParse({
      version: 1,
      levels: { ...shipped.levels, order: { receive_within: '2 hours', feedback_within: '3d' } },
      policies: [
        { id: 'a', when: { severity: ['P1'] }, level: 'reminder', to: 'alert_unit' },
        { id: 'a', when: { unresolved_for: '1h' }, level: 'bogus', to: 'alert_unit', extra: 1 },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'levels.order.receive_within',
        'policies.0.when',
        'policies.1.level',
        'policies.1',
      ]),
    );
  });
});
