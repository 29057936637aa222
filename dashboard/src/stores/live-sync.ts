/**
 * Keeps an AlertBook live: snapshot first, then the socket's deltas; on every (re)connect it asks the server
 * for what it missed (`alerts:resume {since_seq}`) and applies that in seq order. When the server cannot
 * resume (its change stream no longer reaches back that far) it reloads the snapshot, buffering the deltas
 * that arrive meanwhile so none is lost. Pure: the transport is injected (socket.io in the app, a fake in
 * tests), time comes from `now`.
 */
import type { Alert, AlertChangeKind } from '../../../common/alerts.js';
import type { AlertsResponse, ResumeReply, SummaryResponse } from '../../../common/api.js';
import type { ReportProgressEvent } from '../../../common/report.js';
import type { Supervision } from '../../../common/supervision.js';
import type { AlertBook } from './alert-book.js';
import type { OrderBook } from './order-book.js';
import { OrderFeed } from './order-feed.js';
import type { OrderFeedEvent, OrderSnapshot } from './order-feed.js';

export interface RealtimeHandlers {
  connected(): void;
  disconnected(reason: string): void;
  alert(alert: Alert): void;
  /** A supervision order changed (`supervision:changed`). */
  supervision?(order: Supervision): void;
  stats(summary: SummaryResponse): void;
  /** A report's progress (`report:progress`, to the user who asked for it): for the reports page. */
  report?(progress: ReportProgressEvent): void;
  /** The server refused the token (expired, revoked). */
  authFailed(): void;
}

export interface RealtimeLink {
  resume(sinceSeq: number): Promise<ResumeReply>;
  close(): void;
}

export interface LiveSource {
  snapshot(): Promise<AlertsResponse>;
  summary(): Promise<SummaryResponse>;
  /** The open supervision orders (when the page keeps an OrderBook). */
  orders?(): Promise<OrderSnapshot>;
  connect(handlers: RealtimeHandlers): RealtimeLink;
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'stale';

export const STALE_AFTER_MS = 30_000;

/** connecting (never connected yet), connected, reconnecting (socket down), stale (up, but silent too long). */
export function connectionState(s: {
  socketUp: boolean;
  everConnected: boolean;
  lastDataAt: number | null;
  now: number;
  staleMs?: number;
}): ConnectionState {
  if (!s.socketUp) return s.everConnected ? 'reconnecting' : 'connecting';
  const silent = s.lastDataAt === null ? Infinity : s.now - s.lastDataAt;
  return silent > (s.staleMs ?? STALE_AFTER_MS) ? 'stale' : 'connected';
}

export type LiveEvent =
  | { type: 'change'; kind: AlertChangeKind; alert: Alert }
  | { type: 'resumed'; applied: number; reconnect: boolean }
  | { type: 'snapshot' }
  | { type: 'summary' }
  | { type: 'connection' }
  | { type: 'auth-failed' }
  | { type: 'error'; message: string }
  | { type: 'report'; progress: ReportProgressEvent }
  | OrderFeedEvent;

export interface LiveSyncOptions {
  now?: () => number;
  onEvent?: (event: LiveEvent) => void;
  /** Keep these supervision orders live too (over the same socket, resumed with the alerts). */
  orders?: OrderBook;
}

export class LiveSync {
  socketUp = false;
  everConnected = false;
  lastDataAt: number | null = null;
  summary: SummaryResponse | null = null;
  private link: RealtimeLink | null = null;
  /** Deltas that arrive while a snapshot is loading; applied after it. */
  private pending: Alert[] | null = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly emit: (event: LiveEvent) => void;
  private readonly orders: OrderFeed | null;

  constructor(
    readonly book: AlertBook,
    private readonly source: LiveSource,
    opts: LiveSyncOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.emit = opts.onEvent ?? (() => {});
    const snapshot = source.orders?.bind(source);
    this.orders =
      opts.orders && snapshot
        ? new OrderFeed(opts.orders, snapshot, (e) => {
            if (e.type === 'order') this.touch();
            this.emit(e);
          })
        : null;
  }

  /** Loads the snapshot and the summary, then opens the live connection. */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all([this.loadSnapshots(), this.refreshSummary()]);
    if (this.stopped) return;
    this.link = this.source.connect({
      connected: () => void this.onConnected(),
      disconnected: () => {
        this.socketUp = false;
        this.emit({ type: 'connection' });
      },
      alert: (a) => this.onAlert(a),
      supervision: (o) => {
        this.touch();
        this.orders?.received(o);
      },
      stats: (s) => {
        this.summary = s;
        this.touch();
        this.emit({ type: 'summary' });
      },
      report: (progress) => {
        this.touch();
        this.emit({ type: 'report', progress });
      },
      authFailed: () => this.emit({ type: 'auth-failed' }),
    });
  }

  stop(): void {
    this.stopped = true;
    this.link?.close();
    this.link = null;
    this.socketUp = false;
  }

  state(now = this.now()): ConnectionState {
    return connectionState({
      socketUp: this.socketUp,
      everConnected: this.everConnected,
      lastDataAt: this.lastDataAt,
      now,
    });
  }

  /**
   * The alerts, then the open orders: read in that order, the orders' snapshot is at least as new as the
   * alerts' seq that the next resume starts from, so no order change falls between the two.
   */
  private async loadSnapshots(): Promise<void> {
    await this.loadSnapshot();
    await this.orders?.load();
  }

  async loadSnapshot(): Promise<void> {
    this.pending = [];
    try {
      const snap = await this.source.snapshot();
      this.book.loadSnapshot(snap.alerts, snap.seq);
      this.touch();
      const buffered = this.pending;
      this.pending = null;
      for (const a of buffered) this.applyOne(a);
      this.emit({ type: 'snapshot' });
    } catch (err) {
      // Keep what was buffered: apply it on top of the old copy rather than drop it.
      const buffered = this.pending ?? [];
      this.pending = null;
      for (const a of buffered) this.applyOne(a);
      throw err;
    }
  }

  async refreshSummary(): Promise<void> {
    try {
      this.summary = await this.source.summary();
      this.touch();
      this.emit({ type: 'summary' });
    } catch (err) {
      this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private touch(): void {
    this.lastDataAt = this.now();
  }

  private onAlert(alert: Alert): void {
    this.touch();
    if (this.pending) this.pending.push(alert);
    else this.applyOne(alert);
  }

  private applyOne(alert: Alert): void {
    const kind = this.book.apply(alert);
    if (kind) this.emit({ type: 'change', kind, alert });
  }

  private async onConnected(): Promise<void> {
    const reconnect = this.everConnected;
    this.socketUp = true;
    this.everConnected = true;
    this.touch();
    this.emit({ type: 'connection' });
    const link = this.link;
    if (!link) return;
    try {
      const reply = await link.resume(this.book.maxSeq);
      if (reply.ok) {
        const applied = this.book.applyResume(reply.alerts, reply.seq);
        this.touch();
        for (const c of applied) this.emit({ type: 'change', kind: c.kind, alert: c.alert });
        const orders = this.orders?.resumed(reply.supervisions, reply.seq) ?? 0;
        this.emit({ type: 'resumed', applied: applied.length + orders, reconnect });
        return;
      }
      this.emit({ type: 'error', message: reply.error });
    } catch (err) {
      this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
    // The server could not resume from our seq: start over from fresh snapshots.
    await this.loadSnapshots().catch((err: unknown) =>
      this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  }
}
