/**
 * GET /api/assessment: the figures of each direct subordinate of a unit in a period and the one before it (same
 * length, just before), from the obligations ledger (per unit, rule and period: rule-figures.ts, whole days
 * from the daily table) and the 督办 orders; scored by assessment-score.ts. Held obligations (their source is down)
 * are not judged yet, as in every compliance figure.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { AssessmentFile, AssessmentResponse } from '../../common/assessment.js';
import { ASSESSMENT_FORMULA } from '../../common/assessment.js';
import type { Supervision } from '../../common/supervision.js';
import { LEVEL_PREFIX_LENGTH, prefixToCode } from '../../common/units.js';
import type { Unit, UnitLevel } from '../../common/units.js';
import { NO_FIGURES, orderFigures, scoreUnit } from './assessment-score.js';
import type { PeriodFigures, RuleFigures as RuleCounts } from './assessment-score.js';
import { RuleFigures } from './rule-figures.js';

/** The level of a unit prefix's direct subordinates (a station has none: itself). */
export function subordinateLevel(prefix: string): UnitLevel {
  if (prefix.length >= 6) return 'station';
  if (prefix.length >= 4) return 'county';
  if (prefix.length >= 2) return 'city';
  return 'province';
}

export class AssessmentQueries {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly file: () => AssessmentFile,
    private readonly units: () => Promise<Map<string, Unit>>,
    private readonly orders: () => Promise<readonly Supervision[]>,
    private readonly now: () => number = Date.now,
  ) {}

  async assess(unit: string, fromIso: string, toIso: string): Promise<AssessmentResponse> {
    const file = this.file();
    const from = Date.parse(fromIso);
    const to = Math.min(Date.parse(toIso), this.now());
    const prevFrom = from - (to - from);
    const level = subordinateLevel(unit);
    const len = LEVEL_PREFIX_LENGTH[level];
    const figures = await this.ledger(unit, len, file.lateness.full_at_hours, [prevFrom, from, to]);
    const of = (p: string) => unitFigures(figures, p);
    const byUnit = new Map<string, Supervision[]>();
    for (const o of await this.orders()) {
      if (!o.unit_code.startsWith(unit)) continue;
      const p = o.unit_code.slice(0, len);
      const list = byUnit.get(p);
      if (list) list.push(o);
      else byUnit.set(p, [o]);
    }
    for (const [p, list] of byUnit) {
      const f = of(p);
      f.cur.orders = orderFigures(list, from, to);
      f.prev.orders = orderFigures(list, prevFrom, from);
    }
    const names = await this.units();
    // Every known subordinate is listed, those with nothing due too (无应办事项).
    for (const code of names.keys())
      if (code.startsWith(unit) && code.length === 12 && isAtLevel(code, level)) of(code.slice(0, len));
    const units = [...figures]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, f]) => {
        const code = prefixToCode(p);
        return {
          prefix: p,
          code,
          name: names.get(code)?.name ?? null,
          level,
          ...scoreUnit(file, f.cur, f.prev),
        };
      });
    return {
      unit,
      level,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      previous: { from: new Date(prevFrom).toISOString(), to: new Date(from).toISOString() },
      base: file.base,
      full_at_hours: file.lateness.full_at_hours,
      formula: ASSESSMENT_FORMULA,
      units,
    };
  }

  /** Per subordinate prefix, this period's and the previous one's ledger figures (rule-figures.ts). */
  private async ledger(
    unit: string,
    len: number,
    full: number,
    [prevFrom, from, to]: [number, number, number],
  ): Promise<Map<string, UnitPeriods>> {
    const rows = await new RuleFigures(this.clickhouse).read({
      unit,
      len,
      periods: [
        [prevFrom, from],
        [from, to],
      ],
      fullAtHours: full,
    });
    const figures = new Map<string, UnitPeriods>();
    for (const r of rows) {
      const f = unitFigures(figures, r.prefix);
      const period = r.period === 1 ? f.cur : f.prev;
      period.rules.push({ rule_id: r.rule_id, judged: r.judged, violations: r.violations });
      period.lateness.measured += r.late_n;
      period.lateness.capped_sum += r.late_sum;
    }
    return figures;
  }
}

type UnitPeriods = { cur: MutableFigures; prev: MutableFigures };

/** A subordinate's figures for both periods, blank the first time it is asked for. */
function unitFigures(figures: Map<string, UnitPeriods>, prefix: string): UnitPeriods {
  let f = figures.get(prefix);
  if (!f) figures.set(prefix, (f = { cur: blank(), prev: blank() }));
  return f;
}

type MutableFigures = { rules: RuleCounts[] } & Omit<PeriodFigures, 'rules'>;
function blank(): MutableFigures {
  return {
    rules: [],
    lateness: { ...NO_FIGURES.lateness },
    orders: { ...NO_FIGURES.orders },
  };
}

/** A directory entry that is itself a unit of that level (a city's code ends in 8 zeros …). */
function isAtLevel(code: string, level: UnitLevel): boolean {
  const len = LEVEL_PREFIX_LENGTH[level];
  if (level === 'station') return code.slice(6) !== '000000';
  return /^0+$/.test(code.slice(len)) && code.slice(len - 2, len) !== '00';
}
