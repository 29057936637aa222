/**
 * The browser's copy of the open supervision orders (督办): a snapshot (GET /api/supervisions?state=open)
 * then deltas (`supervision:changed`, the `supervisions` of the `alerts:resume` reply). The same rules as
 * the AlertBook: `seq` is the one server-wide counter, a change applies only when its seq is above what is
 * known for that order (its open copy, or a tombstone once closed or cancelled) and above the snapshot's
 * seq, so duplicates, stale deliveries and a resumed batch interleaved with live deltas change nothing twice.
 * A ticker of changes (issued, received, answered, returned, closed, overdue…) feeds the wall. Pure.
 */
import type { Supervision } from '../../../common/supervision.js';
import { isOpenOrder } from '../lib/supervision.js';
import { RingBuffer } from './ring-buffer.js';

export type OrderChangeKind =
  | 'issued'
  | 'received'
  | 'answered'
  | 'returned'
  | 'closed'
  | 'cancelled'
  | 'overdue'
  | 'escalated'
  | 'updated';

export interface OrderTickerEntry {
  /** Unique per change: supervision_id + seq. */
  key: string;
  kind: OrderChangeKind;
  order: Supervision;
  /** When it happened (ms): the step's own time when the order says it, else when it arrived. */
  at: number;
}

/** What a change did, from the copy we had before. */
export function orderChangeKind(prev: Supervision | undefined, next: Supervision): OrderChangeKind {
  if (!prev) return next.state === 'issued' && next.overdue === 'none' ? 'issued' : stateKind(next);
  if (prev.state !== next.state) return stateKind(next);
  if (next.escalation > prev.escalation && prev.overdue !== 'none') return 'escalated';
  if (next.overdue !== 'none' && prev.overdue !== next.overdue) return 'overdue';
  return 'updated';
}

function stateKind(o: Supervision): OrderChangeKind {
  if (o.state === 'issued') return o.overdue === 'none' ? 'issued' : 'overdue';
  return o.state;
}

/** The time the order gives for a change of this kind (ms), or null. */
function stepTime(kind: OrderChangeKind, o: Supervision): number | null {
  const iso =
    kind === 'issued'
      ? o.issued_at
      : kind === 'received'
        ? o.received_at
        : kind === 'answered'
          ? o.answers.at(-1)?.at
          : kind === 'returned' || kind === 'closed'
            ? o.reviews.at(-1)?.at
            : kind === 'cancelled'
              ? o.cancelled_at
              : null;
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

export interface OrderBookOptions {
  tickerSize?: number;
  tombstoneLimit?: number;
  now?: () => number;
}

export class OrderBook {
  private readonly open = new Map<string, Supervision>();
  private readonly done = new Map<string, number>();
  readonly ticker: RingBuffer<OrderTickerEntry>;
  private readonly tombstoneLimit: number;
  private readonly now: () => number;
  baseSeq = 0;
  maxSeq = 0;
  version = 0;
  loaded = false;

  constructor(opts: OrderBookOptions = {}) {
    this.ticker = new RingBuffer<OrderTickerEntry>(opts.tickerSize ?? 100);
    this.tombstoneLimit = opts.tombstoneLimit ?? 20_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Replaces everything with a snapshot of the open orders (read at server seq `seq` when the server says;
   * else the highest seq in it). An empty ticker is seeded with each open order's latest step.
   */
  loadSnapshot(orders: readonly Supervision[], seq?: number): void {
    this.open.clear();
    this.done.clear();
    let highest = 0;
    for (const o of orders) {
      highest = Math.max(highest, o.seq);
      if (isOpenOrder(o)) this.open.set(o.supervision_id, o);
    }
    this.baseSeq = seq ?? highest;
    this.maxSeq = Math.max(this.maxSeq, this.baseSeq);
    if (this.ticker.size === 0) {
      const seeded = [...this.open.values()].map((o) => {
        const kind = stateKind(o);
        return { key: `${o.supervision_id}#${o.seq}`, kind, order: o, at: stepTime(kind, o) ?? 0 };
      });
      seeded.sort((a, b) => a.at - b.at || a.order.seq - b.order.seq);
      for (const e of seeded.slice(-this.ticker.capacity)) this.ticker.push(e);
    }
    this.loaded = true;
    this.version += 1;
  }

  reset(): void {
    this.open.clear();
    this.done.clear();
    this.ticker.clear();
    this.baseSeq = 0;
    this.maxSeq = 0;
    this.loaded = false;
    this.version += 1;
  }

  knownSeq(id: string): number {
    return this.open.get(id)?.seq ?? this.done.get(id) ?? 0;
  }

  /** Applies one changed order; what it did, or null when it was stale or a duplicate. */
  apply(order: Supervision): OrderChangeKind | null {
    const id = order.supervision_id;
    if (order.seq <= this.baseSeq || order.seq <= this.knownSeq(id)) return null;
    const kind = orderChangeKind(this.open.get(id), order);
    this.open.delete(id);
    if (isOpenOrder(order)) {
      this.done.delete(id);
      this.open.set(id, order);
    } else this.rememberDone(id, order.seq);
    this.maxSeq = Math.max(this.maxSeq, order.seq);
    this.ticker.push({ key: `${id}#${order.seq}`, kind, order, at: stepTime(kind, order) ?? this.now() });
    this.version += 1;
    return kind;
  }

  /** The changes missed while disconnected, in seq order; those that took effect. */
  applyResume(orders: readonly Supervision[], seq?: number): { kind: OrderChangeKind; order: Supervision }[] {
    const applied: { kind: OrderChangeKind; order: Supervision }[] = [];
    for (const order of [...orders].sort((x, y) => x.seq - y.seq)) {
      const kind = this.apply(order);
      if (kind) applied.push({ kind, order });
    }
    if (seq !== undefined) this.maxSeq = Math.max(this.maxSeq, seq);
    return applied;
  }

  private rememberDone(id: string, seq: number): void {
    this.done.delete(id);
    this.done.set(id, seq);
    while (this.done.size > this.tombstoneLimit) {
      const oldest = this.done.keys().next().value;
      if (oldest === undefined) break;
      this.done.delete(oldest);
    }
  }

  /** An open order. */
  get(id: string): Supervision | undefined {
    return this.open.get(id);
  }

  get size(): number {
    return this.open.size;
  }

  /** The open orders, in no particular order. */
  list(): Supervision[] {
    return [...this.open.values()];
  }
}
