/**
 * Manual lifecycle inputs: acknowledge and resolve by hand (CONTRACT.md §3). Pure; the caller checks roles
 * and scope. Acknowledging twice is idempotent; nothing can be done to a resolved alert, nor to a held one
 * until it is judged (HTTP 409).
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { change, iso } from './advance.js';

export type ManualResult =
  { ok: true; alert: Alert; changes: AlertChange[] } | { ok: false; reason: 'resolved' | 'held' };

export function acknowledge(alert: Alert, actor: string, now: number, note?: string): ManualResult {
  if (alert.state === 'resolved') return { ok: false, reason: 'resolved' };
  if (alert.state === 'held') return { ok: false, reason: 'held' };
  if (alert.state === 'acknowledged') return { ok: true, alert, changes: [] };
  const next: Alert = { ...alert, state: 'acknowledged', acknowledged_at: iso(now), acknowledged_by: actor };
  return {
    ok: true,
    alert: next,
    changes: [change('acknowledged', next, now, note === undefined ? { actor } : { actor, note })],
  };
}

/** Resolution `manual` is final: later events never change it. */
export function resolveManually(alert: Alert, actor: string, now: number, note: string): ManualResult {
  if (alert.state === 'resolved') return { ok: false, reason: 'resolved' };
  if (alert.state === 'held') return { ok: false, reason: 'held' };
  const next: Alert = { ...alert, state: 'resolved', resolution: 'manual', resolved_at: iso(now) };
  return { ok: true, alert: next, changes: [change('resolved', next, now, { actor, note })] };
}
