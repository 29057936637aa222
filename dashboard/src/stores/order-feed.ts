/**
 * The supervision orders' side of a LiveSync session: the snapshot of open orders (its own request, so an
 * order list that fails to load never stops the alerts), the `supervision:changed` deltas — buffered while
 * the snapshot loads — and the `supervisions` of a resume reply, all applied to the OrderBook by seq. Pure.
 */
import type { Supervision } from '../../../common/supervision.js';
import type { OrderBook, OrderChangeKind } from './order-book.js';

export interface OrderSnapshot {
  supervisions: Supervision[];
  /** The server's seq when the list was read, when it says. */
  seq?: number;
}

export type OrderFeedEvent =
  | { type: 'order'; kind: OrderChangeKind; order: Supervision }
  | { type: 'orders-snapshot' }
  | { type: 'orders-error'; message: string };

export class OrderFeed {
  private pending: Supervision[] | null = null;

  constructor(
    readonly book: OrderBook,
    private readonly snapshot: () => Promise<OrderSnapshot>,
    private readonly emit: (e: OrderFeedEvent) => void,
  ) {}

  /** Loads the open orders; a failure is told (`orders-error`), not thrown. */
  async load(): Promise<void> {
    this.pending = [];
    try {
      const snap = await this.snapshot();
      this.book.loadSnapshot(snap.supervisions, snap.seq);
      this.flush();
      this.emit({ type: 'orders-snapshot' });
    } catch (err) {
      this.flush();
      this.emit({ type: 'orders-error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private flush(): void {
    const buffered = this.pending ?? [];
    this.pending = null;
    for (const o of buffered) this.applyOne(o);
  }

  /** A delta from the socket. */
  received(order: Supervision): void {
    if (this.pending) this.pending.push(order);
    else this.applyOne(order);
  }

  /** The orders of a resume reply (the server may leave them out: then nothing changes). */
  resumed(orders: readonly Supervision[] | undefined, seq: number): number {
    const applied = this.book.applyResume(orders ?? [], seq);
    for (const c of applied) this.emit({ type: 'order', kind: c.kind, order: c.order });
    return applied.length;
  }

  private applyOne(order: Supervision): void {
    const kind = this.book.apply(order);
    if (kind) this.emit({ type: 'order', kind, order });
  }
}
