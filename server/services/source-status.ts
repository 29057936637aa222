/**
 * GET /api/sources: every partition of every configured source the engine has heard from, with its
 * health, freshness (last event in event time and ingest time, last heartbeat, silence, lag) and the alerts
 * held because of it. Health is judged now from the recorded activity, as the engine's gate does.
 */
import type { SourceStatus, SourcesResponse } from '../../common/sources.js';
import { splitSourceKey } from '../../common/sources.js';
import type { Unit } from '../../common/units.js';
import type { SourceBook } from '../../alerts/orchestrator/index.js';
import { currentHealth, lastActivity } from '../../alerts/sources/index.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Whether a user of `scope` may see a partition of `prefix`: one contains the other. */
export function sourceInScope(prefix: string, scope: string): boolean {
  return prefix.startsWith(scope) || scope.startsWith(prefix);
}

export async function sourceStatuses(deps: {
  catalog: SourceCatalog;
  store: SourceBook;
  units: () => Promise<ReadonlyMap<string, Unit>>;
  scope: string;
  now: number;
}): Promise<SourcesResponse> {
  const { catalog, store, scope, now } = deps;
  const [activities, states, units] = await Promise.all([store.activities(), store.states(), deps.units()]);
  const keys = [...activities.keys()].filter((k) => {
    const { source, prefix } = splitSourceKey(k);
    return catalog.byId.has(source) && sourceInScope(prefix, scope);
  });
  const held = await store.heldCounts(keys);
  const rows: SourceStatus[] = keys.map((key) => {
    const { source, prefix } = splitSourceKey(key);
    const spec = catalog.byId.get(source)!;
    const a = activities.get(key)!;
    const state = states.get(key);
    const health = currentHealth(catalog, key, a, now);
    const last = lastActivity(a);
    return {
      key,
      source,
      name: spec.name,
      name_en: spec.name_en,
      unit_prefix: prefix,
      unit_name: units.get(prefix.padEnd(12, '0'))?.name ?? null,
      state: health,
      since: iso(state && state.health === health ? state.since : now)!,
      monitored: spec.expect !== null,
      last_event_at: iso(a.watermark),
      last_ingest_at: iso(a.lastIngest),
      last_heartbeat_at: iso(a.lastHeartbeat),
      silence_seconds: last > 0 ? Math.max(0, Math.round((now - last) / 1000)) : null,
      lag_seconds: a.watermark === null ? null : Math.max(0, Math.round((now - a.watermark) / 1000)),
      held_alerts: held.get(key) ?? 0,
      rules: [...spec.rules],
    };
  });
  const order = { silent: 0, late: 1, healthy: 2 } as const;
  rows.sort((x, y) => order[x.state] - order[y.state] || x.key.localeCompare(y.key));
  return { as_of: new Date(now).toISOString(), sources: rows };
}
