/**
 * The duty console's lists of handled alerts: 已处理 (recently resolved) and 历史违规 (historical violations,
 * CONTRACT §6.4) — what to ask GET /api/alerts for, and in which order to show the answer. Pure.
 */
import type { Alert } from '../../../common/alerts.js';
import type { AlertsQuery } from '../../../common/api.js';

export type HandledMode = 'resolved' | 'historical';
export const HANDLED_LIMIT = 500;

/** The query: resolved alerts, newest first by the server; or the historical violations (`historical=true`). */
export function handledQuery(mode: HandledMode): Partial<AlertsQuery> & { historical?: boolean } {
  return mode === 'resolved'
    ? { state: 'resolved', limit: HANDLED_LIMIT }
    : { historical: true, limit: HANDLED_LIMIT };
}

/** Resolved: the latest resolution first; historical: the latest violation (its deadline) first. */
export function handledOrder(mode: HandledMode, alerts: readonly Alert[]): Alert[] {
  const when = (a: Alert) => Date.parse((mode === 'resolved' ? a.resolved_at : null) ?? a.due_at);
  return [...alerts].sort((a, b) => when(b) - when(a) || (a.alert_id < b.alert_id ? -1 : 1));
}
