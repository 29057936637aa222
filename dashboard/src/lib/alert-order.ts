/** Ordering and filtering of alerts for the duty queue: most severe first, then newest. Pure. */
import type { Alert, AlertStage, AlertState } from '../../../common/alerts.js';
import type { Severity } from '../../../common/rules.js';

const SEVERITY_RANK: Record<Severity, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };
const STAGE_RANK: Record<AlertStage, number> = { overdue: 0, due_soon: 1 };

export function severityRank(severity: string): number {
  return SEVERITY_RANK[severity as Severity] ?? 9;
}

/** Severity (P1 first), then overdue before pre-warning, then newest (opened_at, then seq) first. */
export function compareAlerts(a: Alert, b: Alert): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    STAGE_RANK[a.stage] - STAGE_RANK[b.stage] ||
    (a.opened_at < b.opened_at ? 1 : a.opened_at > b.opened_at ? -1 : 0) ||
    b.seq - a.seq
  );
}

export interface AlertFilter {
  severities: Severity[];
  ruleId: string;
  unitPrefix: string;
  state: '' | Exclude<AlertState, 'resolved'>;
  stage: '' | AlertStage;
}

export const EMPTY_FILTER: AlertFilter = { severities: [], ruleId: '', unitPrefix: '', state: '', stage: '' };

export function matchesFilter(alert: Alert, f: AlertFilter): boolean {
  if (f.severities.length > 0 && !f.severities.includes(alert.severity)) return false;
  if (f.ruleId && alert.rule_id !== f.ruleId) return false;
  if (f.unitPrefix && !alert.unit_code.startsWith(f.unitPrefix)) return false;
  if (f.state && alert.state !== f.state) return false;
  if (f.stage && alert.stage !== f.stage) return false;
  return true;
}

/** The filtered queue in duty order. */
export function dutyQueue(alerts: Iterable<Alert>, f: AlertFilter): Alert[] {
  const out: Alert[] = [];
  for (const a of alerts) if (matchesFilter(a, f)) out.push(a);
  return out.sort(compareAlerts);
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
