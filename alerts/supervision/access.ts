/**
 * Who may do what with a supervision order (CONTRACT.md §6.2), pure. A user sees and acts on orders whose
 * `unit_code` starts with their scope. Issue: manager or admin, the order's unit within their scope, every
 * alert within the order's unit. Receive and answer: officer or manager. Review: manager or admin (the
 * answer's author is refused by the state machine). Cancel: the issuer, or admin. Viewers only read.
 */
import type { AuthUser } from '../../common/auth.js';
import { levelOfCode, unitPrefix } from '../../common/units.js';

export type SupervisionAction = 'issue' | 'receive' | 'answer' | 'review' | 'cancel';

export type AccessRefusal = { ok: false; status: 403; code: 'forbidden'; error: string };
export type Access = { ok: true } | AccessRefusal;

const ROLES: Record<Exclude<SupervisionAction, 'cancel'>, readonly string[]> = {
  issue: ['manager', 'admin'],
  receive: ['officer', 'manager'],
  answer: ['officer', 'manager'],
  review: ['manager', 'admin'],
};

const WHO: Record<SupervisionAction, string> = {
  issue: 'managers and admins issue orders',
  receive: 'officers and managers of the unit receive orders',
  answer: 'officers and managers of the unit answer orders',
  review: 'managers and admins review answers',
  cancel: 'only the issuer or an admin cancels an order',
};

const refuse = (error: string): AccessRefusal => ({ ok: false, status: 403, code: 'forbidden', error });

/** Whether the user's scope covers a unit code. */
export function inScope(user: Pick<AuthUser, 'scope'>, unitCode: string): boolean {
  return unitCode.startsWith(user.scope);
}

/** The prefix of a 12-digit unit code that every unit below it shares ('450103000000' → '450103'). */
export function unitReach(unitCode: string): string {
  return unitPrefix(unitCode, levelOfCode(unitCode));
}

export function mayAct(
  user: AuthUser,
  action: SupervisionAction,
  order: { unit_code: string; issued_by?: string },
): Access {
  if (!inScope(user, order.unit_code))
    return refuse(`unit ${order.unit_code} is outside your scope (${user.scope || 'all'})`);
  if (action === 'cancel') {
    const allowed =
      user.role === 'admin' || (order.issued_by !== undefined && order.issued_by === user.username);
    return allowed ? { ok: true } : refuse(WHO.cancel);
  }
  return ROLES[action].includes(user.role) ? { ok: true } : refuse(WHO[action]);
}

/** An alert an order may cover: within the order's unit (the unit or below it). */
export function alertWithinOrder(alertUnit: string, orderUnit: string): boolean {
  return alertUnit.startsWith(unitReach(orderUnit));
}
