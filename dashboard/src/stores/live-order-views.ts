/**
 * The order book's reactive face for the live store (as live-book-views.ts for alerts): Vue tracks a version
 * counter, bumped at most once a frame; the list and the ticker are computed from the plain OrderBook; whether
 * the orders loaded (or why not); listeners hear every change.
 */
import { computed, ref } from 'vue';
import type { Supervision } from '../../../common/supervision.js';
import type { OrderBook, OrderChangeKind, OrderTickerEntry } from './order-book.js';

export type OrderListener = (kind: OrderChangeKind, order: Supervision) => void;

const TICKER_SHOWN = 40;

export function useOrderBookViews(book: OrderBook) {
  const version = ref(0);
  const error = ref<string | null>(null);
  const listeners = new Set<OrderListener>();
  let queued = false;

  /** Re-reads the book once, soon (a burst of changes costs one render). */
  function bump(): void {
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      version.value = book.version;
    }, 0);
  }

  function changed(kind: OrderChangeKind, order: Supervision): void {
    bump();
    for (const l of listeners) l(kind, order);
  }

  /** An order the API returned after an action, applied without waiting for the socket. */
  function applyLocal(order: Supervision): void {
    const kind = book.apply(order);
    if (kind) changed(kind, order);
  }

  /** Forgets every order (another user signs in). */
  function reset(): void {
    book.reset();
    error.value = null;
    bump();
  }

  function onChange(listener: OrderListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return {
    book,
    version,
    error,
    reset,
    bump,
    changed,
    applyLocal,
    onChange,
    loaded: computed(() => (version.value, book.loaded)),
    list: computed<Supervision[]>(() => (version.value, book.list())),
    ticker: computed<OrderTickerEntry[]>(() => (version.value, book.ticker.newestFirst(TICKER_SHOWN))),
    get: (id: string) => (version.value, book.get(id)),
  };
}

export type OrderBookViews = ReturnType<typeof useOrderBookViews>;
