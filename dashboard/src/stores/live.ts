/**
 * The alerts store: the active alerts in the user's scope (and, apart, the held ones) and the open supervision
 * orders, kept live (snapshot, then Socket.IO deltas,
 * resume on reconnect — see live-sync.ts), the ticker's ring buffer, the summary and the connection state.
 * The AlertBook and LiveSync are plain objects (markRaw); Vue tracks only a version counter, so 10,000
 * alerts cost no reactive proxies and a burst of deltas costs one re-render.
 * Made of three parts: the book's views (live-book-views.ts), the connection state (live-connection.ts) and the
 * summary (live-summary.ts); this file runs the LiveSync session and routes its events to them. The same
 * connection carries `report:progress` for the reports page (`onReportProgress`): one socket per tab.
 */
import { defineStore } from 'pinia';
import type { ReportProgressEvent } from '../../../common/report.js';
import { markRaw } from 'vue';
import { AlertBook } from './alert-book.js';
import { useAlertBookViews } from './live-book-views.js';
import type { AlertBookViews } from './live-book-views.js';
import { useConnectionState } from './live-connection.js';
import type { ConnectionStateParts } from './live-connection.js';
import { useSummaryPoll } from './live-summary.js';
import type { SummaryPoll } from './live-summary.js';
import { useOrderBookViews } from './live-order-views.js';
import type { OrderBookViews } from './live-order-views.js';
import { LiveSync } from './live-sync.js';
import type { LiveEvent, LiveSource } from './live-sync.js';
import { OrderBook } from './order-book.js';

export type { ChangeListener } from './live-book-views.js';
export type { OrderListener } from './live-order-views.js';

export const TICKER_SIZE = 200;
const ORDER_TICKER_SIZE = 100;
/** Wait before trying again when the first snapshot could not be loaded. */
const RETRY_MS = 5_000;

/** Who listens to `report:progress` (the reports page, while it is open). */
export type ReportListener = (progress: ReportProgressEvent) => void;

interface LiveParts {
  views: AlertBookViews;
  conn: ConnectionStateParts;
  stats: SummaryPoll;
  orders: OrderBookViews;
  reports: Set<ReportListener>;
}

/** Routes one event of the running LiveSync to the part of the store it concerns. */
function routeLiveEvent(e: LiveEvent, sync: LiveSync, parts: LiveParts): void {
  const { views, conn, stats, orders } = parts;
  conn.lastDataAt.value = sync.lastDataAt;
  switch (e.type) {
    case 'change':
      views.changed(e.kind, e.alert);
      break;
    case 'snapshot':
      views.bump();
      conn.error.value = null;
      break;
    case 'summary':
      stats.received(sync.summary);
      break;
    case 'resumed':
      if (e.reconnect) conn.resumed.value = { applied: e.applied, at: Date.now() };
      conn.changed();
      break;
    case 'connection':
      conn.changed();
      break;
    case 'auth-failed':
      conn.authFailed.value = true;
      break;
    case 'error':
      conn.error.value = e.message;
      break;
    case 'order':
      orders.changed(e.kind, e.order);
      break;
    case 'orders-snapshot':
      orders.error.value = null;
      orders.bump();
      break;
    case 'orders-error':
      orders.error.value = e.message;
      break;
    case 'report':
      for (const listen of parts.reports) listen(e.progress);
      break;
  }
}

/** The open supervision orders (督办) in scope, live over the same socket: what the store shows of them. */
function orderFace(orders: OrderBookViews) {
  return {
    orders: orders.list,
    ordersLoaded: orders.loaded,
    ordersError: orders.error,
    orderTicker: orders.ticker,
    getOrder: orders.get,
    applyOrder: orders.applyLocal,
    onOrderChange: orders.onChange,
  };
}

/** Report progress pushes, handed to whoever listens (the reports page, while it is open). */
function reportFace(reports: Set<ReportListener>) {
  return {
    /** Listens to `report:progress`; returns the function that stops listening. */
    onReportProgress(listen: ReportListener): () => void {
      reports.add(listen);
      return () => reports.delete(listen);
    },
  };
}

export const useLiveStore = defineStore('live', () => {
  const book = markRaw(new AlertBook({ tickerSize: TICKER_SIZE }));
  let sync: LiveSync | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const parts: LiveParts = {
    views: useAlertBookViews(book),
    conn: useConnectionState(() => sync),
    stats: useSummaryPoll(),
    orders: useOrderBookViews(markRaw(new OrderBook({ tickerSize: ORDER_TICKER_SIZE }))),
    reports: new Set(),
  };
  const { views, conn, stats, orders } = parts;

  /** Every second: move the clock (silence, staleness) and ask for a summary if the socket went quiet. */
  function tick(): void {
    conn.now.value = Date.now();
    if (sync) stats.pollIfQuiet(sync, conn.now.value);
  }

  async function start(source: LiveSource): Promise<void> {
    if (sync) return;
    book.reset();
    orders.reset();
    conn.authFailed.value = false;
    const onEvent = (e: LiveEvent) => sync && routeLiveEvent(e, sync, parts);
    sync = markRaw(new LiveSync(book, source, { onEvent, orders: orders.book }));
    conn.loading.value = true;
    stats.restart();
    timer = setInterval(tick, 1000);
    try {
      await sync.start();
      conn.error.value = null;
    } catch (err) {
      // Server unreachable or failing: say so and try again shortly (a wall must recover on its own).
      conn.error.value = err instanceof Error ? err.message : String(err);
      stop();
      retryTimer = setTimeout(() => void start(source).catch(() => undefined), RETRY_MS);
      throw err;
    } finally {
      conn.loading.value = false;
    }
  }

  function stop(): void {
    sync?.stop();
    sync = null;
    if (timer) clearInterval(timer);
    if (retryTimer) clearTimeout(retryTimer);
    timer = null;
    retryTimer = null;
    conn.changed();
  }

  return {
    version: views.version,
    alerts: views.alerts,
    size: views.size,
    heldAlerts: views.heldAlerts,
    heldSize: views.heldSize,
    counts: views.counts,
    byRule: views.byRule,
    ticker: views.ticker,
    summary: stats.summary,
    connection: conn.connection,
    lastDataAt: conn.lastDataAt,
    silentSeconds: conn.silentSeconds,
    loading: conn.loading,
    error: conn.error,
    resumed: conn.resumed,
    authFailed: conn.authFailed,
    start,
    stop,
    applyLocal: views.applyLocal,
    onChange: views.onChange,
    get: views.get,
    ...orderFace(orders),
    ...reportFace(parts.reports),
  };
});
