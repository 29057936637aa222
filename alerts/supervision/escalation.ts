/**
 * Missed supervision deadlines (CONTRACT.md §6.3), pure. Deadlines run in processing time.
 *
 *   The pending step of an order: `receive` while issued (by receive_due_at), `feedback` while received or
 *   returned (by feedback_due_at); none once answered, closed or cancelled.
 *   Escalation k (1, 2, 3) of a pending step falls due at the deadline plus (k − 1) times the level's limit for
 *   that step, and goes to the parent of the unit escalation k − 1 went to (the first: the order unit's parent);
 *   it stops once the province has been told (a province-level order escalates once, to itself).
 *   Each escalation is its own SUP-OVERDUE alert (P2) at its unit, one per (order, step, feedback round, k);
 *   those of a step done resolve `late`, those of a cancelled order `manual`.
 * The order records the last escalation reached (`overdue`, `escalation`, `escalated_to`); judging it again
 * at any later time gives the same result (a crash between writing the order and its alerts is repaired by
 * the next wake-up or action, which syncs the alerts to the order).
 */
import { alertId } from '../../common/alerts.js';
import type { Alert } from '../../common/alerts.js';
import { parentUnit, SUP_OVERDUE } from '../../common/supervision.js';
import type { OverdueStep, Supervision, SupervisionChange } from '../../common/supervision.js';
import type { SupervisionDeadlines } from './deadlines.js';
import { feedbackRound } from './machine.js';

export interface PendingStep {
  step: OverdueStep;
  deadline: number;
  limit: string;
  round: number;
}

export interface EscalationLevel {
  k: number;
  at: number;
  target: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** Escalation levels at most (station → county → city → province). */
export const MAX_ESCALATION = 3;

export function pendingStep(order: Supervision, deadlines: SupervisionDeadlines): PendingStep | null {
  if (order.state === 'issued')
    return {
      step: 'receive',
      deadline: Date.parse(order.receive_due_at),
      limit: deadlines.receiveLimit(order.level),
      round: 1,
    };
  if (order.state === 'received' || order.state === 'returned')
    return {
      step: 'feedback',
      deadline: Date.parse(order.feedback_due_at),
      limit: deadlines.feedbackLimit(order.level),
      round: feedbackRound(order),
    };
  return null;
}

/** Every escalation level of a pending step, due or not. */
export function escalationLevels(
  order: Supervision,
  pending: PendingStep,
  deadlines: SupervisionDeadlines,
): EscalationLevel[] {
  const out: EscalationLevel[] = [];
  let at = pending.deadline;
  let target = parentUnit(order.unit_code);
  for (let k = 1; k <= MAX_ESCALATION; k++) {
    out.push({ k, at, target });
    const up = parentUnit(target);
    if (up === target) break;
    target = up;
    at = deadlines.after(at, pending.limit, order.unit_code).at;
  }
  return out;
}

export interface DeadlineJudgement {
  /** The order's `overdue` / `escalated` change, or null when nothing new fell due. */
  change: SupervisionChange | null;
  /** When to judge the order again (processing time), or null: no deadline left to watch. */
  wakeAt: number | null;
}

export function judgeDeadline(
  order: Supervision,
  now: number,
  deadlines: SupervisionDeadlines,
): DeadlineJudgement {
  const pending = pendingStep(order, deadlines);
  if (!pending) return { change: null, wakeAt: null };
  const levels = escalationLevels(order, pending, deadlines);
  const reached = levels.filter((l) => l.at <= now);
  const wakeAt = levels.find((l) => l.at > now)?.at ?? null;
  const k = reached.length;
  if (k <= order.escalation) return { change: null, wakeAt };
  const next: Supervision = {
    ...order,
    overdue: pending.step,
    escalation: k,
    escalated_to: reached[k - 1]!.target,
  };
  const kind = order.escalation === 0 ? 'overdue' : 'escalated';
  const change: SupervisionChange = {
    supervision_id: order.supervision_id,
    kind,
    at: iso(now),
    actor: 'system',
    supervision: next,
  };
  return { change, wakeAt };
}

/** The id of the SUP-OVERDUE alert of (order, step, feedback round, escalation k). */
export function overdueAlertId(orderId: string, step: OverdueStep, round: number, k: number): string {
  return alertId(SUP_OVERDUE, 'supervision_id', `${orderId}.${step}${round > 1 ? round : ''}.${k}`);
}

const TITLES: Record<OverdueStep, string> = { receive: '督办逾期未签收', feedback: '督办逾期未反馈' };
const LEGAL_BASIS = '《公安机关内部执法监督工作规定》；督办时限（SUPERVISION_FILE）';

/** The SUP-OVERDUE alert of one escalation level, as raised now. */
export function overdueAlert(
  order: Supervision,
  pending: PendingStep,
  level: EscalationLevel,
  now: number,
): Alert {
  return {
    alert_id: overdueAlertId(order.supervision_id, pending.step, pending.round, level.k),
    seq: 0,
    rule_id: SUP_OVERDUE,
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: level.target,
    subject: { supervision_id: order.supervision_id, escalation: level.k, step: pending.step },
    trigger_event_id: order.supervision_id,
    satisfied_by_event_id: null,
    due_at: iso(level.at),
    opened_at: iso(now),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: level.k > 1 ? `${TITLES[pending.step]}（第${level.k}级上报）` : TITLES[pending.step],
    legal_basis: LEGAL_BASIS,
  };
}

/** What the order's SUP-OVERDUE alerts should be: these raised, every other one of the order resolved. */
export interface OverdueAlertPlan {
  raise: Alert[];
  /** Ids of the order's other possible SUP-OVERDUE alerts: resolve the active ones with `resolution`. */
  resolve: string[];
  resolution: 'late' | 'manual';
}

export function overdueAlertPlan(
  order: Supervision,
  now: number,
  deadlines: SupervisionDeadlines,
): OverdueAlertPlan {
  const pending = pendingStep(order, deadlines);
  const raise =
    pending && order.escalation > 0
      ? escalationLevels(order, pending, deadlines)
          .slice(0, order.escalation)
          .map((l) => overdueAlert(order, pending, l, now))
      : [];
  const keep = new Set(raise.map((a) => a.alert_id));
  const resolve: string[] = [];
  const rounds = feedbackRound(order);
  for (let k = 1; k <= MAX_ESCALATION; k++) {
    resolve.push(overdueAlertId(order.supervision_id, 'receive', 1, k));
    for (let r = 1; r <= rounds; r++) resolve.push(overdueAlertId(order.supervision_id, 'feedback', r, k));
  }
  return {
    raise,
    resolve: resolve.filter((id) => !keep.has(id)),
    resolution: order.state === 'cancelled' ? 'manual' : 'late',
  };
}
