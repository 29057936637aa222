/**
 * The officer file (CONTRACT.md §8): the obligations whose trigger event names the officer, due in the period
 * and in the caller's scope, counted by outcome with the rates beside them, and the orders about their alerts.
 * The officer's events are found through the link index (`officer_id`), the obligations by their triggers;
 * no event row is read.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { AuthUser } from '../../../common/auth.js';
import { OFFICER_FILE_DEFAULT_DAYS } from '../../../common/officer-file.js';
import type { ObligationFigures, OfficerFile, OfficerFileQuery } from '../../../common/officer-file.js';
import { chTimeOfMs } from '../../../common/node/ch-time.js';
import { queryRows } from '../../../common/node/clickhouse.js';
import type { SupervisionQueries } from '../supervision-queries.js';
import { distinctOrders } from './orders.js';

const DAY = 86_400_000;
/** Trigger events of one officer read at most (years of a busy officer's work). */
const OFFICER_EVENTS_MAX = 200_000;

type FigureRow = Record<
  'rule_id' | 'due' | 'on_time' | 'late' | 'overdue_open' | 'conditions' | 'violations',
  string
>;

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function figures(r: Omit<FigureRow, 'rule_id'>): ObligationFigures {
  const [due, onTime, late, open, conditions, violations] = [
    r.due,
    r.on_time,
    r.late,
    r.overdue_open,
    r.conditions,
    r.violations,
  ].map(Number) as [number, number, number, number, number, number];
  return {
    due,
    on_time: onTime,
    late,
    overdue_open: open,
    conditions,
    violations,
    on_time_rate: ratio(onTime, due),
    violation_rate: ratio(late + open + violations, due + conditions),
  };
}

export class OfficerFiles {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly orders: Pick<SupervisionQueries, 'forAlerts'>,
    private readonly now: () => number = Date.now,
  ) {}

  async file(
    officerId: string,
    q: OfficerFileQuery,
    reader: Pick<AuthUser, 'role' | 'scope'>,
  ): Promise<OfficerFile> {
    const to = Math.min(q.to ? Date.parse(q.to) : this.now(), this.now());
    const from = q.from ? Date.parse(q.from) : to - OFFICER_FILE_DEFAULT_DAYS * DAY;
    const ids = await queryRows<{ event_id: string }>(
      this.clickhouse,
      `SELECT DISTINCT event_id FROM event_links
       WHERE key = 'officer_id' AND value = {id:String} AND startsWith(unit_code, {scope:String})
       LIMIT {max:UInt32}`,
      { id: officerId, scope: reader.scope, max: OFFICER_EVENTS_MAX },
    );
    const params = {
      ids: ids.map((r) => r.event_id),
      scope: reader.scope,
      from: chTimeOfMs(from),
      to: chTimeOfMs(to),
    };
    const where = `trigger_event_id IN {ids:Array(String)} AND startsWith(unit_code, {scope:String})
       AND due_at > {from:DateTime64(3, 'UTC')} AND due_at <= {to:DateTime64(3, 'UTC')}`;
    const rows = await queryRows<FigureRow>(
      this.clickhouse,
      `SELECT rule_id, countIf(kind = 'deadline') AS due, countIf(kind = 'deadline' AND status = 'on_time') AS on_time,
              countIf(status = 'late') AS late, countIf(kind = 'deadline' AND status = 'pending') AS overdue_open,
              countIf(kind != 'deadline') AS conditions, countIf(kind != 'deadline' AND status = 'violation') AS violations
       FROM obligations FINAL WHERE ${where} GROUP BY rule_id ORDER BY rule_id`,
      params,
    );
    const alertIds = await queryRows<{ id: string }>(
      this.clickhouse,
      `SELECT alert_id AS id FROM alerts_current FINAL WHERE alert_id IN (
         SELECT obligation_id FROM obligations FINAL WHERE ${where} AND status IN ('late', 'pending', 'violation'))`,
      params,
    );
    const orders = await this.orders.forAlerts(
      alertIds.map((r) => r.id),
      reader,
    );
    const sum = (k: keyof Omit<FigureRow, 'rule_id'>) => String(rows.reduce((s, r) => s + Number(r[k]), 0));
    return {
      officer_id: officerId,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totals: figures({
        due: sum('due'),
        on_time: sum('on_time'),
        late: sum('late'),
        overdue_open: sum('overdue_open'),
        conditions: sum('conditions'),
        violations: sum('violations'),
      }),
      by_rule: rows.map((r) => ({ rule_id: r.rule_id, ...figures(r) })),
      alerts: alertIds.length,
      supervisions: distinctOrders(orders),
    };
  }
}
