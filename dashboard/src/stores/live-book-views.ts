/**
 * The alert book's reactive face for the live store: Vue tracks only a version counter (bumped at most once a
 * frame), the lists and counts are computed from the plain AlertBook, and change listeners hear every change.
 */
import { computed, ref } from 'vue';
import type { Alert, AlertChangeKind } from '../../../common/alerts.js';
import type { AlertBook, TickerEntry } from './alert-book.js';

export type ChangeListener = (kind: AlertChangeKind, alert: Alert) => void;

/** How many ticker entries the views show (the book keeps more). */
const TICKER_SHOWN = 60;

/**
 * Coalesces a burst of calls into one run per animation frame, so a flood of socket messages (each its own
 * task) costs one re-sort and one render per frame, not one per message.
 */
function oncePerFrame(run: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    let done = false;
    const flush = () => {
      if (done) return;
      done = true;
      queued = false;
      run();
    };
    // Whichever comes first: the next frame, or 50 ms (a page that is not being painted gets no frames).
    // (Through globalThis: the store also runs in node, in unit tests type-checked without the DOM library.)
    const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
    if (typeof raf === 'function') raf.call(globalThis, flush);
    setTimeout(flush, 50);
  };
}

export function useAlertBookViews(book: AlertBook) {
  const version = ref(0);
  const listeners = new Set<ChangeListener>();
  /** Re-reads the book (once this frame). */
  const bump = oncePerFrame(() => {
    version.value = book.version;
  });

  /** An alert changed in the book: re-render this frame, tell the listeners now. */
  function changed(kind: AlertChangeKind, alert: Alert): void {
    bump();
    for (const l of listeners) l(kind, alert);
  }

  /** Applies an alert the API returned (after ack/resolve) without waiting for the socket. */
  function applyLocal(alert: Alert): void {
    const kind = book.apply(alert);
    if (kind) changed(kind, alert);
  }

  function onChange(listener: ChangeListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    version,
    bump,
    changed,
    applyLocal,
    onChange,
    alerts: computed<Alert[]>(() => (version.value, book.list())),
    size: computed(() => (version.value, book.size)),
    /** Held alerts (not active, not violations yet): the duty console lists them apart. */
    heldAlerts: computed<Alert[]>(() => (version.value, book.listHeld())),
    heldSize: computed(() => (version.value, book.heldSize)),
    counts: computed(() => (version.value, book.counts())),
    byRule: computed(() => (version.value, book.byRule())),
    ticker: computed<TickerEntry[]>(() => (version.value, book.ticker.newestFirst(TICKER_SHOWN))),
    /** One alert by id; tracks the version, so a computed over it follows the book (the duty preview). */
    get: (id: string) => (version.value, book.get(id)),
  };
}

export type AlertBookViews = ReturnType<typeof useAlertBookViews>;
