/**
 * One alert changed compare-and-set: read it, decide, write the changes only if its seq is still the one
 * read; when something else changed it meanwhile, read and decide again (at most MAX_CAS_RETRIES times).
 */
import type { Alert, AlertChange } from '../../common/alerts.js';
import { numbered } from './numbering.js';
import type { AlertBook } from './state.js';

export const MAX_CAS_RETRIES = 10;

/** What to do with the alert as read: write these changes, or stop with a result. */
export type AlertDecision<T> = { changes: AlertChange[] } | { done: T };

/** The published changes, the decision's result, or null when the alert kept changing. */
export async function writeAlert<T>(
  book: AlertBook,
  alertId: string,
  decide: (alert: Alert | null) => AlertDecision<T>,
): Promise<{ published: AlertChange[] } | { done: T } | null> {
  for (let attempt = 0; attempt < MAX_CAS_RETRIES; attempt++) {
    const alert = await book.get(alertId);
    const decision = decide(alert);
    if ('done' in decision) return decision;
    const [seq] = await book.apply([{ expectedSeq: alert?.seq ?? 0, changes: decision.changes }]);
    if (seq !== null && seq !== undefined) return { published: numbered(decision.changes, seq) };
  }
  return null;
}
