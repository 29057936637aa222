/**
 * Scores alerts against a ground truth (the simulator's, ingest/simulator/ground-truth.ts): per rule, how
 * many violations were expected and raised, and precision and recall. Pure.
 *
 * - Expected violation: a deadline obligation with outcome `late` or `never`, or `open` but already due at
 *   the horizon (the truth is judged at the scenario's end; the engine's clock stops at the horizon, which is
 *   later when events that occurred just before the end were sent after it: at the horizon those are
 *   `never`); a condition entry (`violation`).
 * - Raised violation: an alert in stage `overdue` whose resolution is not `on_time`. An alert resolved
 *   `on_time` was raised before its satisfier (or the clearing fact) was known and is a correction, not a
 *   violation; a pre-warning (`due_soon`) is not a violation either.
 * - Matching is by alert id: (rule, subject value) for deadline rules, (rule, offending event) for condition
 *   rules. A matched pair must also agree on trigger event, unit, due_at and severity (else a mismatch).
 */
import { alertId } from '../../common/alerts.js';
import type { Alert } from '../../common/alerts.js';
import type { GroundTruthEntry } from '../../ingest/simulator/ground-truth.js';

export interface RuleScore {
  rule_id: string;
  expected: number;
  raised: number;
  tp: number;
  fp: number;
  fn: number;
  /** tp / raised; 1 when nothing was raised. */
  precision: number;
  /** tp / expected; 1 when nothing was expected. */
  recall: number;
}

export interface ScoreReport {
  rules: RuleScore[];
  /** Up to `maxExamples` alert ids per kind of error, for diagnosis. */
  falsePositives: string[];
  falseNegatives: string[];
  /** Matched pairs that disagree on trigger, unit, due_at or severity. */
  mismatches: string[];
}

export interface ScoreOptions {
  /** Epoch ms at which the engine's clock stopped (before adding the grace). */
  horizon: number;
  /** Rules to report even when neither side has anything (e.g. the whole catalogue). */
  ruleIds?: readonly string[];
  maxExamples?: number;
}

/** The alert id the engine gives the obligation or violation of a ground-truth entry. */
export function truthAlertId(t: GroundTruthEntry): string {
  if (t.kind === 'condition') return alertId(t.rule_id, 'event_id', t.trigger_event_id);
  const [key, value] = Object.entries(t.subject)[0] ?? [];
  if (key === undefined || value === undefined) throw new Error(`ground truth without subject: ${t.rule_id}`);
  return alertId(t.rule_id, key, value);
}

export function isExpectedViolation(t: GroundTruthEntry, horizon: number): boolean {
  if (t.kind === 'condition') return true;
  if (t.outcome === 'late' || t.outcome === 'never') return true;
  return t.outcome === 'open' && Date.parse(t.due_at) <= horizon;
}

export function isRaisedViolation(a: Alert): boolean {
  return a.stage === 'overdue' && a.resolution !== 'on_time';
}

function differences(t: GroundTruthEntry, a: Alert): string[] {
  const out: string[] = [];
  if (a.trigger_event_id !== t.trigger_event_id)
    out.push(`trigger ${a.trigger_event_id} ≠ ${t.trigger_event_id}`);
  if (a.unit_code !== t.unit_code) out.push(`unit ${a.unit_code} ≠ ${t.unit_code}`);
  if (a.severity !== t.severity) out.push(`severity ${a.severity} ≠ ${t.severity}`);
  if (t.kind === 'deadline' && a.due_at !== t.due_at) out.push(`due_at ${a.due_at} ≠ ${t.due_at}`);
  return out;
}

export function scoreAlerts(
  alerts: readonly Alert[],
  truth: readonly GroundTruthEntry[],
  o: ScoreOptions,
): ScoreReport {
  const max = o.maxExamples ?? 20;
  const expected = new Map<string, GroundTruthEntry>();
  for (const t of truth) if (isExpectedViolation(t, o.horizon)) expected.set(truthAlertId(t), t);
  const raised = new Map<string, Alert>();
  for (const a of alerts) if (isRaisedViolation(a)) raised.set(a.alert_id, a);

  const rows = new Map<string, RuleScore>();
  const row = (rule: string): RuleScore => {
    let r = rows.get(rule);
    if (!r) {
      r = { rule_id: rule, expected: 0, raised: 0, tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 };
      rows.set(rule, r);
    }
    return r;
  };
  for (const id of o.ruleIds ?? []) row(id);
  const report: ScoreReport = { rules: [], falsePositives: [], falseNegatives: [], mismatches: [] };
  const note = (list: string[], text: string): void => {
    if (list.length < max) list.push(text);
  };
  for (const [id, t] of expected) {
    const r = row(t.rule_id);
    r.expected += 1;
    const a = raised.get(id);
    if (!a) {
      r.fn += 1;
      note(report.falseNegatives, `${id} (${t.outcome}, due ${t.kind === 'deadline' ? t.due_at : '-'})`);
      continue;
    }
    r.tp += 1;
    const diff = differences(t, a);
    if (diff.length > 0) note(report.mismatches, `${id}: ${diff.join('; ')}`);
  }
  for (const [id, a] of raised) {
    const r = row(a.rule_id);
    r.raised += 1;
    if (!expected.has(id)) {
      r.fp += 1;
      note(report.falsePositives, `${id} (${a.state}, ${a.resolution ?? 'unresolved'}, due ${a.due_at})`);
    }
  }
  for (const r of rows.values()) {
    r.precision = r.raised === 0 ? 1 : r.tp / r.raised;
    r.recall = r.expected === 0 ? 1 : r.tp / r.expected;
  }
  const order = o.ruleIds ?? [];
  report.rules = [...rows.values()].sort(
    (a, b) => rank(order, a.rule_id) - rank(order, b.rule_id) || (a.rule_id < b.rule_id ? -1 : 1),
  );
  return report;
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The per-rule table as fixed-width text. */
export function formatScoreTable(rules: readonly RuleScore[]): string {
  const head = ['rule', 'expected', 'raised', 'TP', 'FP', 'FN', 'precision', 'recall'];
  const body = rules.map((r) => [
    r.rule_id,
    String(r.expected),
    String(r.raised),
    String(r.tp),
    String(r.fp),
    String(r.fn),
    pct(r.precision),
    pct(r.recall),
  ]);
  const total = rules.reduce(
    (s, r) => ({ e: s.e + r.expected, r: s.r + r.raised, tp: s.tp + r.tp, fp: s.fp + r.fp, fn: s.fn + r.fn }),
    { e: 0, r: 0, tp: 0, fp: 0, fn: 0 },
  );
  body.push([
    'all',
    String(total.e),
    String(total.r),
    String(total.tp),
    String(total.fp),
    String(total.fn),
    pct(total.r === 0 ? 1 : total.tp / total.r),
    pct(total.e === 0 ? 1 : total.tp / total.e),
  ]);
  return textTable(head, body);
}

/** A plain table: first column left-aligned, the others right-aligned. */
export function textTable(head: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? pad(c, widths[i]!, 'end') : pad(c, widths[i]!, 'start')))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line)].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, w: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return side === 'start' ? fill + text : text + fill;
}
