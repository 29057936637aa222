/**
 * Per unit prefix, rule and period: obligations judged, violations and the capped lateness of late work — the
 * figures of the assessment and of the trends' rule × unit heat map — read the cheap way at any length:
 *
 * - A period (from, to] is cut at UTC midnights (splitByDays). Its whole days come from `obligations_daily`
 *   (one row per unit × rule × day, alerts/0008), its partial days at either end from the snapshot's rows.
 *   Both hold the same obligations, so the sum is the snapshot's figure for the period, in any time zone.
 * - Held obligations (their alert waits on a source that is down) are not judged yet: the few that are held
 *   are read from the snapshot over the whole periods and taken off.
 * - Lateness is Σ min(hours late, cap) ÷ cap over late work with a known satisfier, exact for any cap.
 *
 * The daily rows trail the snapshot by up to a minute (they are rebuilt from it every minute).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { queryRows } from '../../common/node/clickhouse.js';

const DAY = 86_400_000;

/** A period (from, to] as its whole UTC days [firstDay, endDay) (day d = due_at in (d, d + 1 day]) and the rest. */
export interface DaySplit {
  days: { first: number; end: number } | null;
  /** The partial days, each (from, to]. */
  raw: Array<[number, number]>;
}

export function splitByDays(from: number, to: number): DaySplit {
  if (!(to > from)) return { days: null, raw: [] };
  const first = Math.ceil(from / DAY) * DAY;
  const end = Math.floor(to / DAY) * DAY;
  if (end - first < DAY) return { days: null, raw: [[from, to]] };
  const raw: Array<[number, number]> = [];
  if (from < first) raw.push([from, first]);
  if (end < to) raw.push([end, to]);
  return { days: { first, end }, raw };
}

export interface RuleFigureQuery {
  /** The scope: unit_code starts with it. */
  unit: string;
  /** The length of the prefix figures are grouped by. */
  len: number;
  /** The periods, each (from, to] in epoch ms; figures come back by their index. */
  periods: ReadonlyArray<readonly [number, number]>;
  /** The lateness cap in hours (ASSESSMENT_FILE lateness.full_at_hours). */
  fullAtHours: number;
  /** Only this rule, when given. */
  ruleId?: string;
}

export interface RuleFigureRow {
  prefix: string;
  rule_id: string;
  period: number;
  judged: number;
  violations: number;
  /** Late work with a known satisfier, and Σ min(hours late, cap) ÷ cap over it. */
  late_n: number;
  late_sum: number;
}

interface Row {
  p: string;
  rule_id: string;
  k: string | number;
  judged: string;
  violations: string;
  late_n: string;
  late_sum: string | number;
}

/** A WHERE clause and a period index (multiIf) over one column's ranges, with their parameters. */
function ranges(
  column: string,
  list: Array<{ k: number; lo: string; hi: string }>,
  cmp: ['>', '<='] | ['>=', '<'],
  type: string,
  params: Record<string, unknown>,
  tag: string,
): { where: string; k: string } {
  const conds = list.map(({ k, lo, hi }, i) => {
    params[`${tag}${i}a`] = lo;
    params[`${tag}${i}b`] = hi;
    return {
      k,
      c: `(${column} ${cmp[0]} {${tag}${i}a:${type}} AND ${column} ${cmp[1]} {${tag}${i}b:${type}})`,
    };
  });
  const k =
    conds.length === 1
      ? String(conds[0]!.k)
      : `multiIf(${conds.map((c) => `${c.c}, ${c.k}`).join(', ')}, -1)`;
  return { where: conds.map((c) => c.c).join(' OR '), k };
}

const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const TIME = "DateTime64(3, 'UTC')";
const HELD = `SELECT alert_id FROM alerts_current FINAL WHERE state = 'held' AND startsWith(unit_code, {unit:String})`;
const LATE_RAW = `status = 'late' AND satisfied_at IS NOT NULL`;
const HOURS_RAW = `dateDiff('second', due_at, assumeNotNull(satisfied_at)) / 3600`;

export class RuleFigures {
  constructor(private readonly clickhouse: ClickHouseClient) {}

  async read(q: RuleFigureQuery): Promise<RuleFigureRow[]> {
    const splits = q.periods.map(([a, b]) => splitByDays(a, b));
    const days = splits.flatMap((s, k) =>
      s.days ? [{ k, lo: dateOf(s.days.first), hi: dateOf(s.days.end) }] : [],
    );
    const raw = splits.flatMap((s, k) =>
      s.raw.map(([a, b]) => ({ k, lo: chTimeOfMs(a), hi: chTimeOfMs(b) })),
    );
    const whole = q.periods.map(([a, b], k) => ({ k, lo: chTimeOfMs(a), hi: chTimeOfMs(b) }));
    const held = await this.anyHeld(q.unit);
    const [fromDays, fromRaw, heldRows] = await Promise.all([
      days.length ? this.daily(q, days) : [],
      raw.length ? this.snapshot(q, raw, false) : [],
      held && whole.length ? this.snapshot(q, whole, true) : [],
    ]);
    return combine(fromDays, fromRaw, heldRows);
  }

  private base(q: RuleFigureQuery, params: Record<string, unknown>): string {
    Object.assign(params, { unit: q.unit, len: q.len, full: q.fullAtHours, rule: q.ruleId ?? '' });
    return `startsWith(unit_code, {unit:String}) AND ({rule:String} = '' OR rule_id = {rule:String})`;
  }

  private async daily(
    q: RuleFigureQuery,
    list: Array<{ k: number; lo: string; hi: string }>,
  ): Promise<Row[]> {
    const params: Record<string, unknown> = {};
    const r = ranges('day', list, ['>=', '<'], 'Date', params, 'd');
    return queryRows<Row>(
      this.clickhouse,
      `SELECT substring(unit_code, 1, {len:UInt8}) AS p, rule_id, ${r.k} AS k, sum(judged) AS judged,
              sum(violations) AS violations, sum(length(late_hours)) AS late_n,
              sum(arraySum(h -> least(h, {full:Float64}) / {full:Float64}, late_hours)) AS late_sum
       FROM obligations_daily WHERE ${this.base(q, params)} AND (${r.where})
       GROUP BY p, rule_id, k`,
      params,
    );
  }

  /** The snapshot's figures over ranges of due_at; only the held obligations' when `held`. */
  private async snapshot(
    q: RuleFigureQuery,
    list: Array<{ k: number; lo: string; hi: string }>,
    held: boolean,
  ): Promise<Row[]> {
    const params: Record<string, unknown> = {};
    const r = ranges('due_at', list, ['>', '<='], TIME, params, 't');
    return queryRows<Row>(
      this.clickhouse,
      `SELECT substring(unit_code, 1, {len:UInt8}) AS p, rule_id, ${r.k} AS k, count() AS judged,
              countIf(status IN ('late', 'pending', 'violation')) AS violations, countIf(${LATE_RAW}) AS late_n,
              sumIf(least(${HOURS_RAW}, {full:Float64}) / {full:Float64}, ${LATE_RAW}) AS late_sum
       FROM obligations_snapshot WHERE ${this.base(q, params)} AND (${r.where})
         ${held ? `AND obligation_id IN (${HELD})` : ''}
       GROUP BY p, rule_id, k`,
      params,
    );
  }

  /** Whether any obligation in the scope is held now (most of the time none is: one query fewer). */
  private async anyHeld(unit: string): Promise<boolean> {
    const [r] = await queryRows<{ n: string }>(this.clickhouse, `SELECT count() AS n FROM (${HELD})`, {
      unit,
    });
    return Number(r?.n ?? 0) > 0;
  }
}

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Whole days + partial days − held, per (prefix, rule, period); groups left with nothing judged are dropped. */
function combine(days: Row[], raw: Row[], held: Row[]): RuleFigureRow[] {
  const out = new Map<string, RuleFigureRow>();
  const add = (rows: Row[], sign: number) => {
    for (const r of rows) {
      const period = Number(r.k);
      if (period < 0) continue;
      const key = `${r.p}\u0000${r.rule_id}\u0000${period}`;
      let f = out.get(key);
      if (!f) {
        f = { prefix: r.p, rule_id: r.rule_id, period, judged: 0, violations: 0, late_n: 0, late_sum: 0 };
        out.set(key, f);
      }
      f.judged += sign * Number(r.judged);
      f.violations += sign * Number(r.violations);
      f.late_n += sign * Number(r.late_n);
      f.late_sum += sign * Number(r.late_sum);
    }
  };
  add(days, 1);
  add(raw, 1);
  add(held, -1);
  return [...out.values()]
    .filter((f) => f.judged > 0)
    .sort((a, b) => byText(a.prefix, b.prefix) || byText(a.rule_id, b.rule_id) || a.period - b.period)
    .map((f) => ({
      ...f,
      violations: Math.max(0, f.violations),
      late_n: Math.max(0, f.late_n),
      late_sum: Math.max(0, f.late_sum),
    }));
}
