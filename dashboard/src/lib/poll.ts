/**
 * Loads something now and again every `intervalMs` while the component lives; keeps the last good value.
 * `whenVisible`: not while the browser tab is hidden, and at once when it is shown again.
 */
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import type { Ref, ShallowRef } from 'vue';

export interface Polled<T> {
  data: ShallowRef<T | null>;
  error: Ref<string | null>;
  /** What the last load threw (kept as thrown, e.g. an ApiError with its code), null after a good load. */
  cause: ShallowRef<unknown>;
  loading: Ref<boolean>;
  refresh: () => Promise<void>;
}

export function usePolled<T>(
  load: () => Promise<T>,
  intervalMs: number,
  opts: { whenVisible?: boolean } = {},
): Polled<T> {
  const data = shallowRef<T | null>(null);
  const error = ref<string | null>(null);
  const cause = shallowRef<unknown>(null);
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
      cause.value = null;
    } catch (err) {
      if (mine !== generation) return;
      error.value = err instanceof Error ? err.message : String(err);
      cause.value = err;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  const hidden = () => opts.whenVisible === true && document.visibilityState === 'hidden';
  const onVisibility = () => !hidden() && void refresh();

  onMounted(() => {
    void refresh();
    timer = setInterval(() => !hidden() && void refresh(), intervalMs);
    if (opts.whenVisible) document.addEventListener('visibilitychange', onVisibility);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
    if (opts.whenVisible) document.removeEventListener('visibilitychange', onVisibility);
  });
  return { data, error, cause, loading, refresh };
}
