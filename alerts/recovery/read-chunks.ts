/**
 * Reads big tables in bounded chunks: the embedded ClickHouse connection materialises a whole result as
 * one string, so a query must never return millions of rows at once.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../common/node/clickhouse.js';
import { eventsByDay } from '../../ingest/store/event-store.js';
import type { EventRow } from '../../common/node/event-row.js';

const CHUNK_ROWS = 200_000;

/** Events of the given types, day by day (groups of days of at most ~200k rows). */
export function eventChunks(client: ClickHouseClient, types: readonly string[]): AsyncGenerator<EventRow[]> {
  return eventsByDay<EventRow>(client, '*', types, CHUNK_ROWS);
}

/** Latest snapshot of every alert, in hash buckets of at most ~200k alerts. */
export async function* latestAlertChunks(
  client: ClickHouseClient,
): AsyncGenerator<{ alert: string; top_seq: string }[]> {
  const [{ n } = { n: '0' }] = await queryRows<{ n: string }>(
    client,
    'SELECT uniqExact(alert_id) AS n FROM alert_events',
  );
  const buckets = Math.max(1, Math.ceil(Number(n) / CHUNK_ROWS));
  for (let i = 0; i < buckets; i++) {
    yield await queryRows<{ alert: string; top_seq: string }>(
      client,
      `SELECT argMax(alert, seq) AS alert, max(seq) AS top_seq FROM alert_events
       WHERE cityHash64(alert_id) % {n:UInt32} = {i:UInt32} GROUP BY alert_id`,
      { n: buckets, i },
    );
  }
}
