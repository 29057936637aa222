/**
 * The live store's connection state: loading, the last error, an auth refusal, the last resume, when data last
 * came, and the link's state (connecting, connected, reconnecting, stale) against a clock ticked by the store.
 */
import { computed, ref, shallowRef } from 'vue';
import type { ConnectionState, LiveSync } from './live-sync.js';

/** `current` gives the running LiveSync, if any (a plain object: Vue does not track it). */
export function useConnectionState(current: () => LiveSync | null) {
  /** Bumped when the link's state may have changed, so `connection` is read again. */
  const connVersion = ref(0);
  const now = ref(Date.now());
  const lastDataAt = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const resumed = shallowRef<{ applied: number; at: number } | null>(null);
  const authFailed = ref(false);

  const connection = computed<ConnectionState>(() => {
    void connVersion.value;
    const sync = current();
    return sync ? sync.state(now.value) : 'connecting';
  });
  const silentSeconds = computed(() =>
    lastDataAt.value === null ? null : Math.max(0, Math.round((now.value - lastDataAt.value) / 1000)),
  );

  /** The link connected, dropped, resumed or was stopped. */
  function changed(): void {
    connVersion.value += 1;
  }

  return { now, lastDataAt, loading, error, resumed, authFailed, connection, silentSeconds, changed };
}

export type ConnectionStateParts = ReturnType<typeof useConnectionState>;
