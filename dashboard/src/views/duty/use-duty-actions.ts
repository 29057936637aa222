/**
 * Acknowledge and resolve from the duty console: POST, apply the returned alert at once (the socket's copy
 * of the same change arrives later and is ignored by seq), and say what happened in words: 409 → "already
 * resolved" (and fetch the resolved alert so it leaves the queue), 403 → outside your scope. Held alerts
 * (a source they depend on is late or silent) are judged by the engine once the data is in: no actions.
 */
import { ref, shallowRef } from 'vue';
import type { Alert } from '../../../../common/alerts.js';
import { ApiError } from '../../api/client.js';
import { api } from '../../api/instance.js';
import { t } from '../../i18n/index.js';
import { canAcknowledge, canResolve } from '../../lib/alert-order.js';
import { useLiveStore } from '../../stores/live.js';

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

  function say(tone: Notice['tone'], text: string): void {
    notice.value = { tone, text, at: Date.now() };
    if (hideTimer) clearTimeout(hideTimer);
    hideTimer = setTimeout(() => (notice.value = null), 5000);
  }

  async function refetch(alertId: string): Promise<void> {
    try {
      const detail = await api.alert(alertId);
      const { evidence: _e, history: _h, ...alert } = detail;
      live.applyLocal(alert);
    } catch {
      // The socket will bring the change anyway.
    }
  }

  function explain(err: unknown): string {
    if (err instanceof ApiError) {
      // 409 for an alert held meanwhile (a source went late or silent) says so; otherwise it was resolved.
      if (err.status === 409)
        return /\bheld\b/.test(err.message) ? t('duty.heldNoAction') : t('duty.alreadyResolved');
      if (err.status === 403) return t('duty.forbidden');
      return t('duty.failed', { msg: err.message });
    }
    return t('duty.failed', { msg: err instanceof Error ? err.message : String(err) });
  }

  async function acknowledge(alert: Alert): Promise<boolean> {
    if (busy.value || !canAcknowledge(alert)) return false;
    busy.value = true;
    try {
      live.applyLocal(await api.ack(alert.alert_id));
      say('ok', `${t('duty.acked')} · ${alert.title}`);
      return true;
    } catch (err) {
      say(err instanceof ApiError && err.status === 409 ? 'warn' : 'error', explain(err));
      if (err instanceof ApiError && err.status === 409) await refetch(alert.alert_id);
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
      live.applyLocal(await api.resolve(alert.alert_id, note));
      say('ok', `${t('duty.resolvedOk')} · ${alert.title}`);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        say('warn', explain(err));
        await refetch(alert.alert_id);
        return true;
      }
      resolveError.value = explain(err);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, notice, resolveError, say, acknowledge, resolve };
}
