/**
 * Stored events for a replay, read from the `events` table in chunks (keyset pagination on
 * (ingested_at, event_id), so memory stays bounded with the embedded engine too). Read-only.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { StoredEvent } from '../../common/events.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';
import { replay, ruleHorizonMs } from './replay.js';
import type { ReplayOptions, ReplaySummary, RuleSet } from './replay.js';

export interface StoredEventsQuery {
  /** Epoch ms; events with occurred_at in [since, to]. */
  since: number;
  to: number;
  /** Rows per query (default 50,000). */
  chunkRows?: number;
}

const COLUMNS = `event_id, type, occurred_at, ingested_at, unit_code, source, incident_id, case_id, person_id,
  stay_id, item_id, session_id, recording_id, officer_ids, auxiliary_ids, attrs, batch_id`;

/** Every stored event that occurred in [since, to], ordered by ingested_at then event_id. */
export async function* storedEvents(
  client: ClickHouseClient,
  q: StoredEventsQuery,
): AsyncGenerator<StoredEvent> {
  const limit = q.chunkRows ?? 50_000;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows: EventRow[] = await queryRows<EventRow>(
      client,
      `SELECT ${COLUMNS} FROM events
       WHERE occurred_at >= {since:DateTime64(3, 'UTC')} AND occurred_at <= {to:DateTime64(3, 'UTC')}
         ${after ? `AND (ingested_at, event_id) > ({afterAt:DateTime64(3, 'UTC')}, {afterId:String})` : ''}
       ORDER BY ingested_at, event_id
       LIMIT {limit:UInt32}`,
      {
        since: chTimeOfMs(q.since),
        to: chTimeOfMs(q.to),
        limit,
        ...(after ? { afterAt: after.at, afterId: after.id } : {}),
      },
    ).catch((err: unknown) => {
      const text = String((err as Error).message);
      if (/UNKNOWN_TABLE|Unknown table|does not exist|doesn't exist/i.test(text))
        throw new Error(`no events table in this ClickHouse database: nothing has been stored yet (${text})`);
      throw err;
    });
    for (const row of rows) yield fromRow(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < limit) return;
    after = { at: last.ingested_at, id: last.event_id };
  }
}

/** City names by 4-digit prefix from the units directory; empty when the table is missing or empty. */
export async function cityNames(client: ClickHouseClient): Promise<Map<string, string>> {
  try {
    const rows = await queryRows<{ code: string; name: string }>(
      client,
      "SELECT code, name FROM units FINAL WHERE level = 'city'",
    );
    return new Map(rows.map((r) => [r.code.slice(0, 4), r.name]));
  } catch {
    return new Map();
  }
}

export interface StoredReplayOptions extends ReplayOptions {
  /** How far before `from` to read events; default: the longest rule limit of all sets (ruleHorizonMs). */
  lookbackMs?: number;
  chunkRows?: number;
}

/** Replays the stored events of [from − lookback, to] through each rule set (see replay.ts). */
export async function replayStored(
  client: ClickHouseClient,
  sets: readonly RuleSet[],
  o: StoredReplayOptions,
): Promise<ReplaySummary & { lookbackMs: number }> {
  const lookbackMs = o.lookbackMs ?? Math.max(0, ...sets.map((s) => ruleHorizonMs(s.rules)));
  const events = storedEvents(client, {
    since: o.from - lookbackMs,
    to: o.to,
    ...(o.chunkRows ? { chunkRows: o.chunkRows } : {}),
  });
  const summary = await replay(sets, events, o);
  return { ...summary, lookbackMs };
}
