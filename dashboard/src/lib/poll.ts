/** Loads something now and again every `intervalMs` while the component lives; keeps the last good value. */
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { Ref, ShallowRef } from 'vue';

export interface Polled<T> {
  data: ShallowRef<T | null>;
  error: Ref<string | null>;
  loading: Ref<boolean>;
  refresh: () => Promise<void>;
}

export function usePolled<T>(load: () => Promise<T>, intervalMs: number): Polled<T> {
  const data = shallowRef<T | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;
  let generation = 0;

  async function refresh(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await load();
      if (mine !== generation) return;
      data.value = value;
      error.value = null;
    } catch (err) {
      if (mine === generation) error.value = err instanceof Error ? err.message : String(err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  onMounted(() => {
    void refresh();
    timer = setInterval(() => void refresh(), intervalMs);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });
  return { data, error, loading, refresh };
}
