/**
 * A report's 督办 figures, pure: the orders issued in the range to the unit or below, counted as GET
 * /api/stats/supervisions counts them (supervisionStats), and every 挂牌督办 (level `listed`) issued in the
 * range or still open at its end — with the rules of its alerts by name, never the instructions or answers.
 */
import type { ReportListedOrder, ReportOrders } from '../../../common/report.js';
import type { Rule } from '../../../common/rules.js';
import type { Supervision } from '../../../common/supervision.js';
import type { Unit, UnitLevel } from '../../../common/units.js';
import { supervisionStats } from '../supervision-stats.js';

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Whether an order was still open at `end` (issued before it, not closed or cancelled by then). */
function openAt(o: Supervision, end: number): boolean {
  const done = o.closed_at ?? o.cancelled_at;
  return Date.parse(o.issued_at) < end && (done === null || Date.parse(done) >= end);
}

/** Rule names of an order's alerts (an alert id begins with its rule id: `R-INC-01:incident_id:…`). */
function ruleNames(o: Supervision, rules: readonly Rule[]): string[] {
  const ids = [...new Set(o.alert_ids.map((a) => a.split(':')[0] ?? a))];
  return ids.map((id) => rules.find((r) => r.id === id)?.name.zh ?? id);
}

export function ordersFigures(
  orders: readonly Supervision[],
  target: { prefix: string; level: UnitLevel },
  range: { start: number; end: number },
  rules: readonly Rule[],
  names: ReadonlyMap<string, string>,
): ReportOrders {
  const q = {
    from: new Date(range.start).toISOString(),
    to: new Date(range.end).toISOString(),
    level: target.level,
    parent: target.prefix,
  };
  const groups = supervisionStats(orders, q, target.prefix, new Map<string, Unit>());
  const sum = (k: 'issued' | 'received_on_time' | 'answered_on_time' | 'returned' | 'overdue'): number =>
    groups.reduce((s, g) => s + g[k], 0);
  const issued = sum('issued');
  const listed: ReportListedOrder[] = orders
    .filter((o) => o.level === 'listed' && o.unit_code.startsWith(target.prefix))
    .filter((o) => {
      const at = Date.parse(o.issued_at);
      return (at >= range.start && at < range.end) || openAt(o, range.end);
    })
    .sort((a, b) => (a.issued_at < b.issued_at ? -1 : a.issued_at > b.issued_at ? 1 : 0))
    .map((o) => ({
      supervision_id: o.supervision_id,
      unit_code: o.unit_code,
      unit_name: names.get(o.unit_code) ?? null,
      issued_at: o.issued_at,
      state: o.state,
      feedback_due_at: o.feedback_due_at,
      overdue: o.overdue,
      rules: ruleNames(o, rules),
    }));
  return {
    issued,
    received_on_time: sum('received_on_time'),
    answered_on_time: sum('answered_on_time'),
    returned: sum('returned'),
    overdue: sum('overdue'),
    received_on_time_rate: rate(sum('received_on_time'), issued),
    answered_on_time_rate: rate(sum('answered_on_time'), issued),
    returned_rate: rate(sum('returned'), issued),
    overdue_rate: rate(sum('overdue'), issued),
    listed,
  };
}
