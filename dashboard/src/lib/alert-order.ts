/**
 * Ordering and filtering of alerts for the duty console. Pure.
 *
 * Default order: most severe first, overdue before pre-warning, then the most overdue (earliest deadline)
 * first — the order in which they need someone. Nothing an officer does to an alert (acknowledging it) moves
 * it: the order reads only severity, stage, deadline and id. A column header sorts by that column instead,
 * ties broken by the default order.
 */
import type { Alert, AlertStage, AlertState } from '../../../common/alerts.js';
import type { Severity } from '../../../common/rules.js';

const SEVERITY_RANK: Record<Severity, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };
const STAGE_RANK: Record<AlertStage, number> = { overdue: 0, due_soon: 1 };
const STATE_RANK: Record<AlertState, number> = { open: 0, acknowledged: 1, held: 2, resolved: 3 };

export function severityRank(severity: string): number {
  return SEVERITY_RANK[severity as Severity] ?? 9;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Earlier deadline first. Two UTC ISO strings of one shape compare as text (no parsing: 10,000 alerts sort in
 *  a frame); anything else by its instant. */
function byDue(a: Pick<Alert, 'due_at'>, b: Pick<Alert, 'due_at'>): number {
  const x = a.due_at;
  const y = b.due_at;
  if (x === y) return 0;
  if (x.length === y.length && x.endsWith('Z') && y.endsWith('Z')) return x < y ? -1 : 1;
  return Date.parse(x) - Date.parse(y);
}

/** Severity (P1 first), then overdue before pre-warning, then the earliest deadline (most overdue), then id. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    STAGE_RANK[a.stage] - STAGE_RANK[b.stage] ||
    byDue(a, b) ||
    byText(a.alert_id, b.alert_id)
  );
}

/** The columns the queue sorts by. `due`: earliest deadline first (most overdue) when ascending. */
export const SORT_KEYS = ['severity', 'rule', 'unit', 'due', 'state'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface AlertSort {
  key: SortKey;
  desc: boolean;
}
export const DEFAULT_SORT: AlertSort = { key: 'severity', desc: false };

type UnitName = (code: string) => string;
const COLUMN: Record<SortKey, (a: Alert, b: Alert, unitName: UnitName) => number> = {
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  rule: (a, b) => byText(a.rule_id, b.rule_id),
  unit: (a, b, name) =>
    name(a.unit_code).localeCompare(name(b.unit_code), 'zh-CN') || byText(a.unit_code, b.unit_code),
  due: byDue,
  state: (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state],
};

/** Clicking a column: the same column flips its direction, another starts ascending. */
export function nextSort(current: AlertSort, key: SortKey): AlertSort {
  return current.key === key ? { key, desc: !current.desc } : { key, desc: false };
}

/** A comparator for `sort`: its column (reversed when descending), ties in the default order. */
export function sortComparator(
  sort: AlertSort,
  unitName: UnitName = (c) => c,
): (a: Alert, b: Alert) => number {
  const column = COLUMN[sort.key];
  const sign = sort.desc ? -1 : 1;
  return (a, b) => sign * column(a, b, unitName) || compareAlerts(a, b);
}

export interface AlertFilter {
  severities: Severity[];
  ruleId: string;
  /** Free text: a unit's name or code prefix, a case / incident / person id (any subject value), an alert id. */
  query: string;
  state: '' | Exclude<AlertState, 'resolved'>;
  stage: '' | AlertStage;
}

export const EMPTY_FILTER: AlertFilter = { severities: [], ruleId: '', query: '', state: '', stage: '' };

/** Whether the alert matches the free-text query (case-insensitive; digits also match a unit-code prefix). */
export function matchesQuery(alert: Alert, query: string, unitName: UnitName = (c) => c): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (/^\d+$/.test(q) && alert.unit_code.startsWith(q)) return true;
  const texts = [unitName(alert.unit_code), alert.alert_id, ...Object.values(alert.subject).map(String)];
  return texts.some((s) => s.toLowerCase().includes(q));
}

export function matchesFilter(alert: Alert, f: AlertFilter, unitName?: UnitName): boolean {
  if (f.severities.length > 0 && !f.severities.includes(alert.severity)) return false;
  if (f.ruleId && alert.rule_id !== f.ruleId) return false;
  if (f.state && alert.state !== f.state) return false;
  if (f.stage && alert.stage !== f.stage) return false;
  return matchesQuery(alert, f.query, unitName);
}

/** The filtered queue, in the default order or by the chosen column. */
export function dutyQueue(
  alerts: Iterable<Alert>,
  f: AlertFilter,
  opts: { sort?: AlertSort; unitName?: UnitName } = {},
): Alert[] {
  const out: Alert[] = [];
  for (const a of alerts) if (matchesFilter(a, f, opts.unitName)) out.push(a);
  return out.sort(sortComparator(opts.sort ?? DEFAULT_SORT, opts.unitName));
}

/** Acknowledge: open alerts only. */
export function canAcknowledge(alert: Pick<Alert, 'state'>): boolean {
  return alert.state === 'open';
}

/** Resolve by hand: open or acknowledged — not held (officers act once the engine has judged it). */
export function canResolve(alert: Pick<Alert, 'state'>): boolean {
  return alert.state === 'open' || alert.state === 'acknowledged';
}

/** The subject of an alert as one short string: `incident_id J4501…`. */
export function subjectText(alert: Pick<Alert, 'subject'>): string {
  const entries = Object.entries(alert.subject);
  return entries.map(([, v]) => v).join(' · ');
}
