/**
 * Gathers a report's content (common/report.ts, CONTRACT.md §9) for a unit prefix and a resolved period: the
 * ledger's figures (ledger-queries.ts), the 督办 orders (supervision-stats.ts, as GET /api/stats/supervisions
 * counts them) and the directory's names. Only rules, units, rates and order numbers: no personal data.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ReportContent, ReportRuleRow, ReportSeriesPoint } from '../../../common/report.js';
import type { Rule } from '../../../common/rules.js';
import type { Supervision } from '../../../common/supervision.js';
import type { Unit, UnitLevel } from '../../../common/units.js';
import { levelOfCode, prefixToCode } from '../../../common/units.js';
import { LedgerQueries } from './ledger-queries.js';
import type { Counts, RuleCounts, Window } from './ledger-queries.js';
import { ordersFigures } from './orders.js';
import { rangeInstants, reportTitle } from './period.js';
import type { ResolvedPeriod } from './period.js';
import { childLevel, figures, rankUnits } from './shape.js';

export interface GatherDeps {
  clickhouse: ClickHouseClient;
  timeZone: string;
  rules: readonly Rule[];
  units: () => Promise<Unit[]>;
  /** Every order (closed ones too): the live store's. */
  orders: () => Promise<Supervision[]>;
  now: () => number;
}

/** A unit given as a prefix (2, 4, 6 digits) or a 12-digit code: its prefix, code and level. */
export function reportUnit(unit: string): { prefix: string; code: string; level: UnitLevel } | null {
  if (![2, 4, 6, 12].includes(unit.length)) return null;
  const code = prefixToCode(unit);
  const level = levelOfCode(code);
  const width = { province: 2, city: 4, county: 6, station: 12 }[level];
  return { prefix: code.slice(0, width), code, level };
}

export async function gatherReport(
  deps: GatherDeps,
  unit: string,
  period: ResolvedPeriod,
  progress: (p: number) => Promise<void> = async () => undefined,
): Promise<ReportContent> {
  const target = reportUnit(unit);
  if (!target) throw new Error(`${unit} is not a unit prefix`);
  const now = deps.now();
  const cur = rangeInstants(period.range, deps.timeZone);
  const prev = rangeInstants(period.previous, deps.timeZone);
  const current: Window = { start: cur.start, end: Math.min(cur.end, now) };
  const previous: Window = { start: prev.start, end: Math.min(prev.end, now) };
  const ledger = new LedgerQueries(deps.clickhouse, deps.timeZone);
  const directory = await deps.units();
  const names = new Map(directory.map((u) => [u.code, u.name]));
  // One pass for the unit and its subordinates: the unit's figures are the sum of theirs.
  const child = childLevel(target.level);
  const rows = await ledger.byUnit(target.prefix, child?.width ?? target.prefix.length, current, previous);
  const pick = (c: boolean): Counts => sumCounts(rows.filter((r) => r.current === c));
  const units = child ? rankUnits(rows, directory, target.prefix, child.level) : [];
  await progress(0.15);
  const rules = await ledger.byRule(target.prefix, current);
  await progress(0.3);
  const bucket = period.period === 'year' ? 'month' : 'day';
  const series = await ledger.series(target.prefix, current, bucket);
  const orders = ordersFigures(await deps.orders(), target, cur, deps.rules, names);
  await progress(0.4);
  const name = names.get(target.code) ?? null;
  return {
    title: reportTitle(name, target.code, period.range.label),
    unit: { code: target.code, name, level: target.level },
    period: period.period,
    range: period.range,
    previous: period.previous,
    time_zone: deps.timeZone,
    generated_at: new Date(now).toISOString(),
    summary: { ...figures(pick(true), pick(false)), by_severity: bySeverity(rules) },
    rules: ruleRows(rules, deps.rules),
    units,
    orders,
    series: { bucket, points: seriesPoints(series) },
  };
}

function sumCounts(rows: readonly Counts[]): Counts {
  const out = { due: 0, on_time: 0, late_or_missing: 0, condition_violations: 0 };
  for (const r of rows) {
    out.due += r.due;
    out.on_time += r.on_time;
    out.late_or_missing += r.late_or_missing;
    out.condition_violations += r.condition_violations;
  }
  return out;
}

function bySeverity(rows: readonly RuleCounts[]): ReportContent['summary']['by_severity'] {
  const out = { P1: 0, P2: 0, P3: 0, P4: 0 };
  for (const r of rows) if (r.severity in out) out[r.severity as keyof typeof out] += r.violations;
  return out;
}

/** The catalogue's rules that had anything due or violated, worst violation rate first (conditions after, most first). */
function ruleRows(rows: readonly RuleCounts[], catalogue: readonly Rule[]): ReportRuleRow[] {
  const sums = new Map<string, { due: number; violations: number; severity: string }>();
  for (const r of rows) {
    const s = sums.get(r.rule_id) ?? { due: 0, violations: 0, severity: r.severity };
    s.due += r.due;
    s.violations += r.violations;
    sums.set(r.rule_id, s);
  }
  const out: ReportRuleRow[] = [];
  for (const [id, s] of sums) {
    const rule = catalogue.find((r) => r.id === id);
    const deadline = rule ? rule.kind === 'deadline' : s.due > 0;
    out.push({
      rule_id: id,
      name: rule?.name.zh ?? id,
      kind: deadline ? 'deadline' : 'condition',
      severity: rule?.severity.default ?? s.severity,
      legal_basis: rule?.legal_basis ?? '',
      due: deadline ? s.due : null,
      violations: s.violations,
      violation_rate: deadline && s.due > 0 ? s.violations / s.due : null,
    });
  }
  const key = (r: ReportRuleRow): number => (r.kind === 'deadline' ? 2 + (r.violation_rate ?? -1) : 0);
  return out.sort(
    (a, b) => key(b) - key(a) || b.violations - a.violations || (a.rule_id < b.rule_id ? -1 : 1),
  );
}

function seriesPoints(rows: readonly (Counts & { t: string })[]): ReportSeriesPoint[] {
  return rows.map((r) => ({
    t: r.t,
    due: r.due,
    violations: r.late_or_missing,
    compliance_rate: r.due > 0 ? r.on_time / r.due : null,
  }));
}
