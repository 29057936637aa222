/** Reads and writes of the `events` table. Every value goes through query parameters. */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../common/node/clickhouse.js';
import type { PoliceEvent } from '../../common/events.js';
import { toChTime } from '../../common/node/ch-time.js';
import type { EventRow } from '../../common/node/event-row.js';
import { EVENT_LINE_SETTINGS } from './event-lines.js';

export { EVENT_LINE_SETTINGS, rowLine, rowLinePrefix } from './event-lines.js';

export function toRow(event: PoliceEvent, ingestedAt: string, batchId: string): EventRow {
  return {
    event_id: event.event_id,
    type: event.type,
    occurred_at: toChTime(event.occurred_at),
    ingested_at: toChTime(ingestedAt),
    unit_code: event.unit_code,
    source: event.source ?? '',
    incident_id: event.incident_id ?? '',
    case_id: event.case_id ?? '',
    person_id: event.person_id ?? '',
    stay_id: event.stay_id ?? '',
    item_id: event.item_id ?? '',
    session_id: event.session_id ?? '',
    recording_id: event.recording_id ?? '',
    officer_ids: event.officer_ids ?? [],
    auxiliary_ids: event.auxiliary_ids ?? [],
    attrs: event.attrs ? JSON.stringify(event.attrs) : '',
    batch_id: batchId,
  };
}

export async function insertEventRows(client: ClickHouseClient, rows: readonly EventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({ table: 'events', values: rows as EventRow[], format: 'JSONEachRow' });
}

/**
 * Inserts rowLine lines (each ending in a newline) into `events` (or a table of the same columns: the
 * benchmark's raw ceiling).
 */
export function insertEventLines(
  client: ClickHouseClient,
  lines: readonly string[],
  table = 'events',
): Promise<void> {
  return insertEventBody(client, lines.join(''), table);
}

/** Inserts rowLine lines already concatenated. */
export async function insertEventBody(
  client: ClickHouseClient,
  body: string,
  table = 'events',
): Promise<void> {
  if (body.length === 0) return;
  const result = await client.exec({
    query: `INSERT INTO ${table} FORMAT JSONEachRow`,
    values: Readable.from([body], { objectMode: false }),
    clickhouse_settings: EVENT_LINE_SETTINGS,
  });
  await finished(result.stream.resume());
}

/** Which of these event ids are already stored (used only when a batch may have been inserted before). */
export async function storedEventIds(client: ClickHouseClient, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const chunk = ids.slice(i, i + 5_000);
    const rows = await queryRows<{ event_id: string }>(
      client,
      'SELECT DISTINCT event_id FROM events WHERE event_id IN {ids:Array(String)}',
      { ids: chunk },
    );
    for (const r of rows) found.add(r.event_id);
  }
  return found;
}

export async function countEvents(client: ClickHouseClient): Promise<{ rows: number; distinct: number }> {
  const [r] = await queryRows<{ rows: string; distinct: string }>(
    client,
    'SELECT count() AS rows, uniqExact(event_id) AS distinct FROM events',
  );
  return { rows: Number(r?.rows ?? 0), distinct: Number(r?.distinct ?? 0) };
}

/**
 * Reads rows of `events` day by day (event time), in groups of days of at most `maxRows` rows: the embedded
 * connection materialises a whole result as one string, so no query may return millions of rows at once.
 * `select` is a fixed column list; `types` optionally restricts the event types.
 */
export async function* eventsByDay<T>(
  client: ClickHouseClient,
  select: string,
  types: readonly string[] | null,
  maxRows: number,
): AsyncGenerator<T[]> {
  const typeFilter = types ? 'type IN {types:Array(String)}' : '1';
  const days = await queryRows<{ d: string; n: string }>(
    client,
    `SELECT toString(toDate(occurred_at)) AS d, count() AS n FROM events WHERE ${typeFilter} GROUP BY d ORDER BY d`,
    types ? { types } : {},
  );
  const read = (ds: string[]) =>
    queryRows<T>(
      client,
      `SELECT ${select} FROM events WHERE ${typeFilter} AND toString(toDate(occurred_at)) IN {days:Array(String)}`,
      { days: ds, ...(types ? { types } : {}) },
    );
  let group: string[] = [];
  let size = 0;
  for (const { d, n } of days) {
    if (size + Number(n) > maxRows && group.length > 0) {
      yield await read(group);
      group = [];
      size = 0;
    }
    group.push(d);
    size += Number(n);
  }
  if (group.length > 0) yield await read(group);
}

/** Every (event_id, batch_id), for rebuilding the de-duplication claims after Redis was lost. */
export function allEventClaims(
  client: ClickHouseClient,
): AsyncGenerator<{ event_id: string; batch_id: string }[]> {
  return eventsByDay(client, 'event_id, batch_id', null, 500_000);
}
