/**
 * Records source health transitions in ClickHouse `source_events`: when each partition went late,
 * silent or back, with its watermark and last activity then. Idempotent on (source_key, at, state).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { splitSourceKey } from '../../common/sources.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import type { SourceActivity, Transition } from '../sources/index.js';
import { lastActivity } from '../sources/index.js';

const time = (ms: number | null): string | null => (ms === null ? null : chTimeOfMs(ms));

export async function recordTransitions(
  clickhouse: ClickHouseClient,
  transitions: readonly Transition[],
  activities: ReadonlyMap<string, SourceActivity>,
  held: ReadonlyMap<string, number>,
): Promise<void> {
  if (transitions.length === 0) return;
  await clickhouse.insert({
    table: 'source_events',
    values: transitions.map((t) => {
      const { source, prefix } = splitSourceKey(t.key);
      const a = activities.get(t.key);
      return {
        at: time(t.at),
        source_key: t.key,
        source,
        unit_prefix: prefix,
        state: t.to,
        previous: t.from,
        last_event_at: time(a?.watermark ?? null),
        last_activity_at: time(a ? lastActivity(a) : null),
        held_alerts: held.get(t.key) ?? 0,
      };
    }),
    format: 'JSONEachRow',
  });
}
