/**
 * The notification log of the alert or order a component shows (GET /api/notifications?alert_id=|supervision_id=),
 * kept by a NotifyLog: loaded when the subject changes (a quick succession of subjects loads only the last),
 * again when `changed` says the subject changed (at most every 5 s), and every 30 s while the page is visible
 * — deliveries are retried in the background, so a failed one may get through without the alert changing.
 */
import { onScopeDispose, shallowRef, watch } from 'vue';
import type { ShallowRef } from 'vue';
import type { NotificationsParams } from '../../api/endpoints.js';
import { api } from '../../api/instance.js';
import { NotifyLog } from '../../lib/notify-log.js';
import type { NotifyLogState } from '../../lib/notify-log.js';

export const NOTIFY_LOG_POLL_MS = 30_000;
/** A subject picked after the first waits this long before loading (j/k through a list). */
const SWITCH_DELAY_MS = 250;

export function useNotifyLog(
  query: () => NotificationsParams | null,
  changed: () => unknown,
): { state: ShallowRef<NotifyLogState>; refresh: () => void } {
  const state = shallowRef<NotifyLogState>({ status: 'loading' });
  let log: NotifyLog | null = null;
  let first = true;

  watch(
    () => JSON.stringify(query()),
    () => {
      log?.dispose();
      log = null;
      state.value = { status: 'loading' };
      const q = query();
      if (!q) return;
      log = new NotifyLog(
        () => api.notifications(q),
        (s) => (state.value = s),
        { firstDelayMs: first ? 0 : SWITCH_DELAY_MS },
      );
      first = false;
      log.refresh();
    },
    { immediate: true },
  );
  watch(changed, () => log?.refresh());

  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') log?.refresh();
  }, NOTIFY_LOG_POLL_MS);
  onScopeDispose(() => {
    clearInterval(timer);
    log?.dispose();
  });
  return { state, refresh: () => log?.refresh() };
}
