/**
 * The duty queue's selection: it follows the alert (by id), not the row number, so live updates and re-sorts
 * never move it to another alert; when that alert leaves the queue, the one now at its place is selected.
 * `selected` reads the live store (the same object the row shows), so the preview never shows a stale copy.
 */
import { computed, ref, watch } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import type { Alert } from '../../../../common/alerts.js';

export interface QueueSelectionOptions {
  queue: ComputedRef<Alert[]>;
  list: Ref<{ ensureVisible(i: number): void } | null>;
  /** The live copy of an alert (the store's), or undefined once it is resolved. */
  get: (id: string) => Alert | undefined;
  /** Called first on every change of the queue. */
  changed: () => void;
  /** The selected alert left the queue (not in it any more); `wasHeld`: it was held when last seen. */
  left: (id: string, wasHeld: boolean) => void;
}

export function useQueueSelection(o: QueueSelectionOptions) {
  const selectedId = ref<string | null>(null);
  const selectedIndex = ref(0);
  const selected = computed(() => (selectedId.value ? (o.get(selectedId.value) ?? null) : null));
  /** Whether the selected alert was held when last seen in the queue (to tell "became held" from a filter). */
  let selectedWasHeld = false;

  function take(q: readonly Alert[], i: number): void {
    selectedIndex.value = i;
    selectedId.value = q[i]?.alert_id ?? null;
    selectedWasHeld = q[i]?.state === 'held';
  }

  watch(o.queue, (q) => {
    o.changed();
    if (q.length === 0) {
      selectedId.value = null;
      return;
    }
    const id = selectedId.value;
    const i = id ? q.findIndex((a) => a.alert_id === id) : -1;
    if (i >= 0) {
      take(q, i);
      return;
    }
    if (id) o.left(id, selectedWasHeld);
    take(q, Math.min(selectedIndex.value, q.length - 1));
  });

  function select(index: number): void {
    const q = o.queue.value;
    if (q.length === 0) return;
    const i = Math.max(0, Math.min(q.length - 1, index));
    take(q, i);
    o.list.value?.ensureVisible(i);
  }

  function pick(alertId: string): void {
    select(o.queue.value.findIndex((a) => a.alert_id === alertId));
  }

  return { selectedId, selectedIndex, selected, select, pick };
}
