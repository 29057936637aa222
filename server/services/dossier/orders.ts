/** The orders about a set of alerts, each once (an order may cover several of them). */
import type { Supervision } from '../../../common/supervision.js';

export function distinctOrders(byAlert: ReadonlyMap<string, Supervision>): Supervision[] {
  return [...new Map([...byAlert.values()].map((o) => [o.supervision_id, o])).values()];
}
