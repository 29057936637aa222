/**
 * The numbers of the wall, the duty console and the trends page, from ClickHouse: `alerts_current`
 * (latest state per alert), `alert_events` (the lifecycle record) and `obligations` (the ledger that makes
 * compliance a rate: obligations met on time ÷ obligations due; read through its 30-s snapshot
 * `obligations_snapshot`). Every value is a query parameter.
 *
 * Historical alerts (CONTRACT §6.4: old data imported) count where the figures are about deadlines — the
 * compliance rate, the trends' violations by due date, the per-unit ledger — and never in the live figures:
 * the wall's tiles (active, resolved today), a unit's active count, the trends' resolutions per day (the
 * import resolving a 2023 violation is no work done today).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type {
  CountdownResponse,
  SummaryResponse,
  TrendPoint,
  TrendsQuery,
  TrendsResponse,
  UnitRuleCell,
  UnitsStatsQuery,
  UnitsStatsResponse,
} from '../../common/api.js';
import type { Alert } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { startOfLocalDay, startOfLocalMonth } from '../../common/time-zone.js';
import { LEVEL_PREFIX_LENGTH, prefixToCode } from '../../common/units.js';
import type { Unit } from '../../common/units.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { RuleFigures } from './rule-figures.js';

const num = (v: unknown): number => Number(v ?? 0);
const nullable = (v: unknown): number | null =>
  v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v);
const DAY = 86_400_000;

/**
 * Obligations whose alert is held (overdue while the source of their follow-up is down, so the missing
 * follow-up proves nothing yet) are not judged yet: neither due nor violated in compliance figures until the
 * source is back.
 */
const notHeld = (unitParam: string): string =>
  `obligation_id NOT IN (SELECT alert_id FROM alerts_current FINAL WHERE state = 'held' AND startsWith(unit_code, {${unitParam}:String}))`;

export class StatsQueries {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly timeZone: string,
    private readonly units: () => Promise<Map<string, Unit>>,
    private readonly seq: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  async summary(unit: string): Promise<SummaryResponse> {
    const now = this.now();
    const today = chTimeOfMs(startOfLocalDay(now, this.timeZone));
    // Active = open or acknowledged (isActive); `held` alerts (overdue, waiting on a late or silent source)
    // are counted apart: not violations on the wall until judged.
    const [a] = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT countIf(live AND stage = 'overdue' AND severity = 'P1') AS p1,
              countIf(live AND stage = 'overdue' AND severity = 'P2') AS p2,
              countIf(live AND stage = 'overdue' AND severity = 'P3') AS p3, countIf(live AND stage = 'overdue') AS total,
              countIf(live AND stage = 'overdue' AND state = 'acknowledged') AS acknowledged,
              countIf(live AND stage = 'due_soon') AS due_soon, countIf(state = 'held') AS held
       FROM (SELECT stage, severity, state, state IN ('open', 'acknowledged') AS live FROM alerts_current FINAL
             WHERE state != 'resolved' AND NOT historical AND startsWith(unit_code, {unit:String}))`,
      { unit },
    );
    // "Today" is the unit's day in event time: violations whose deadline passed today (however late the
    // data arrived), and alerts closed today.
    const [t] = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT countIf(due_at >= {today:DateTime64(3, 'UTC')}) AS new_today,
              countIf(state = 'resolved' AND updated_at >= {today:DateTime64(3, 'UTC')}) AS resolved_today
       FROM alerts_current FINAL
       WHERE stage = 'overdue' AND state != 'held' AND resolution != 'on_time' AND NOT historical
         AND startsWith(unit_code, {unit:String})
         AND (due_at >= {today:DateTime64(3, 'UTC')} OR updated_at >= {today:DateTime64(3, 'UTC')})`,
      { unit, today },
    );
    const [c] = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT count() AS due, countIf(status = 'on_time') AS on_time FROM obligations_snapshot
       WHERE kind = 'deadline' AND due_at > {from:DateTime64(3, 'UTC')} AND due_at <= {to:DateTime64(3, 'UTC')}
         AND startsWith(unit_code, {unit:String}) AND ${notHeld('unit')}`,
      { unit, from: chTimeOfMs(now - 7 * DAY), to: chTimeOfMs(now) },
    );
    const due = num(c?.due);
    const onTime = num(c?.on_time);
    return {
      as_of: new Date(now).toISOString(),
      seq: await this.seq(),
      active: {
        P1: num(a?.p1),
        P2: num(a?.p2),
        P3: num(a?.p3),
        total: num(a?.total),
        acknowledged: num(a?.acknowledged),
      },
      due_soon: num(a?.due_soon),
      held: num(a?.held),
      new_today: num(t?.new_today),
      resolved_today: num(t?.resolved_today),
      compliance: { due, on_time: onTime, rate: due > 0 ? onTime / due : null },
    };
  }

  /**
   * Violations per bucket by the time their deadline passed (event time), and how many of those are resolved
   * by now: one time basis for the whole chart, so a day of violations resolved in one sweep does not sit at
   * zero all day and spike in the hour of the sweep.
   */
  async trends(q: TrendsQuery, unit: string): Promise<TrendsResponse> {
    const fn =
      q.bucket === 'hour'
        ? 'toStartOfHour(due_at, {tz:String})'
        : q.bucket === 'day'
          ? 'toStartOfDay(due_at, {tz:String})'
          : 'toDateTime(toStartOfMonth(due_at, {tz:String}), {tz:String})';
    const params = {
      tz: this.timeZone,
      from: chTimeOfMs(Date.parse(q.from)),
      to: chTimeOfMs(Date.parse(q.to)),
      unit,
      rule: q.rule_id ?? '',
      severity: q.severity ?? '',
    };
    const filter = `stage = 'overdue' AND state != 'held' AND resolution != 'on_time' AND startsWith(unit_code, {unit:String})
         AND ({rule:String} = '' OR rule_id = {rule:String}) AND ({severity:String} = '' OR severity = {severity:String})`;
    const rows = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT toUnixTimestamp64Milli(toDateTime64(${fn}, 3)) AS t, count() AS raised,
              countIf(severity = 'P1') AS P1, countIf(severity = 'P2') AS P2, countIf(severity = 'P3') AS P3,
              countIf(state = 'resolved') AS resolved
       FROM alerts_current FINAL
       WHERE ${filter} AND due_at >= {from:DateTime64(3, 'UTC')} AND due_at < {to:DateTime64(3, 'UTC')}
       GROUP BY t`,
      params,
    );
    const byT = new Map(rows.map((r) => [num(r.t), r]));
    const zone = this.timeZone;
    const start = Date.parse(q.from);
    const [first, next] =
      q.bucket === 'hour'
        ? [Math.floor(start / 3_600_000) * 3_600_000, (t: number) => t + 3_600_000]
        : q.bucket === 'day'
          ? [startOfLocalDay(start, zone), (t: number) => startOfLocalDay(t + DAY + 3_600_000, zone)]
          : [startOfLocalMonth(start, zone), (t: number) => startOfLocalMonth(t, zone, 1)];
    const points: TrendPoint[] = [];
    for (let t = first; t < Date.parse(q.to); t = next(t)) {
      const r = byT.get(t);
      points.push({
        t: new Date(t).toISOString(),
        raised: num(r?.raised),
        resolved: num(r?.resolved),
        P1: num(r?.P1),
        P2: num(r?.P2),
        P3: num(r?.P3),
      });
      if (points.length > 2_000) break;
    }
    return { bucket: q.bucket, points };
  }

  async unitStats(q: UnitsStatsQuery, scope: string): Promise<UnitsStatsResponse> {
    const len = LEVEL_PREFIX_LENGTH[q.level];
    const parent = q.parent ?? scope;
    const from = Date.parse(q.from);
    const to = Math.min(Date.parse(q.to), this.now());
    const params = { len, parent, from: chTimeOfMs(from), to: chTimeOfMs(to), rule: q.rule_id ?? '' };
    const where = `startsWith(unit_code, {parent:String}) AND ({rule:String} = '' OR rule_id = {rule:String})`;
    const range = `due_at > {from:DateTime64(3, 'UTC')} AND due_at <= {to:DateTime64(3, 'UTC')}`;
    // One pass over the ledger's snapshot (deduplicated, sorted by unit and due_at: no FINAL; at most 30 s
    // behind the ledger, see alerts/0005), lateness included: the ledger records when the
    // satisfier occurred (`satisfied_at`, alerts/0003), so no event is read. A late row without it (written
    // before the column and not backfilled: its satisfier was never stored) is not measured.
    const ledger = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT substring(unit_code, 1, {len:UInt8}) AS p,
              countIf(kind = 'deadline') AS due, countIf(kind = 'deadline' AND status = 'on_time') AS on_time,
              countIf(status IN ('late', 'pending', 'violation')) AS violations,
              countIf(kind = 'deadline' AND status = 'late') AS late,
              countIf(kind = 'deadline' AND status = 'pending') AS missing,
              countIf(kind = 'condition') AS checked, countIf(kind = 'condition' AND status = 'violation') AS cond,
              quantileExactIf(0.5)(dateDiff('second', due_at, satisfied_at) / 3600, status = 'late' AND satisfied_at IS NOT NULL) AS p50,
              quantileExactIf(0.9)(dateDiff('second', due_at, satisfied_at) / 3600, status = 'late' AND satisfied_at IS NOT NULL) AS p90,
              countIf(status = 'late' AND satisfied_at IS NOT NULL) AS late_measured
       FROM obligations_snapshot WHERE ${where} AND ${range} AND ${notHeld('parent')}
       GROUP BY p`,
      params,
    );
    const acks = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT substring(unit, 1, {len:UInt8}) AS p, quantileExact(0.5)(dateDiff('second', raised, acked) / 60) AS ack_p50
       FROM (SELECT alert_id, any(unit_code) AS unit,
                    minIf(at, stage = 'overdue' AND change IN ('raised', 'escalated')) AS raised,
                    minIf(at, change = 'acknowledged') AS acked
             FROM alert_events WHERE ${where} AND at > {from:DateTime64(3, 'UTC')} GROUP BY alert_id
             HAVING acked > toDateTime64(0, 3) AND raised > toDateTime64(0, 3))
       GROUP BY p`,
      params,
    );
    const active = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT substring(unit_code, 1, {len:UInt8}) AS p, count() AS active FROM alerts_current FINAL
       WHERE ${where} AND state IN ('open', 'acknowledged') AND stage = 'overdue' AND NOT historical GROUP BY p`,
      params,
    );
    const names = await this.units();
    const prefixes = new Set([...ledger, ...active].map((r) => r.p as string));
    const ack = new Map(acks.map((r) => [r.p, r]));
    const act = new Map(active.map((r) => [r.p, r]));
    const led = new Map(ledger.map((r) => [r.p, r]));
    const units = [...prefixes].sort().map((p) => {
      const l = led.get(p);
      const due = num(l?.due);
      const onTime = num(l?.on_time);
      const code = prefixToCode(p);
      return {
        prefix: p,
        code,
        name: names.get(code)?.name ?? null,
        level: q.level,
        due,
        on_time: onTime,
        violations: num(l?.violations),
        late: num(l?.late),
        missing: num(l?.missing),
        condition_checked: num(l?.checked),
        condition_violations: num(l?.cond),
        compliance_rate: due > 0 ? onTime / due : null,
        lateness_p50_h: num(l?.late_measured) > 0 ? nullable(l?.p50) : null,
        lateness_p90_h: num(l?.late_measured) > 0 ? nullable(l?.p90) : null,
        ack_p50_min: nullable(ack.get(p)?.ack_p50),
        active: num(act.get(p)?.active),
      };
    });
    if (q.by_rule !== 'true') return { level: q.level, units };
    return { level: q.level, units, cells: await this.ruleCells(parent, len, [from, to], q.rule_id) };
  }

  /** The heat map's cells: per unit prefix and rule, obligations judged and violations (rule-figures.ts). */
  private async ruleCells(
    unit: string,
    len: number,
    period: [number, number],
    ruleId: string | undefined,
  ): Promise<UnitRuleCell[]> {
    const rows = await new RuleFigures(this.clickhouse).read({
      unit,
      len,
      periods: [period],
      fullAtHours: 1,
      ...(ruleId ? { ruleId } : {}),
    });
    return rows.map((r) => ({
      prefix: r.prefix,
      rule_id: r.rule_id,
      judged: r.judged,
      violations: r.violations,
    }));
  }

  async countdown(unit: string, limit: number): Promise<CountdownResponse> {
    const rows = await queryRows<{ alert: string }>(
      this.clickhouse,
      `SELECT alert FROM alerts_current FINAL
       WHERE state IN ('open', 'acknowledged') AND stage = 'due_soon' AND startsWith(unit_code, {unit:String})
       ORDER BY due_at LIMIT {limit:UInt32}`,
      { unit, limit },
    );
    return {
      items: rows.map((r) => {
        const a = JSON.parse(r.alert) as Alert;
        return {
          alert_id: a.alert_id,
          rule_id: a.rule_id,
          title: a.title,
          unit_code: a.unit_code,
          due_at: a.due_at,
          subject: a.subject,
        };
      }),
    };
  }
}
