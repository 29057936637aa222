/**
 * Supervision orders (督办, CONTRACT.md §6) for the pages: which step is running and its deadline, the
 * countdown in words ("2时15分", "26分", "已逾期 1时05分"), who may do what, and the units an order may go
 * to. Pure: types only from common (its values would bring zod into the bundle), time passed in.
 */
import type { Role } from '../../../common/auth.js';
import type { Supervision, SupervisionLevel, SupervisionState } from '../../../common/supervision.js';
import type { Translate } from '../i18n/translate.js';
import { formatSpan } from './time.js';

export type Order = Supervision;

export const LEVELS: readonly SupervisionLevel[] = ['reminder', 'order', 'listed'];
/** 挂牌督办 weighs most. */
export const LEVEL_WEIGHT: Record<SupervisionLevel, number> = { reminder: 1, order: 2, listed: 3 };

export function isOpenOrder(o: Pick<Order, 'state'>): boolean {
  return o.state !== 'closed' && o.state !== 'cancelled';
}

/** The states in which the unit may still answer (an answer to an issued order receives it too). */
const ANSWERABLE: readonly SupervisionState[] = ['issued', 'received', 'returned'];

/** What the order waits for now: the unit's 签收 or 反馈, the issuer's 审核, or nothing (finished). */
export type OrderStep = 'receive' | 'feedback' | 'review';

export function runningStep(o: Pick<Order, 'state'>): OrderStep | null {
  if (o.state === 'issued') return 'receive';
  if (o.state === 'received' || o.state === 'returned') return 'feedback';
  if (o.state === 'answered') return 'review';
  return null;
}

/** The deadline of the running step (ms), or null when none runs (awaiting review, finished). */
export function runningDue(o: Pick<Order, 'state' | 'receive_due_at' | 'feedback_due_at'>): number | null {
  const step = runningStep(o);
  if (step === 'receive') return Date.parse(o.receive_due_at);
  if (step === 'feedback') return Date.parse(o.feedback_due_at);
  return null;
}

/** When the latest answer came (ms), or null. */
export function lastAnswerAt(o: Pick<Order, 'answers'>): number | null {
  const a = o.answers.at(-1);
  return a ? Date.parse(a.at) : null;
}

export { formatSpan };

export type Urgency = 'overdue' | 'critical' | 'soon' | 'later';

/** Under 30 min critical (red-orange), under 2 h soon (amber), past due overdue (red). */
export function urgencyOf(leftMs: number): Urgency {
  if (leftMs < 0) return 'overdue';
  if (leftMs < 30 * 60_000) return 'critical';
  if (leftMs < 2 * 3_600_000) return 'soon';
  return 'later';
}

export interface DeadlineView {
  /** `剩 2时15分` or `已逾期 1时05分`. */
  text: string;
  /** The span alone: `2时15分`. */
  span: string;
  urgency: Urgency;
}

export function deadlineView(dueMs: number, nowMs: number, t: Translate): DeadlineView {
  const left = dueMs - nowMs;
  const span = formatSpan(left, t);
  const urgency = urgencyOf(left);
  return {
    span,
    urgency,
    text: urgency === 'overdue' ? t('sup.overdueBy', { d: span }) : t('sup.left', { d: span }),
  };
}

/** The order's running step with its countdown, or — awaiting review — how long the answer has waited. */
export function orderClock(
  o: Order,
  nowMs: number,
  t: Translate,
): { step: OrderStep; view: DeadlineView } | null {
  const step = runningStep(o);
  if (!step) return null;
  const due = runningDue(o);
  if (due !== null) return { step, view: deadlineView(due, nowMs, t) };
  const since = lastAnswerAt(o) ?? nowMs;
  const span = formatSpan(nowMs - since, t);
  return { step, view: { span, urgency: 'later', text: t('sup.waitingSince', { d: span }) } };
}

// ---- who may do what (the server decides; these only decide which buttons to offer) ----

export interface Actor {
  username: string;
  role: Role;
}

export interface OrderActions {
  receive: boolean;
  answer: boolean;
  review: boolean;
  cancel: boolean;
  /** A manager looking at their own answer: review is refused (403), so say why rather than offer it. */
  ownAnswer: boolean;
}

export function orderActions(o: Order, who: Actor): OrderActions {
  const acts = who.role === 'officer' || who.role === 'manager';
  const reviews = who.role === 'manager' || who.role === 'admin';
  const ownAnswer = o.state === 'answered' && o.answers.at(-1)?.by === who.username;
  return {
    receive: acts && o.state === 'issued',
    answer: acts && ANSWERABLE.includes(o.state),
    review: reviews && o.state === 'answered' && !ownAnswer,
    cancel: isOpenOrder(o) && (o.issued_by === who.username || who.role === 'admin'),
    ownAnswer: reviews && ownAnswer,
  };
}

/** Whether a role may issue orders (manager, admin). */
export function mayIssue(role: Role | undefined): boolean {
  return role === 'manager' || role === 'admin';
}

// ---- units (as common/supervision.ts parentUnit / targetUnit; tested against them) ----

/** The parent of a 12-digit unit code: station → county → city → province; a province is its own parent. */
export function parentUnit(code: string): string {
  if (code.slice(6) !== '000000') return `${code.slice(0, 6)}000000`;
  if (code.slice(4, 6) !== '00') return `${code.slice(0, 4)}00000000`;
  return `${code.slice(0, 2)}0000000000`;
}

/** The alert's own unit, then the county, city and province above it (no repeats), lowest first. */
export function unitLadder(alertUnit: string): string[] {
  const code = alertUnit.padEnd(12, '0').slice(0, 12);
  const out = [code];
  for (let c = code; ;) {
    const up = parentUnit(c);
    if (up === c) break;
    out.push(up);
    c = up;
  }
  return out;
}

/**
 * The units an order about these alerts may go to, lowest first: units on every alert's ladder (own unit,
 * county, city, province) that the issuer's scope covers. The first is the default: the alerts' common unit.
 */
export function issueUnitChoices(alertUnits: readonly string[], scope: string): string[] {
  const [first, ...rest] = alertUnits;
  if (first === undefined) return [];
  const ladders = rest.map((u) => new Set(unitLadder(u)));
  return unitLadder(first).filter((c) => ladders.every((l) => l.has(c)) && c.startsWith(scope));
}

/** The meaningful prefix of a unit code (trailing zeros of its level dropped): 450103000000 → 450103. */
export function unitPrefixOf(code: string): string {
  if (code.slice(6) !== '000000') return code;
  if (code.slice(4, 6) !== '00') return code.slice(0, 6);
  if (code.slice(2, 4) !== '00') return code.slice(0, 4);
  return code.slice(0, 2);
}
