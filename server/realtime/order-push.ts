/**
 * `supervision:changed` (CONTRACT.md §6): each changed order, as its latest state in the batch, to every socket
 * whose reader may see it (scope; viewers without free text — orderForReader). Orders change a few times a
 * minute, so each is emitted plainly rather than through the alert pushes' encoded batches.
 */
import { orderForReader } from '../../common/supervision.js';
import type { Supervision, SupervisionChange } from '../../common/supervision.js';
import { connectedSockets } from './socket-types.js';
import type { VigilServer } from './socket-types.js';

export function pushOrders(io: VigilServer, changes: readonly SupervisionChange[]): number {
  const latest = new Map<string, Supervision>();
  for (const c of changes) latest.set(c.supervision_id, c.supervision);
  let emits = 0;
  for (const socket of connectedSockets(io))
    for (const order of latest.values()) {
      const seen = orderForReader(order, socket.data.user);
      if (!seen) continue;
      socket.emit('supervision:changed', seen);
      emits++;
    }
  return emits;
}
