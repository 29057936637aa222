/**
 * What in the change stream calls for a notification, and what ends the need for one (pure):
 *   alert raised (open)            → `alert.raised`; a SUP-OVERDUE alert → `supervision.overdue`;
 *                                    a source outage (SRC-OUTAGE) → `source.outage`
 *   alert escalated (open)         → `alert.escalated` (due soon → overdue)
 *   alert acknowledged / resolved  → its pending re-notifications and escalations end
 *   order issued / returned        → `supervision.issued` / `supervision.returned`
 *   order received / answered / closed / cancelled → its pending ones end
 * Held alerts are not notified (they are not violations until judged), historical ones (§6.4) never, nor
 * NOTIFY-FAIL (a failing channel is the admin page's business; notifying about it could loop).
 */
import type { Alert } from '../../common/alerts.js';
import { isLive } from '../../common/alerts.js';
import type { NotifyKind } from '../../common/notify.js';
import { NOTIFY_FAIL } from '../../common/notify.js';
import { SOURCE_OUTAGE_RULE_ID } from '../../common/sources.js';
import type { Supervision } from '../../common/supervision.js';
import { SUP_OVERDUE } from '../../common/supervision.js';
import type { StreamEntry } from '../../alerts/stream/entries.js';

/** What a notification is about: an alert (`a`) or an order (`s`). */
export interface Subject {
  type: 'a' | 's';
  id: string;
}
export const subjectKey = (s: Subject): string => `${s.type}|${s.id}`;

/** The facts routes match on. */
export interface Facts {
  unit_code: string;
  severity: Alert['severity'] | null;
  rule_id: string | null;
}

export type Trigger =
  | { type: 'notify'; kind: NotifyKind; subject: Subject; facts: Facts; at: number }
  | { type: 'settled'; subject: Subject };

export function alertFacts(a: Alert): Facts {
  return { unit_code: a.unit_code, severity: a.severity, rule_id: a.rule_id };
}

export function orderFacts(o: Supervision): Facts {
  return { unit_code: o.unit_code, severity: null, rule_id: null };
}

function alertKind(a: Alert, change: 'raised' | 'escalated'): NotifyKind {
  if (a.rule_id === SUP_OVERDUE) return 'supervision.overdue';
  if (a.rule_id === SOURCE_OUTAGE_RULE_ID) return 'source.outage';
  return change === 'raised' ? 'alert.raised' : 'alert.escalated';
}

/** Never notified, whatever the routes say. */
export function silentAlert(a: Alert): boolean {
  return a.rule_id === NOTIFY_FAIL || !isLive(a);
}

export function triggersOf(entry: StreamEntry): Trigger[] {
  if (entry.kind === 'alert') {
    const { kind, alert, at } = entry.change;
    const subject: Subject = { type: 'a', id: alert.alert_id };
    if (kind === 'acknowledged' || kind === 'resolved') return [{ type: 'settled', subject }];
    if ((kind !== 'raised' && kind !== 'escalated') || alert.state !== 'open' || silentAlert(alert))
      return [];
    if (kind === 'escalated' && alert.rule_id === SUP_OVERDUE) return [];
    return [
      { type: 'notify', kind: alertKind(alert, kind), subject, facts: alertFacts(alert), at: Date.parse(at) },
    ];
  }
  const { kind, supervision: order, at } = entry.change;
  const subject: Subject = { type: 's', id: order.supervision_id };
  if (kind === 'issued' || kind === 'returned')
    return [
      { type: 'notify', kind: `supervision.${kind}`, subject, facts: orderFacts(order), at: Date.parse(at) },
    ];
  if (kind === 'received' || kind === 'answered' || kind === 'closed' || kind === 'cancelled')
    return [{ type: 'settled', subject }];
  return [];
}

/**
 * The state a subject must still be in for a notification of this kind to be worth sending (checked
 * atomically at the moment of sending): an alert nobody has acknowledged, an order not yet received (issued)
 * or not yet answered again (returned).
 */
export function wantedState(kind: NotifyKind): string {
  if (kind === 'supervision.issued') return 'issued';
  if (kind === 'supervision.returned') return 'returned';
  return 'open';
}
