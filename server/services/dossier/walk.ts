/**
 * The dossier's graph walk (CONTRACT.md §8), pure over an injected look-up. Events and link-key values form a
 * bipartite graph: an event touches every value it carries, a value every event that carries it. The dossier of
 * a root value is its connected component, found breadth-first:
 * - level by level: the events carrying the frontier's values, then the values those events carry that were not
 *   seen before become the next frontier; each value and each event is visited once (cycles end by themselves);
 * - bounded: at most `maxEvents` events. When a level brings more than still fit, the look-up's order decides
 *   which of them are kept (the ClickHouse look-up: earliest first) and the walk stops with `truncated`, so what is
 *   kept is always everything nearer to the root than what was cut;
 * - scope plays no part here: the component is the same for every reader; who may see which of its events is
 *   decided after the walk (left out and counted).
 */
import type { LinkPair } from '../../../common/dossier.js';

/** An event and every link-key value it carries. */
export interface LinkedEvent {
  event_id: string;
  pairs: readonly LinkPair[];
}

export interface LinkLookup {
  /** Events carrying any of `pairs`, each with all its pairs, in a stable order, at most `limit`. */
  eventsWith(pairs: readonly LinkPair[], limit: number): Promise<LinkedEvent[]>;
}

export interface Component {
  /** Event ids in the order found (nearest level first). */
  eventIds: string[];
  /** Every value reached, the root first. */
  pairs: LinkPair[];
  truncated: boolean;
  /** Levels walked (1 = only the root's own events). */
  levels: number;
}

/** One link-key value as a map key. */
export const pairKey = (p: LinkPair): string => `${p.key}\u0000${p.value}`;

export async function walkComponent(
  root: LinkPair,
  lookup: LinkLookup,
  maxEvents: number,
): Promise<Component> {
  const seenPairs = new Map<string, LinkPair>([[pairKey(root), root]]);
  const seenEvents = new Set<string>();
  let frontier: LinkPair[] = [root];
  let levels = 0;
  while (frontier.length > 0) {
    const room = maxEvents - seenEvents.size;
    // One more than fits, so that "exactly full" and "more than fits" can be told apart.
    const found = (await lookup.eventsWith(frontier, room + seenEvents.size + 1)).filter(
      (e) => !seenEvents.has(e.event_id),
    );
    levels++;
    const next: LinkPair[] = [];
    for (const e of found) {
      if (seenEvents.size >= maxEvents) return done(seenEvents, seenPairs, true, levels);
      seenEvents.add(e.event_id);
      for (const p of e.pairs) {
        const k = pairKey(p);
        if (seenPairs.has(k)) continue;
        seenPairs.set(k, p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return done(seenEvents, seenPairs, false, levels);
}

function done(
  events: Set<string>,
  pairs: Map<string, LinkPair>,
  truncated: boolean,
  levels: number,
): Component {
  return { eventIds: [...events], pairs: [...pairs.values()], truncated, levels };
}
