/**
 * The duty console's lists of supervision orders. The inbox (督办待办): orders addressed to the user's unit
 * that wait for it — 待签收 (issued), 待反馈 (received), 被退回 (returned) — most pressing deadline first.
 * The outbox (督办发件, managers): open orders addressed below them — all, 待审核 (answered) or 逾期 — by
 * level (挂牌督办 first) and then by what waits longest. Pure.
 */
import type { Role } from '../../../common/auth.js';
import type { SupervisionLevel } from '../../../common/supervision.js';
import { LEVEL_WEIGHT, LEVELS, isOpenOrder, lastAnswerAt, runningDue } from './supervision.js';
import type { Order } from './supervision.js';

export const INBOX_TABS = ['issued', 'received', 'returned'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
export const OUTBOX_TABS = ['all', 'answered', 'overdue'] as const;
export type OutboxTab = (typeof OUTBOX_TABS)[number];

export interface ListUser {
  username: string;
  role: Role;
  scope: string;
}

/**
 * Whether the order is for the user's unit to handle. An officer acts for the units of their scope (the server
 * sends only those); a manager or admin handles in the inbox only what is addressed to their own unit (the
 * 12-digit code of their scope) — what they addressed to units below them is their outbox.
 */
export function isForMyUnit(o: Order, user: ListUser): boolean {
  if (!o.unit_code.startsWith(user.scope)) return false;
  if (user.role === 'officer') return true;
  return o.unit_code === user.scope.padEnd(12, '0');
}

/** The unit's pressing order: the running deadline (past ones first), then the heavier level, then seq. */
export function compareInbox(a: Order, b: Order): number {
  const da = runningDue(a) ?? Infinity;
  const db = runningDue(b) ?? Infinity;
  return (da < db ? -1 : da > db ? 1 : 0) || LEVEL_WEIGHT[b.level] - LEVEL_WEIGHT[a.level] || a.seq - b.seq;
}

export function inboxOrders(orders: Iterable<Order>, user: ListUser): Order[] {
  const out: Order[] = [];
  for (const o of orders)
    if ((INBOX_TABS as readonly string[]).includes(o.state) && isForMyUnit(o, user)) out.push(o);
  return out.sort(compareInbox);
}

export function inboxTab(orders: readonly Order[], tab: InboxTab): Order[] {
  return orders.filter((o) => o.state === tab);
}

export function inboxCounts(orders: readonly Order[]): Record<InboxTab, number> & { overdue: number } {
  const c = { issued: 0, received: 0, returned: 0, overdue: 0 };
  for (const o of orders) {
    if (o.state === 'issued' || o.state === 'received' || o.state === 'returned') c[o.state] += 1;
    if (o.overdue !== 'none') c.overdue += 1;
  }
  return c;
}

/** How long the order has been waiting on its current step's deadline, or on review since the answer. */
function waitKey(o: Order): number {
  return (o.state === 'answered' ? lastAnswerAt(o) : runningDue(o)) ?? Infinity;
}

/** Overdue first, then 挂牌督办 → 督办 → 提醒, then the longest waiting (earliest deadline or answer). */
export function compareOutbox(a: Order, b: Order): number {
  const oa = a.overdue === 'none' ? 1 : 0;
  const ob = b.overdue === 'none' ? 1 : 0;
  const wa = waitKey(a);
  const wb = waitKey(b);
  return (
    oa - ob ||
    LEVEL_WEIGHT[b.level] - LEVEL_WEIGHT[a.level] ||
    (wa < wb ? -1 : wa > wb ? 1 : 0) ||
    a.seq - b.seq
  );
}

export interface OutboxFilter {
  tab: OutboxTab;
  level: '' | SupervisionLevel;
  /** Only those the user issued. */
  mine: boolean;
}

export const EMPTY_OUTBOX_FILTER: OutboxFilter = { tab: 'all', level: '', mine: false };

/** Open orders in the manager's scope that are not for their own unit to handle. */
export function outboxOrders(orders: Iterable<Order>, user: ListUser): Order[] {
  const out: Order[] = [];
  for (const o of orders)
    if (isOpenOrder(o) && o.unit_code.startsWith(user.scope) && !isForMyUnit(o, { ...user, role: 'manager' }))
      out.push(o);
  return out.sort(compareOutbox);
}

export function outboxMatches(o: Order, f: OutboxFilter, username: string): boolean {
  if (f.tab === 'answered' && o.state !== 'answered') return false;
  if (f.tab === 'overdue' && o.overdue === 'none') return false;
  if (f.level && o.level !== f.level) return false;
  if (f.mine && o.issued_by !== username) return false;
  return true;
}

export function outboxCounts(orders: readonly Order[]): Record<OutboxTab, number> {
  let answered = 0;
  let overdue = 0;
  for (const o of orders) {
    if (o.state === 'answered') answered += 1;
    if (o.overdue !== 'none') overdue += 1;
  }
  return { all: orders.length, answered, overdue };
}

/** The orders grouped by level, heaviest first, empty groups left out (each group keeps the list's order). */
export function groupByLevel(orders: readonly Order[]): { level: SupervisionLevel; orders: Order[] }[] {
  return [...LEVELS]
    .reverse()
    .map((level) => ({ level, orders: orders.filter((o) => o.level === level) }))
    .filter((g) => g.orders.length > 0);
}

// ---- the wall ----

export interface OrderTileCounts {
  open: number;
  overdue: number;
  listed: number;
  answered: number;
}

export function orderTileCounts(orders: Iterable<Order>): OrderTileCounts {
  const c: OrderTileCounts = { open: 0, overdue: 0, listed: 0, answered: 0 };
  for (const o of orders) {
    if (!isOpenOrder(o)) continue;
    c.open += 1;
    if (o.overdue !== 'none') c.overdue += 1;
    if (o.level === 'listed') c.listed += 1;
    if (o.state === 'answered') c.answered += 1;
  }
  return c;
}

/** Open orders still owing an answer (issued, received, returned), the earliest feedback deadline first. */
export function soonestFeedback(orders: Iterable<Order>, limit = Infinity): Order[] {
  const out: Order[] = [];
  for (const o of orders)
    if (o.state === 'issued' || o.state === 'received' || o.state === 'returned') out.push(o);
  return out
    .sort(
      (a, b) =>
        Date.parse(a.feedback_due_at) - Date.parse(b.feedback_due_at) ||
        LEVEL_WEIGHT[b.level] - LEVEL_WEIGHT[a.level] ||
        a.seq - b.seq,
    )
    .slice(0, limit);
}
