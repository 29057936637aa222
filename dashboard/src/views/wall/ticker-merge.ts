/**
 * The wall ticker's one stream from two: alert changes and supervision-order changes, each already newest
 * first, merged by time (a stable two-way merge: each stream keeps its own order). Pure.
 */
import type { TickerEntry } from '../../stores/alert-book.js';
import type { OrderTickerEntry } from '../../stores/order-book.js';

export type WallTickerItem =
  { type: 'alert'; entry: TickerEntry } | { type: 'order'; entry: OrderTickerEntry };

export function mergeTicker(
  alerts: readonly TickerEntry[],
  orders: readonly OrderTickerEntry[],
  limit: number,
): WallTickerItem[] {
  const out: WallTickerItem[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < alerts.length || j < orders.length)) {
    const a = alerts[i];
    const o = orders[j];
    if (a && (!o || a.at >= o.at)) {
      out.push({ type: 'alert', entry: a });
      i += 1;
    } else if (o) {
      out.push({ type: 'order', entry: o });
      j += 1;
    }
  }
  return out;
}
