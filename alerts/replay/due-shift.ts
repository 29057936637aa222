/**
 * How a change of rules moves due dates on stored history (the legal-clock change of v2 above all): for the
 * alerts both rule sets raise (same alert_id), how many have another `due_at` and by how much, per rule; and
 * how many each set raises alone. Pure.
 */
import type { Alert } from '../../common/alerts.js';
import type { ReplayResult } from './replay.js';
import { textTable } from './score.js';

export interface DueShift {
  rule_id: string;
  /** Alerts of the rule in both results. */
  both: number;
  /** Of those, with another due_at. */
  moved: number;
  /** Shift candidate − baseline in hours over the moved ones: smallest, median, largest. */
  min_h: number | null;
  median_h: number | null;
  max_h: number | null;
  /** Alerts only the baseline raises / only the candidate raises. */
  only_baseline: number;
  only_candidate: number;
}

const HOUR = 3_600_000;
const round1 = (h: number): number => Math.round(h * 10) / 10;

function byRule(alerts: readonly Alert[]): Map<string, Map<string, Alert>> {
  const out = new Map<string, Map<string, Alert>>();
  for (const a of alerts) {
    const m = out.get(a.rule_id) ?? new Map<string, Alert>();
    m.set(a.alert_id, a);
    out.set(a.rule_id, m);
  }
  return out;
}

function shiftOf(ruleId: string, b: Map<string, Alert>, c: Map<string, Alert>): DueShift {
  const shifts: number[] = [];
  let both = 0;
  for (const [id, a] of c) {
    const old = b.get(id);
    if (!old) continue;
    both++;
    const h = (Date.parse(a.due_at) - Date.parse(old.due_at)) / HOUR;
    if (h !== 0) shifts.push(h);
  }
  shifts.sort((x, y) => x - y);
  const at = (q: number) =>
    shifts.length === 0 ? null : round1(shifts[Math.floor(q * (shifts.length - 1))]!);
  return {
    rule_id: ruleId,
    both,
    moved: shifts.length,
    min_h: at(0),
    median_h: at(0.5),
    max_h: at(1),
    only_baseline: [...b.keys()].filter((id) => !c.has(id)).length,
    only_candidate: [...c.keys()].filter((id) => !b.has(id)).length,
  };
}

/** Per rule in either result, in the baseline's order, then the candidate's new rules. */
export function dueShifts(baseline: ReplayResult, candidate: ReplayResult): DueShift[] {
  const b = byRule(baseline.alerts);
  const c = byRule(candidate.alerts);
  const ids = [...baseline.perRule.map((r) => r.rule_id)];
  for (const r of candidate.perRule) if (!ids.includes(r.rule_id)) ids.push(r.rule_id);
  return ids.map((id) => shiftOf(id, b.get(id) ?? new Map(), c.get(id) ?? new Map()));
}

export function dueShiftTable(shifts: readonly DueShift[]): string {
  const h = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v} h`);
  const body = shifts.map((s) => [
    s.rule_id,
    String(s.both),
    String(s.moved),
    h(s.min_h),
    h(s.median_h),
    h(s.max_h),
    String(s.only_baseline),
    String(s.only_candidate),
  ]);
  return textTable(
    ['rule', 'in both', 'due moved', 'min', 'median', 'max', 'only before', 'only after'],
    body,
  );
}
