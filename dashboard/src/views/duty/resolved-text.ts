/**
 * What to tell an officer who acts on an alert that was resolved elsewhere meanwhile (409): who resolved it
 * and when (from the alert's history), or that the engine resolved it itself (the duty was done after all).
 * Pure: the caller passes the translator and the time zone.
 */
import type { Alert, AlertChange } from '../../../../common/alerts.js';
import type { Translate } from '../../i18n/translate.js';
import { formatDateTime } from '../../lib/time.js';

export function resolvedElsewhereText(
  alert: Pick<Alert, 'state' | 'resolution' | 'resolved_at'> & { history?: readonly AlertChange[] },
  t: Translate,
  timeZone: string,
): string {
  if (alert.state !== 'resolved') return t('duty.alreadyResolved');
  const last = [...(alert.history ?? [])].reverse().find((h) => h.kind === 'resolved');
  const at = alert.resolved_at ?? last?.at ?? null;
  const time = at ? formatDateTime(at, timeZone) : '—';
  if (last?.actor) return t('duty.resolvedBy', { who: last.actor, time });
  if (alert.resolution && alert.resolution !== 'manual')
    return t('duty.resolvedAuto', { time, how: t(`resolution.${alert.resolution}` as const) });
  return t('duty.alreadyResolved');
}
