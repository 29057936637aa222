/**
 * Holding, pure: an overdue deadline obligation (or a condition violation that rests on the absence
 * of related events) is *held* instead of raised while a monitored source it depends on is not healthy, or has just come back and has not yet delivered up to the obligation's due_at
 * (its catch-up window), unless it declared by heartbeat (`as_of`) that it has delivered everything up to the
 * due_at. Absence proves nothing while the sender of the follow-up is down. The event-time watermark of what it
 * sent is *not* taken as proof of catch-up: a source back from an outage often sends live events first and
 * replays its backlog beside them.
 *
 * A source partition that has been healthy longer than its catch-up window never holds anything: a healthy
 * source is not slowed. A partition never seen is healthy (nothing known against it).
 */
import type { SourceHealth } from '../../common/sources.js';
import { splitSourceKey } from '../../common/sources.js';
import type { Gate, Hold, Obligation } from '../engine/types.js';
import type { SourceCatalog } from './catalog.js';
import { healthAt } from './health.js';

/** What is known of one source partition's activity (epoch ms; processing time but `watermark`). */
export interface SourceActivity {
  /** Latest occurred_at delivered (or declared by a heartbeat's as_of): its event-time watermark. */
  watermark: number | null;
  /** Latest `as_of` of its heartbeats: it declared everything up to then delivered. */
  caughtUpTo: number | null;
  lastIngest: number | null;
  lastHeartbeat: number | null;
}

/** The monitor's judgement of a partition, as last recorded. */
export interface SourceState {
  health: SourceHealth;
  since: number;
  /** When it last became healthy (0: never unhealthy). */
  healthySince: number;
  /** The open outage alert, while silent. */
  outageAlertId?: string;
}

export interface SourceView {
  activity(key: string): SourceActivity | undefined;
  state(key: string): SourceState | undefined;
}

export type { Gate, Hold };

export function lastActivity(a: SourceActivity): number {
  return Math.max(a.lastIngest ?? 0, a.lastHeartbeat ?? 0);
}

/** The partition's health now: from its activity, so that a backlog arriving counts before the monitor ticks. */
export function currentHealth(
  catalog: SourceCatalog,
  key: string,
  activity: SourceActivity,
  now: number,
): SourceHealth {
  const spec = catalog.byId.get(splitSourceKey(key).source);
  return healthAt(lastActivity(activity), now, spec?.expect ?? null, catalog.timeZone);
}

export function holdOf(o: Obligation, catalog: SourceCatalog, view: SourceView, now: number): Hold | null {
  for (const spec of catalog.guards(o.rule_id)) {
    const key = catalog.keyFor(spec, o.unit_code);
    const activity = view.activity(key);
    if (!activity) continue;
    if (currentHealth(catalog, key, activity, now) !== 'healthy') return { key, recheckAt: null };
    const state = view.state(key);
    const healthySince = !state ? 0 : state.health === 'healthy' ? state.healthySince : now;
    const end = healthySince + spec.catchUpMs;
    if ((activity.caughtUpTo ?? 0) < o.due_at && now < end) return { key, recheckAt: end };
  }
  return null;
}

export function makeGate(catalog: SourceCatalog, view: SourceView): Gate | undefined {
  if (!catalog.monitored) return undefined;
  return (o, now) => holdOf(o, catalog, view, now);
}
