/**
 * The supervision order's state machine (CONTRACT.md §6.1–6.2), pure: given the order as read, an action and the
 * processing time, it returns the changed order and the change to publish, or a refusal saying why.
 *
 *   issue   → issued; receive_due_at = now + the level's receive limit, feedback_due_at = the caller's deadline
 *             or now + the level's feedback limit.
 *   receive   issued → received; idempotent once received (received, answered, returned, closed: no change).
 *   answer    issued | received | returned → answered; an answer to an issued order receives it too.
 *   review    answered → closed (accept) or returned (return: a new feedback deadline, the level's limit from now).
 *   cancel    any open state → cancelled.
 * A step done clears `overdue` and the escalation count of that step (its SUP-OVERDUE alerts resolve `late`,
 * escalation.ts). Who may act (role, scope, issuer, reviewer ≠ answerer) is access.ts; this module checks state
 * and the one rule that needs the order: the author of the answer under review may not review it.
 */
import type {
  IssueRequest,
  Supervision,
  SupervisionChange,
  SupervisionChangeKind,
  SupervisionState,
} from '../../common/supervision.js';
import type { SupervisionDeadlines } from './deadlines.js';

export type Refusal =
  { ok: false; reason: 'wrong_state'; state: SupervisionState } | { ok: false; reason: 'reviewer_is_author' };
export type Transition = { ok: true; order: Supervision; change: SupervisionChange | null } | Refusal;

const iso = (ms: number): string => new Date(ms).toISOString();

export interface IssueInput extends IssueRequest {
  supervision_id: string;
  actor: string;
  auto: boolean;
  policy_id?: string;
}

function changeOf(
  kind: SupervisionChangeKind,
  order: Supervision,
  now: number,
  extra: { actor?: string; note?: string } = {},
): SupervisionChange {
  return { supervision_id: order.supervision_id, kind, at: iso(now), ...extra, supervision: order };
}

function done(
  kind: SupervisionChangeKind,
  order: Supervision,
  now: number,
  extra: { actor?: string; note?: string } = {},
): Transition {
  return { ok: true, order, change: changeOf(kind, order, now, extra) };
}

const wrongState = (order: Supervision): Refusal => ({
  ok: false,
  reason: 'wrong_state',
  state: order.state,
});

/** A step done: the escalations of the missed step are over. */
const STEP_DONE: Pick<Supervision, 'overdue' | 'escalation'> = { overdue: 'none', escalation: 0 };

export function issue(input: IssueInput, now: number, deadlines: SupervisionDeadlines): SupervisionChange {
  const receive = deadlines.after(now, deadlines.receiveLimit(input.level), input.unit_code);
  const feedback = input.feedback_due_at
    ? { at: Date.parse(input.feedback_due_at), missing: false }
    : deadlines.after(now, deadlines.feedbackLimit(input.level), input.unit_code);
  const order: Supervision = {
    supervision_id: input.supervision_id,
    seq: 0,
    level: input.level,
    state: 'issued',
    unit_code: input.unit_code,
    alert_ids: [...new Set(input.alert_ids)],
    instructions: input.instructions,
    issued_by: input.actor,
    issued_at: iso(now),
    auto: input.auto,
    ...(input.policy_id ? { policy_id: input.policy_id } : {}),
    receive_due_at: iso(receive.at),
    received_at: null,
    received_by: null,
    feedback_due_at: iso(feedback.at),
    answers: [],
    reviews: [],
    overdue: 'none',
    escalated_to: null,
    escalation: 0,
    closed_at: null,
    cancelled_at: null,
    ...(receive.missing || feedback.missing ? { calendar_missing: true as const } : {}),
  };
  return changeOf('issued', order, now, { actor: input.actor });
}

export function receive(order: Supervision, actor: string, now: number): Transition {
  if (order.state === 'cancelled') return wrongState(order);
  if (order.state !== 'issued') return { ok: true, order, change: null };
  const next: Supervision = { ...order, state: 'received', received_at: iso(now), received_by: actor };
  return done('received', { ...next, ...STEP_DONE }, now, { actor });
}

export function answer(
  order: Supervision,
  actor: string,
  text: string,
  eventIds: readonly string[],
  now: number,
): Transition {
  if (order.state !== 'issued' && order.state !== 'received' && order.state !== 'returned')
    return wrongState(order);
  const receipt = order.received_at === null ? { received_at: iso(now), received_by: actor } : ({} as object);
  const next: Supervision = {
    ...order,
    ...receipt,
    ...STEP_DONE,
    state: 'answered',
    answers: [...order.answers, { at: iso(now), by: actor, text, event_ids: [...eventIds] }],
  };
  return done('answered', next, now, { actor, note: text });
}

export function review(
  order: Supervision,
  actor: string,
  decision: 'accept' | 'return',
  note: string,
  now: number,
  deadlines: SupervisionDeadlines,
): Transition {
  if (order.state !== 'answered') return wrongState(order);
  if (order.answers.at(-1)?.by === actor) return { ok: false, reason: 'reviewer_is_author' };
  const reviews = [...order.reviews, { at: iso(now), by: actor, decision, note }];
  if (decision === 'accept')
    return done('closed', { ...order, state: 'closed', reviews, closed_at: iso(now) }, now, { actor, note });
  const due = deadlines.after(now, deadlines.feedbackLimit(order.level), order.unit_code);
  const next: Supervision = {
    ...order,
    state: 'returned',
    reviews,
    feedback_due_at: iso(due.at),
    ...(due.missing ? { calendar_missing: true as const } : {}),
  };
  return done('returned', next, now, { actor, note });
}

export function cancel(order: Supervision, actor: string, note: string, now: number): Transition {
  if (order.state === 'closed' || order.state === 'cancelled') return wrongState(order);
  const next: Supervision = { ...order, state: 'cancelled', cancelled_at: iso(now), ...STEP_DONE };
  return done('cancelled', next, now, { actor, note });
}

/** How many times the order was returned: the feedback round is this plus one. */
export function feedbackRound(order: Pick<Supervision, 'reviews'>): number {
  return 1 + order.reviews.filter((r) => r.decision === 'return').length;
}
