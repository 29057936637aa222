/**
 * The source monitor's judgement, pure: given each partition's activity and its recorded state, which
 * partitions changed health at processing time `now`. Health only worsens with silence and is restored by
 * activity, so the transitions are healthy → late → silent → healthy (a tick may skip late).
 */
import type { Alert } from '../../common/alerts.js';
import { parseIsoWithZone } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import type { SourceHealth } from '../../common/sources.js';
import { splitSourceKey } from '../../common/sources.js';
import type { SourceCatalog } from './catalog.js';
import { currentHealth, lastActivity } from './gate.js';
import type { SourceActivity, SourceState } from './gate.js';
import { outageAlert } from './outage.js';

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

/** What was seen of a partition: an event's time and arrival, a heartbeat, a declared delivery (`asOf`). */
export interface Observation {
  occurredAt?: number;
  ingestedAt?: number;
  heartbeatAt?: number;
  asOf?: number;
}

/** The fields of an event that say which partition of which source it comes from. */
export type SourceEvent = Pick<PoliceEvent, 'type' | 'source' | 'unit_code' | 'occurred_at'> & {
  ingested_at?: string | undefined;
};

/**
 * What a batch of events tells about their sources: per partition, the latest event time and the latest
 * arrival (`ingested_at`, or `now` for an event not stamped yet).
 */
export function eventObservations(
  catalog: SourceCatalog,
  events: Iterable<SourceEvent>,
  now: number,
): Map<string, Observation> {
  const seen = new Map<string, Observation>();
  for (const e of events) {
    const spec = catalog.sourceOf(e.type, e.source);
    if (!spec) continue;
    const key = catalog.keyFor(spec, e.unit_code);
    const o = seen.get(key) ?? {};
    const at = parseIsoWithZone(e.occurred_at) ?? -Infinity;
    const ingested = (e.ingested_at && parseIsoWithZone(e.ingested_at)) || now;
    const occurredAt = Math.max(o.occurredAt ?? -Infinity, at);
    seen.set(key, {
      ...(Number.isFinite(occurredAt) ? { occurredAt } : {}),
      ingestedAt: Math.max(o.ingestedAt ?? -Infinity, ingested),
    });
  }
  return seen;
}

/** An outage alert to raise (a partition went silent) or to resolve (it is back). */
export type OutageStep = { key: string; raise: Alert } | { key: string; resolve: string };

export interface MonitorStep {
  /** Health changes, each with the state to record (its outage alert id set or cleared). */
  transitions: Transition[];
  outages: OutageStep[];
  /**
   * For each healthy partition: its held alerts due up to this time may go now (Infinity when it has just
   * recovered — the gate then decides with the catch-up window; its declared delivery `caughtUpTo`
   * otherwise). Partitions not listed release nothing.
   */
  release: Map<string, number>;
}

/**
 * One judgement of the sources at `now`, pure: the health transitions, the outage alerts they raise or
 * resolve, and which held alerts may be woken. The memory engine and the Redis shell apply it alike.
 */
export function monitorStep(
  catalog: SourceCatalog,
  activities: ReadonlyMap<string, SourceActivity>,
  stateOf: (key: string) => SourceState | undefined,
  now: number,
): MonitorStep {
  const outages: OutageStep[] = [];
  const transitions = evaluate(catalog, activities, stateOf, now).map((t) => {
    const state = { ...t.state };
    if (t.to === 'silent' && !state.outageAlertId) {
      const alert = outageAlert(catalog, t.key, now, lastActivity(activities.get(t.key) as SourceActivity));
      state.outageAlertId = alert.alert_id;
      outages.push({ key: t.key, raise: alert });
    } else if (t.to === 'healthy' && state.outageAlertId) {
      outages.push({ key: t.key, resolve: state.outageAlertId });
      delete state.outageAlertId;
    }
    return { ...t, state };
  });
  const changed = new Map(transitions.map((t) => [t.key, t.state]));
  const release = new Map<string, number>();
  for (const [key, activity] of activities) {
    const state = changed.get(key) ?? stateOf(key);
    if (state && state.health !== 'healthy') continue;
    const upTo = state?.since === now ? Infinity : (activity.caughtUpTo ?? -1);
    if (upTo >= 0) release.set(key, upTo);
  }
  return { transitions, outages, release };
}

/** Merges an observation into a partition's activity (maxima: idempotent and order-free). */
export function observe(a: SourceActivity | undefined, o: Observation): SourceActivity {
  const max = (x: number | null | undefined, y: number | undefined): number | null =>
    y === undefined ? (x ?? null) : Math.max(x ?? y, y);
  return {
    watermark: max(max(a?.watermark, o.occurredAt) ?? undefined, o.asOf),
    caughtUpTo: max(a?.caughtUpTo, o.asOf),
    lastIngest: max(a?.lastIngest, o.ingestedAt),
    lastHeartbeat: max(a?.lastHeartbeat, o.heartbeatAt),
  };
}
