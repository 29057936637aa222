/**
 * Issuing an order from the duty queue (managers, admins): alerts are marked with x (or a click on their box)
 * and `i` opens the issue dialog for the marked ones — or, with none marked, for the selected alert. Alerts
 * that already have an open order are left out (and the dialog says how many). The marks drop the alerts
 * that leave the queue.
 */
import { computed, ref, shallowRef, watch } from 'vue';
import type { Ref } from 'vue';
import type { Alert } from '../../../../common/alerts.js';
import type { IssueRequest } from '../../../../common/supervision.js';
import { alertsInOrders, splitIssuable } from '../../lib/supervision-form.js';
import { useLiveStore } from '../../stores/live.js';
import type { OrderActionsApi } from '../supervision/use-order-actions.js';

export function useIssue(queue: Ref<Alert[]>, selected: Ref<Alert | null>, actions: OrderActionsApi) {
  const live = useLiveStore();
  const marked = ref(new Set<string>());
  const picked = shallowRef<Alert[] | null>(null);

  const openAlertIds = computed(() => alertsInOrders(live.orders));
  const split = computed(() =>
    splitIssuable(picked.value ?? [], openAlertIds.value, (id) => live.getOrder(id) !== undefined),
  );

  /** The alert's open order, if any (for its row's tag). */
  function orderOf(a: Alert) {
    if (a.supervision_id) {
      const o = live.getOrder(a.supervision_id);
      if (o) return o;
    }
    return openAlertIds.value.has(a.alert_id)
      ? live.orders.find((o) => o.alert_ids.includes(a.alert_id))
      : undefined;
  }

  function toggle(alertId: string): void {
    const next = new Set(marked.value);
    if (!next.delete(alertId)) next.add(alertId);
    marked.value = next;
  }

  function start(): void {
    const list = marked.value.size ? queue.value.filter((a) => marked.value.has(a.alert_id)) : [];
    const fallback = selected.value ? [selected.value] : [];
    picked.value = list.length ? list : fallback;
    if (picked.value.length === 0) picked.value = null;
  }

  async function submit(body: IssueRequest): Promise<void> {
    if (await actions.issue(body)) {
      picked.value = null;
      marked.value = new Set();
    }
  }

  function cancel(): void {
    actions.clearError();
    picked.value = null;
  }

  watch(queue, (q) => {
    if (marked.value.size === 0) return;
    const ids = new Set(q.map((a) => a.alert_id));
    const kept = [...marked.value].filter((id) => ids.has(id));
    if (kept.length !== marked.value.size) marked.value = new Set(kept);
  });

  return { marked, picked, split, orderOf, toggle, start, submit, cancel };
}
