/**
 * Automatic orders (CONTRACT.md §6.3), pure. A policy matches an overdue alert by severity, rule id or rule id
 * prefix, and unit prefix (every condition given must hold); it fires `unacknowledged_for` or `unresolved_for`
 * after the alert became a violation (max(opened_at, due_at): a pre-warning is not a violation yet). When it
 * fires, an order is issued only if the alert still qualifies: still open (unacknowledged_for) or not resolved
 * (unresolved_for), not held, not historical, and without an open order. Issued by `system`, `auto: true`.
 */
import type { Alert } from '../../common/alerts.js';
import { isLive } from '../../common/alerts.js';
import { parseDuration } from '../../common/rules.js';
import type { SupervisionPolicy } from '../../common/supervision.js';

/** The wake-up member of (policy, alert). */
export const policyMember = (policyId: string, alertId: string): string => `P|${policyId}|${alertId}`;
export const POLICY_MEMBER_PREFIX = 'P|';

export function memberPolicy(member: string): { policyId: string; alertId: string } | null {
  const m = /^P\|([^|]+)\|(.+)$/.exec(member);
  return m ? { policyId: m[1]!, alertId: m[2]! } : null;
}

function matches(p: SupervisionPolicy, a: Alert): boolean {
  const w = p.when;
  if (p.enabled === false || a.stage !== 'overdue' || a.rule_id === 'SUP-OVERDUE') return false;
  if (w.severity && !w.severity.includes(a.severity)) return false;
  const byId = w.rule_ids?.includes(a.rule_id) ?? false;
  const byPrefix = w.rule_prefixes?.some((x) => a.rule_id.startsWith(x)) ?? false;
  if ((w.rule_ids || w.rule_prefixes) && !byId && !byPrefix) return false;
  if (w.unit_prefixes && !w.unit_prefixes.some((x) => a.unit_code.startsWith(x))) return false;
  return true;
}

/** When the alert became a violation on the wall (processing time). */
function violationSince(a: Alert): number {
  return Math.max(Date.parse(a.opened_at), Date.parse(a.due_at));
}

/** The policies an alert matches and when each fires. */
export function policyFirings(
  policies: readonly SupervisionPolicy[],
  a: Alert,
): { policy: SupervisionPolicy; at: number }[] {
  if (a.state === 'resolved' || a.state === 'held' || !isLive(a)) return []; // historical: never ordered (§6.4)
  const out: { policy: SupervisionPolicy; at: number }[] = [];
  for (const p of policies) {
    if (!matches(p, a)) continue;
    const wait = p.when.unacknowledged_for ?? p.when.unresolved_for ?? '0s';
    out.push({ policy: p, at: violationSince(a) + (parseDuration(wait) ?? 0) });
  }
  return out;
}

/** Whether a fired policy should issue an order for the alert as it is now. */
export function stillQualifies(p: SupervisionPolicy, a: Alert | null, hasOpenOrder: boolean): boolean {
  if (!a || hasOpenOrder || !matches(p, a) || !isLive(a)) return false;
  if (p.when.unacknowledged_for !== undefined) return a.state === 'open';
  return a.state === 'open' || a.state === 'acknowledged';
}
