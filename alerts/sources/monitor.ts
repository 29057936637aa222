/**
 * The source monitor's judgement, pure: given each partition's activity and its recorded state, which
 * partitions changed health at processing time `now`. Health only worsens with silence and is restored by
 * activity, so the transitions are healthy → late → silent → healthy (a tick may skip late).
 */
import type { SourceHealth } from '../../common/sources.js';
import { splitSourceKey } from '../../common/sources.js';
import type { SourceCatalog } from './catalog.js';
import { currentHealth } from './gate.js';
import type { SourceActivity, SourceState } from './gate.js';

export interface Transition {
  key: string;
  from: SourceHealth;
  to: SourceHealth;
  at: number;
  /** The state to record. */
  state: SourceState;
}

export const INITIAL_STATE: SourceState = { health: 'healthy', since: 0, healthySince: 0 };

export function evaluate(
  catalog: SourceCatalog,
  activities: Iterable<readonly [string, SourceActivity]>,
  stateOf: (key: string) => SourceState | undefined,
  now: number,
): Transition[] {
  const out: Transition[] = [];
  for (const [key, activity] of activities) {
    const spec = catalog.byId.get(splitSourceKey(key).source);
    if (!spec?.expect) continue;
    const prev = stateOf(key) ?? INITIAL_STATE;
    const to = currentHealth(catalog, key, activity, now);
    if (to === prev.health) continue;
    const state: SourceState = {
      ...prev,
      health: to,
      since: now,
      healthySince: to === 'healthy' ? now : prev.healthySince,
    };
    out.push({ key, from: prev.health, to, at: now, state });
  }
  return out;
}

/** Merges an observation into a partition's activity (maxima: idempotent and order-free). */
export function observe(
  a: SourceActivity | undefined,
  o: { occurredAt?: number; ingestedAt?: number; heartbeatAt?: number; asOf?: number },
): SourceActivity {
  const max = (x: number | null | undefined, y: number | undefined): number | null =>
    y === undefined ? (x ?? null) : Math.max(x ?? y, y);
  return {
    watermark: max(max(a?.watermark, o.occurredAt) ?? undefined, o.asOf),
    caughtUpTo: max(a?.caughtUpTo, o.asOf),
    lastIngest: max(a?.lastIngest, o.ingestedAt),
    lastHeartbeat: max(a?.lastHeartbeat, o.heartbeatAt),
  };
}
