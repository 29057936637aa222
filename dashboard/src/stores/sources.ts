/**
 * Source health (GET /api/sources) for the pages that show it: polled every 10 s while at least
 * one component uses it (`use()` in setup), and at once when a source-outage alert (SRC-OUTAGE) changes —
 * it is raised when a source goes silent and resolved when it is back. Keeps the last good answer.
 */
import { defineStore } from 'pinia';
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { SourcesResponse } from '../../../common/sources.js';
import { api } from '../api/instance.js';
import { SOURCE_OUTAGE_RULE_ID } from '../lib/source-health.js';
import { useLiveStore } from './live.js';

export const SOURCES_POLL_MS = 10_000;
/** Several outage changes in a burst (a province-wide feed kept per city) cost one request. */
const OUTAGE_DEBOUNCE_MS = 250;

export const useSourcesStore = defineStore('sources', () => {
  const live = useLiveStore();
  const data = shallowRef<SourcesResponse | null>(null);
  /** Browser time the last answer arrived (quiet times keep counting from there). */
  const receivedAt = ref(0);
  const error = ref<string | null>(null);
  let users = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let soonTimer: ReturnType<typeof setTimeout> | null = null;
  let offChange: (() => void) | null = null;
  let inFlight: Promise<void> | null = null;

  function refresh(): Promise<void> {
    inFlight ??= api
      .sources()
      .then((r) => {
        data.value = r;
        receivedAt.value = Date.now();
        error.value = null;
      })
      .catch((err: unknown) => {
        error.value = err instanceof Error ? err.message : String(err);
      })
      .finally(() => (inFlight = null));
    return inFlight;
  }

  function soon(): void {
    if (soonTimer) return;
    soonTimer = setTimeout(() => {
      soonTimer = null;
      void refresh();
    }, OUTAGE_DEBOUNCE_MS);
  }

  function acquire(): () => void {
    users += 1;
    if (users === 1) {
      void refresh();
      timer = setInterval(() => void refresh(), SOURCES_POLL_MS);
      offChange = live.onChange((_kind, alert) => {
        if (alert.rule_id === SOURCE_OUTAGE_RULE_ID) soon();
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      users -= 1;
      if (users > 0) return;
      if (timer) clearInterval(timer);
      if (soonTimer) clearTimeout(soonTimer);
      offChange?.();
      timer = soonTimer = offChange = null;
    };
  }

  /** Polls while the calling component is mounted. */
  function use(): void {
    let release: (() => void) | null = null;
    onMounted(() => (release = acquire()));
    onBeforeUnmount(() => release?.());
  }

  function reset(): void {
    data.value = null;
    receivedAt.value = 0;
    error.value = null;
  }

  return { data, receivedAt, error, refresh, acquire, use, reset };
});
