/**
 * Acknowledge and resolve from the duty console: POST, apply the returned alert at once (the socket's copy
 * of the same change arrives later and is ignored by seq), and say what happened in words, by the error's code:
 * `alert_resolved` → resolved elsewhere, by whom and when (the resolved alert is fetched, so its row leaves
 * the queue even when the socket's copy of that change has not arrived yet), `alert_held` → held meanwhile,
 * `forbidden`/`out_of_scope` → not yours to act on. Held alerts (a source they
 * depend on is late or silent) are judged by the engine once the data is in: no actions.
 *
 * Alerts whose leaving the queue these actions explained themselves are remembered (`explained`), so the
 * console does not say a second, vaguer "the selected alert left" over the explanation.
 */
import { ref, shallowRef } from 'vue';
import type { Alert } from '../../../../common/alerts.js';
import type { AlertDetail } from '../../../../common/api.js';
import { ApiError, hasCode } from '../../api/client.js';
import type { ApiErrorCode } from '../../api/client.js';
import { api } from '../../api/instance.js';
import { t } from '../../i18n/index.js';
import { canAcknowledge, canResolve } from '../../lib/alert-order.js';
import { timeZone } from '../../lib/settings.js';
import { useLiveStore } from '../../stores/live.js';
import { resolvedElsewhereText } from './resolved-text.js';

const EXPLAINED_KEPT = 50;
/** The 409s of ack and resolve: someone (or the engine) got there first. */
const CONFLICTS: readonly ApiErrorCode[] = ['alert_resolved', 'alert_held'];

export interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
  at: number;
}

export function useDutyActions() {
  const live = useLiveStore();
  const busy = ref(false);
  const notice = shallowRef<Notice | null>(null);
  const resolveError = ref<string | null>(null);
  let hideTimer: ReturnType<typeof setTimeout> | null = null;
  const explainedIds = new Set<string>();

  function markExplained(alertId: string): void {
    if (explainedIds.size >= EXPLAINED_KEPT) explainedIds.clear();
    explainedIds.add(alertId);
  }

  function say(tone: Notice['tone'], text: string): void {
    notice.value = { tone, text, at: Date.now() };
    if (hideTimer) clearTimeout(hideTimer);
    hideTimer = setTimeout(() => (notice.value = null), 5000);
  }

  /** The alert as the server has it now, applied to the queue; null when it cannot be fetched. */
  async function refetch(alertId: string): Promise<AlertDetail | null> {
    try {
      const detail = await api.alert(alertId);
      const { evidence: _e, evidence_hidden: _n, history: _h, ...alert } = detail;
      live.applyLocal(alert);
      return detail;
    } catch {
      // The socket will bring the change anyway.
      return null;
    }
  }

  /** Who resolved the alert and when (fetched), for an officer who was about to act on it. */
  async function describeResolved(alertId: string): Promise<string> {
    markExplained(alertId);
    const detail = await refetch(alertId);
    return detail ? resolvedElsewhereText(detail, t, timeZone.value) : t('duty.alreadyResolved');
  }

  function explain(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.code === 'alert_resolved') return t('duty.alreadyResolved');
      if (err.code === 'forbidden' || err.code === 'out_of_scope') return t('duty.forbidden');
      return t('duty.failed', { msg: err.message });
    }
    return t('duty.failed', { msg: err instanceof Error ? err.message : String(err) });
  }

  /** A conflict: the alert was held meanwhile (a source went late or silent), or resolved elsewhere. */
  async function onConflict(alert: Alert, err: ApiError): Promise<void> {
    if (err.code === 'alert_held') {
      say('warn', t('duty.heldNoAction'));
      await refetch(alert.alert_id);
      return;
    }
    say('warn', t('duty.alreadyResolved'));
    say('warn', await describeResolved(alert.alert_id));
  }

  async function acknowledge(alert: Alert): Promise<boolean> {
    if (busy.value || !canAcknowledge(alert)) return false;
    busy.value = true;
    try {
      live.applyLocal(await api.ack(alert.alert_id));
      say('ok', `${t('duty.acked')} · ${alert.title}`);
      return true;
    } catch (err) {
      if (hasCode(err, ...CONFLICTS)) await onConflict(alert, err);
      else say('error', explain(err));
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function resolve(alert: Alert, note: string): Promise<boolean> {
    if (busy.value || !canResolve(alert)) return false;
    busy.value = true;
    resolveError.value = null;
    try {
      const resolved = await api.resolve(alert.alert_id, note);
      markExplained(alert.alert_id);
      live.applyLocal(resolved);
      say('ok', `${t('duty.resolvedOk')} · ${alert.title}`);
      return true;
    } catch (err) {
      if (hasCode(err, ...CONFLICTS)) {
        await onConflict(alert, err);
        return true;
      }
      resolveError.value = explain(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    busy,
    notice,
    resolveError,
    say,
    acknowledge,
    resolve,
    describeResolved,
    /** Whether these actions already said why this alert left the queue. */
    explained: (alertId: string) => explainedIds.has(alertId),
  };
}
