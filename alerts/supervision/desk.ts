/**
 * The supervision desk: people's actions on orders (CONTRACT.md §6.2) — issue, receive, answer, review,
 * cancel — checked for role and scope (access.ts), decided by the state machine (machine.ts), written
 * compare-and-set with the order's SUP-OVERDUE alerts kept in step (order-writer.ts). Safe from any process.
 * Answers say what went wrong with a stable code, for the HTTP layer to send as it is.
 */
import type { AuthUser } from '../../common/auth.js';
import type { ErrorCode } from '../../common/errors.js';
import type { AnswerRequest, IssueRequest, ReviewRequest, Supervision } from '../../common/supervision.js';
import type { AlertBook } from '../orchestrator/index.js';
import { alertWithinOrder, inScope, mayAct } from './access.js';
import type { SupervisionAction } from './access.js';
import { answer, cancel, receive, review } from './machine.js';
import type { Transition } from './machine.js';
import type { OrderOutcome, OrderWriter } from './order-writer.js';

export type DeskResult =
  { ok: true; order: Supervision; changed: boolean } | { ok: false; code: ErrorCode; error: string };

/** Checks cited events: ids missing or outside the caller's scope (the server's scoped event reader). */
export type CheckEvents = (user: AuthUser, ids: readonly string[]) => Promise<string[]>;

const fail = (code: ErrorCode, error: string): DeskResult => ({ ok: false, code, error });

const STATE_TEXT: Record<string, string> = {
  issued: 'issued (not received yet)',
  received: 'received',
  answered: 'answered (waiting for review)',
  returned: 'returned',
  closed: 'closed',
  cancelled: 'cancelled',
};

function outcome(o: OrderOutcome): DeskResult {
  if (o.ok) return { ok: true, order: o.order, changed: o.changed };
  if (o.reason === 'not_found') return fail('not_found', 'no such supervision order');
  if (o.reason === 'taken')
    return fail('open_order', `alert ${o.alert_id} already has an open supervision order`);
  if (o.reason === 'reviewer_is_author')
    return fail('forbidden', 'you wrote the answer under review; another manager must review it');
  return fail('wrong_state', `the order is ${STATE_TEXT[o.state] ?? o.state}; this action does not apply`);
}

export class SupervisionDesk {
  constructor(
    private readonly writer: OrderWriter,
    private readonly alerts: AlertBook,
    private readonly checkEvents: CheckEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(user: AuthUser, req: IssueRequest): Promise<DeskResult> {
    const access = mayAct(user, 'issue', { unit_code: req.unit_code });
    if (!access.ok) return fail(inScope(user, req.unit_code) ? 'forbidden' : 'out_of_scope', access.error);
    const now = this.now();
    if (req.feedback_due_at && Date.parse(req.feedback_due_at) <= now)
      return fail('invalid_body', 'feedback_due_at: must lie in the future');
    const ids = [...new Set(req.alert_ids)];
    const found = await this.alerts.getMany(ids);
    for (const id of ids) {
      const a = found.get(id);
      if (!a || !inScope(user, a.unit_code))
        return fail('not_found', `alert ${id}: no such alert in your scope`);
      if (!alertWithinOrder(a.unit_code, req.unit_code))
        return fail('invalid_body', `alert ${id} (unit ${a.unit_code}) is not within unit ${req.unit_code}`);
      if (a.state === 'resolved') return fail('alert_resolved', `alert ${id} is already resolved`);
    }
    // Refused before numbering, so that order numbers have no gaps (the write checks again, atomically).
    const taken = await this.writer.store.openOrderOf(ids);
    const first = ids.find((id) => taken.has(id));
    if (first)
      return fail('open_order', `alert ${first} already has an open supervision order (${taken.get(first)})`);
    const o = await this.writer.issue({ ...req, alert_ids: ids, actor: user.username, auto: false }, now);
    return outcome(o);
  }

  receive(user: AuthUser, id: string): Promise<DeskResult> {
    return this.act(user, id, 'receive', (o, now) => receive(o, user.username, now));
  }

  async answer(user: AuthUser, id: string, req: AnswerRequest): Promise<DeskResult> {
    const cited = [...new Set(req.event_ids ?? [])];
    const bad = cited.length > 0 ? await this.checkEvents(user, cited) : [];
    if (bad.length > 0)
      return fail('invalid_body', `event_ids: ${bad.slice(0, 5).join(', ')} not found in your scope`);
    return this.act(user, id, 'answer', (o, now) => answer(o, user.username, req.text, cited, now));
  }

  review(user: AuthUser, id: string, req: ReviewRequest): Promise<DeskResult> {
    const note = req.note ?? '';
    if (req.decision === 'return' && note.trim() === '')
      return Promise.resolve(fail('invalid_body', 'note: say what to put right when returning an answer'));
    return this.act(user, id, 'review', (o, now) =>
      review(o, user.username, req.decision, note, now, this.writer.deadlines),
    );
  }

  cancel(user: AuthUser, id: string, note: string): Promise<DeskResult> {
    return this.act(user, id, 'cancel', (o, now) => cancel(o, user.username, note, now));
  }

  private async act(
    user: AuthUser,
    id: string,
    action: SupervisionAction,
    decide: (order: Supervision, now: number) => Transition,
  ): Promise<DeskResult> {
    const order = await this.writer.store.get(id);
    if (!order) return fail('not_found', 'no such supervision order');
    if (!inScope(user, order.unit_code)) return fail('out_of_scope', 'this order is outside your scope');
    const access = mayAct(user, action, order);
    if (!access.ok) return fail('forbidden', access.error);
    const now = this.now();
    return outcome(await this.writer.act(id, now, (o) => decide(o, now)));
  }
}
