/**
 * Per-unit supervision figures for the trends page (GET /api/stats/supervisions), pure: orders issued in
 * [from, to) (instants, as the other statistics take them), grouped by the unit prefix of a level under a parent, each count with its
 * rate (÷ issued) beside it.
 *   received on time  received_at ≤ receive_due_at
 *   answered on time  the first answer given by the feedback deadline in force then
 *   returned          returned at least once
 *   overdue           missed a deadline at least once (it escalated: escalated_to is set)
 */
import type { SupervisionStatsQuery, SupervisionUnitStats } from '../../common/api.js';
import type { Supervision } from '../../common/supervision.js';
import { LEVEL_PREFIX_LENGTH } from '../../common/units.js';
import type { Unit } from '../../common/units.js';

interface Counts {
  issued: number;
  received_on_time: number;
  answered_on_time: number;
  returned: number;
  overdue: number;
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

function count(c: Counts, o: Supervision): void {
  c.issued++;
  if (o.received_at !== null && o.received_at <= o.receive_due_at) c.received_on_time++;
  const first = o.answers[0];
  if (first && first.at <= (first.due_at ?? o.feedback_due_at)) c.answered_on_time++;
  if (o.reviews.some((r) => r.decision === 'return')) c.returned++;
  if (o.escalated_to !== null) c.overdue++;
}

export function supervisionStats(
  orders: readonly Supervision[],
  q: SupervisionStatsQuery,
  scope: string,
  units: ReadonlyMap<string, Unit>,
): SupervisionUnitStats[] {
  const start = Date.parse(q.from);
  const end = Date.parse(q.to);
  const parent = q.parent ?? scope;
  const width = LEVEL_PREFIX_LENGTH[q.level];
  const groups = new Map<string, Counts>();
  for (const o of orders) {
    const at = Date.parse(o.issued_at);
    if (at < start || at >= end || !o.unit_code.startsWith(scope) || !o.unit_code.startsWith(parent))
      continue;
    const prefix = o.unit_code.slice(0, width);
    let c = groups.get(prefix);
    if (!c)
      groups.set(
        prefix,
        (c = { issued: 0, received_on_time: 0, answered_on_time: 0, returned: 0, overdue: 0 }),
      );
    count(c, o);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([prefix, c]) => {
      const code = prefix.padEnd(12, '0');
      return {
        prefix,
        code,
        name: units.get(code)?.name ?? null,
        level: q.level,
        ...c,
        received_on_time_rate: rate(c.received_on_time, c.issued),
        answered_on_time_rate: rate(c.answered_on_time, c.issued),
        returned_rate: rate(c.returned, c.issued),
        overdue_rate: rate(c.overdue, c.issued),
      };
    });
}
