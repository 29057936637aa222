/**
 * The alerts store: the active alerts in the user's scope (and, apart, the held ones), kept live (snapshot, then Socket.IO deltas,
 * resume on reconnect — see live-sync.ts), the ticker's ring buffer, the summary and the connection state.
 * The AlertBook and LiveSync are plain objects (markRaw); Vue tracks only a version counter, so 10,000
 * alerts cost no reactive proxies and a burst of deltas costs one re-render.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { Alert, AlertChangeKind } from '../../../common/alerts.js';
import type { SummaryResponse } from '../../../common/api.js';
import { AlertBook } from './alert-book.js';
import type { TickerEntry } from './alert-book.js';
import { LiveSync } from './live-sync.js';
import type { ConnectionState, LiveEvent, LiveSource } from './live-sync.js';

export const TICKER_SIZE = 200;
/** Ask for the summary over REST when the socket has not pushed one for this long. */
const SUMMARY_POLL_MS = 20_000;
/** Wait before trying again when the first snapshot could not be loaded. */
const RETRY_MS = 5_000;

export type ChangeListener = (kind: AlertChangeKind, alert: Alert) => void;

export const useLiveStore = defineStore('live', () => {
  const book = markRaw(new AlertBook({ tickerSize: TICKER_SIZE }));
  let sync: LiveSync | null = null;
  const version = ref(0);
  const connVersion = ref(0);
  const now = ref(Date.now());
  const summary = shallowRef<SummaryResponse | null>(null);
  const lastDataAt = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const resumed = shallowRef<{ applied: number; at: number } | null>(null);
  const authFailed = ref(false);
  const listeners = new Set<ChangeListener>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let bumpQueued = false;
  let lastSummaryAt = 0;

  /**
   * Coalesces a burst of deltas into one reactive bump per animation frame, so a flood of socket messages
   * (each its own task) costs one re-sort and one render per frame, not one per message.
   */
  function bump(): void {
    if (bumpQueued) return;
    bumpQueued = true;
    let done = false;
    const flush = () => {
      if (done) return;
      done = true;
      bumpQueued = false;
      version.value = book.version;
    };
    // Whichever comes first: the next frame, or 50 ms (a page that is not being painted gets no frames).
    // (Through globalThis: the store also runs in node, in unit tests type-checked without the DOM library.)
    const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
    if (typeof raf === 'function') raf.call(globalThis, flush);
    setTimeout(flush, 50);
  }

  function onEvent(e: LiveEvent): void {
    if (!sync) return;
    lastDataAt.value = sync.lastDataAt;
    switch (e.type) {
      case 'change':
        bump();
        for (const l of listeners) l(e.kind, e.alert);
        break;
      case 'snapshot':
        bump();
        error.value = null;
        break;
      case 'summary':
        summary.value = sync.summary;
        lastSummaryAt = Date.now();
        break;
      case 'resumed':
        if (e.reconnect) resumed.value = { applied: e.applied, at: Date.now() };
        connVersion.value += 1;
        break;
      case 'connection':
        connVersion.value += 1;
        break;
      case 'auth-failed':
        authFailed.value = true;
        break;
      case 'error':
        error.value = e.message;
        break;
    }
  }

  async function start(source: LiveSource): Promise<void> {
    if (sync) return;
    book.reset();
    authFailed.value = false;
    sync = markRaw(new LiveSync(book, source, { onEvent }));
    loading.value = true;
    lastSummaryAt = Date.now();
    timer = setInterval(() => {
      now.value = Date.now();
      const s = sync;
      if (s && now.value - lastSummaryAt > SUMMARY_POLL_MS) {
        lastSummaryAt = now.value;
        void s.refreshSummary();
      }
    }, 1000);
    try {
      await sync.start();
      error.value = null;
    } catch (err) {
      // Server unreachable or failing: say so and try again shortly (a wall must recover on its own).
      error.value = err instanceof Error ? err.message : String(err);
      stop();
      retryTimer = setTimeout(() => void start(source).catch(() => undefined), RETRY_MS);
      throw err;
    } finally {
      loading.value = false;
    }
  }

  function stop(): void {
    sync?.stop();
    sync = null;
    if (timer) clearInterval(timer);
    if (retryTimer) clearTimeout(retryTimer);
    timer = null;
    retryTimer = null;
    connVersion.value += 1;
  }

  /** Applies an alert the API returned (after ack/resolve) without waiting for the socket. */
  function applyLocal(alert: Alert): void {
    const kind = book.apply(alert);
    if (kind) {
      bump();
      for (const l of listeners) l(kind, alert);
    }
  }

  function onChange(listener: ChangeListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  const alerts = computed<Alert[]>(() => (version.value, book.list()));
  const size = computed(() => (version.value, book.size));
  /** Held alerts (not active, not violations yet): the duty console lists them apart. */
  const heldAlerts = computed<Alert[]>(() => (version.value, book.listHeld()));
  const heldSize = computed(() => (version.value, book.heldSize));
  const counts = computed(() => (version.value, book.counts()));
  const byRule = computed(() => (version.value, book.byRule()));
  const ticker = computed<TickerEntry[]>(() => (version.value, book.ticker.newestFirst(60)));
  const connection = computed<ConnectionState>(
    () => (connVersion.value, sync ? sync.state(now.value) : 'connecting'),
  );
  const silentSeconds = computed(() =>
    lastDataAt.value === null ? null : Math.max(0, Math.round((now.value - lastDataAt.value) / 1000)),
  );

  return {
    version,
    alerts,
    size,
    heldAlerts,
    heldSize,
    counts,
    byRule,
    ticker,
    summary,
    connection,
    lastDataAt,
    silentSeconds,
    loading,
    error,
    resumed,
    authFailed,
    start,
    stop,
    applyLocal,
    onChange,
    get: (id: string) => book.get(id),
  };
});
