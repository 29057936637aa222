/**
 * How a change of rules moves due dates on stored history (the legal-clock change of v2 above all): for the
 * alerts both rule sets raise (same alert_id), how many have another `due_at` and by how much, per rule (in
 * hours, and as a distribution in days); how many each set raises alone; and which violations (overdue, not
 * found on time, as replay.ts counts them) the change removes or adds. Pure.
 *
 * A shift's day bucket is the number of days begun: +1 d is (0, 24 h], +2 d (24 h, 48 h], … (−1 d likewise
 * downwards). Calendar counts end at the end of a day, so their shifts are whole days and land exactly.
 * Only alerts due in the replay's window are compared: a due date moved across its edge counts as raised
 * by one side alone (choose window ends that are working days with a working day beside them).
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
  /** Moved alerts per day bucket (see above), ascending; empty when none moved. */
  by_days: DayBucket[];
  /** Violations of the baseline that the candidate does not have (not raised, not overdue, or on time). */
  violations_gone: number;
  /** Violations of the candidate that the baseline does not have. */
  violations_new: number;
}

export interface DayBucket {
  days: number;
  alerts: number;
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

/** Days begun by a shift of `h` hours, signed: (0, 24] → 1, (24, 48] → 2, [−24, 0) → −1. */
export function dayBucket(h: number): number {
  const days = Math.ceil(Math.abs(h) / 24 - 1e-9);
  return h < 0 ? -days : days;
}

function histogram(shifts: readonly number[]): DayBucket[] {
  const n = new Map<number, number>();
  for (const h of shifts) n.set(dayBucket(h), (n.get(dayBucket(h)) ?? 0) + 1);
  return [...n].sort((x, y) => x[0] - y[0]).map(([days, alerts]) => ({ days, alerts }));
}

/** A violation as the replay counts it: overdue and not found compliant afterwards. */
const isViolation = (a: Alert | undefined): boolean =>
  a !== undefined && a.stage === 'overdue' && a.resolution !== 'on_time';

function violationsOnlyIn(a: Map<string, Alert>, other: Map<string, Alert>): number {
  let n = 0;
  for (const [id, x] of a) if (isViolation(x) && !isViolation(other.get(id))) n++;
  return n;
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
    by_days: histogram(shifts),
    violations_gone: violationsOnlyIn(b, c),
    violations_new: violationsOnlyIn(c, b),
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
    String(s.violations_gone),
    String(s.violations_new),
  ]);
  return textTable(
    [
      'rule',
      'in both',
      'due moved',
      'min',
      'median',
      'max',
      'only before',
      'only after',
      'violations gone',
      'violations new',
    ],
    body,
  );
}

const dayLabel = (d: number): string => `${d > 0 ? '+' : ''}${d} d`;

/** Moved alerts per rule and day bucket (rules with a moved alert only); null when nothing moved. */
export function dayShiftTable(shifts: readonly DueShift[]): string | null {
  const moved = shifts.filter((s) => s.moved > 0);
  if (moved.length === 0) return null;
  const days = [...new Set(moved.flatMap((s) => s.by_days.map((b) => b.days)))].sort((x, y) => x - y);
  const body = moved.map((s) => [
    s.rule_id,
    String(s.moved),
    ...days.map((d) => String(s.by_days.find((b) => b.days === d)?.alerts ?? 0)),
  ]);
  return textTable(['rule', 'due moved', ...days.map(dayLabel)], body);
}
