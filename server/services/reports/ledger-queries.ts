/**
 * The report's figures from the obligations ledger (its snapshot `obligations_snapshot`, as the trends page
 * reads it, server/services/stats-queries.ts): one pass per question over the unit's rows due in the report's
 * range and the previous one. The same counting as GET /api/stats/units: an obligation counts in the range
 * its `due_at` falls in, (start, end] capped at now; a held obligation (its alert waits on a silent source)
 * is not judged yet; historical ones count (they are about deadlines). Deadline rules make 应办 (due), on
 * time and late-or-missing; condition-rule violations have no deadline and are counted apart.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../../common/node/clickhouse.js';
import { chTimeOfMs } from '../../../common/node/ch-time.js';

/** As stats-queries.ts's notHeld: obligations whose alert is held are neither due nor violated yet. */
const NOT_HELD = `obligation_id NOT IN (SELECT alert_id FROM alerts_current FINAL
  WHERE state = 'held' AND startsWith(unit_code, {unit:String}))`;

const COUNTS = `countIf(kind = 'deadline') AS due,
  countIf(kind = 'deadline' AND status = 'on_time') AS on_time,
  countIf(kind = 'deadline' AND status IN ('late', 'pending')) AS late_or_missing,
  countIf(kind = 'condition' AND status = 'violation') AS condition_violations`;

export interface Counts {
  due: number;
  on_time: number;
  late_or_missing: number;
  condition_violations: number;
}
export interface UnitCounts extends Counts {
  prefix: string;
  current: boolean;
}
export interface RuleCounts {
  rule_id: string;
  severity: string;
  due: number;
  violations: number;
}
export interface SeriesCounts extends Counts {
  t: string;
}

/** A time window as the ledger counts it: due_at in (start, end]. */
export interface Window {
  start: number;
  end: number;
}

const n = (v: unknown): number => Number(v ?? 0);
const counts = (r: Record<string, string>): Counts => ({
  due: n(r.due),
  on_time: n(r.on_time),
  late_or_missing: n(r.late_or_missing),
  condition_violations: n(r.condition_violations),
});

export class LedgerQueries {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly timeZone: string,
  ) {}

  /** Per unit prefix of `width` digits (the unit itself when width is its own), for the range and the previous one. */
  async byUnit(unit: string, width: number, current: Window, previous: Window): Promise<UnitCounts[]> {
    const rows = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT substring(unit_code, 1, {width:UInt8}) AS p, due_at > {cs:DateTime64(3, 'UTC')} AS cur, ${COUNTS}
       FROM obligations_snapshot
       WHERE startsWith(unit_code, {unit:String}) AND due_at > {ps:DateTime64(3, 'UTC')}
         AND due_at <= {ce:DateTime64(3, 'UTC')}
         AND (due_at <= {pe:DateTime64(3, 'UTC')} OR due_at > {cs:DateTime64(3, 'UTC')}) AND ${NOT_HELD}
       GROUP BY p, cur`,
      { unit, width, ...this.windows(current, previous) },
    );
    return rows.map((r) => ({ prefix: r.p as string, current: n(r.cur) === 1, ...counts(r) }));
  }

  /** Per rule and severity over the range: deadline rules' due, and violations of both kinds. */
  async byRule(unit: string, w: Window): Promise<RuleCounts[]> {
    const rows = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT rule_id, severity, countIf(kind = 'deadline') AS due,
              countIf(status IN ('late', 'pending', 'violation')) AS violations
       FROM obligations_snapshot
       WHERE startsWith(unit_code, {unit:String}) AND due_at > {s:DateTime64(3, 'UTC')}
         AND due_at <= {e:DateTime64(3, 'UTC')} AND ${NOT_HELD}
       GROUP BY rule_id, severity`,
      { unit, s: chTimeOfMs(w.start), e: chTimeOfMs(w.end) },
    );
    return rows.map((r) => ({
      rule_id: r.rule_id as string,
      severity: r.severity as string,
      due: n(r.due),
      violations: n(r.violations),
    }));
  }

  /** Per local day (YYYY-MM-DD) or month (YYYY-MM) of the deadline in the unit's zone. */
  async series(unit: string, w: Window, bucket: 'day' | 'month'): Promise<SeriesCounts[]> {
    const fmt = bucket === 'day' ? '%Y-%m-%d' : '%Y-%m';
    const rows = await queryRows<Record<string, string>>(
      this.clickhouse,
      `SELECT formatDateTime(due_at, {fmt:String}, {tz:String}) AS t, ${COUNTS}
       FROM obligations_snapshot
       WHERE startsWith(unit_code, {unit:String}) AND due_at > {s:DateTime64(3, 'UTC')}
         AND due_at <= {e:DateTime64(3, 'UTC')} AND ${NOT_HELD}
       GROUP BY t ORDER BY t`,
      { unit, fmt, tz: this.timeZone, s: chTimeOfMs(w.start), e: chTimeOfMs(w.end) },
    );
    return rows.map((r) => ({ t: r.t as string, ...counts(r) }));
  }

  private windows(current: Window, previous: Window): Record<string, string> {
    return {
      cs: chTimeOfMs(current.start),
      ce: chTimeOfMs(current.end),
      ps: chTimeOfMs(previous.start),
      pe: chTimeOfMs(previous.end),
    };
  }
}
