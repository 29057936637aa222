/** Reads and writes of the `events` table. Every value goes through query parameters. */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from '../../common/node/clickhouse.js';
import { LINK_KEYS } from '../../common/event-types.js';
import type { PoliceEvent, StoredEvent } from '../../common/events.js';
import { EVENT_LINE_SETTINGS } from './event-lines.js';

export { EVENT_LINE_SETTINGS, rowLine, rowLinePrefix } from './event-lines.js';

export interface EventRow {
  event_id: string;
  type: string;
  occurred_at: string;
  ingested_at: string;
  unit_code: string;
  source: string;
  incident_id: string;
  case_id: string;
  person_id: string;
  stay_id: string;
  item_id: string;
  session_id: string;
  recording_id: string;
  officer_ids: string[];
  attrs: string;
  batch_id: string;
}

/** ClickHouse DateTime64 text (UTC) from ISO-8601. */
export function toChTime(iso: string): string {
  return iso.replace('T', ' ').replace('Z', '');
}

/** ISO-8601 UTC from ClickHouse DateTime64 text. */
export function fromChTime(text: string): string {
  return `${text.replace(' ', 'T')}${text.includes('.') ? '' : '.000'}Z`;
}

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
    attrs: event.attrs ? JSON.stringify(event.attrs) : '',
    batch_id: batchId,
  };
}

export function fromRow(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    event_id: row.event_id,
    type: row.type as StoredEvent['type'],
    occurred_at: fromChTime(row.occurred_at),
    ingested_at: fromChTime(row.ingested_at),
    unit_code: row.unit_code,
  };
  if (row.source) event.source = row.source;
  for (const k of LINK_KEYS) if (row[k]) event[k] = row[k];
  if (row.officer_ids.length > 0) event.officer_ids = row.officer_ids;
  if (row.attrs) event.attrs = JSON.parse(row.attrs) as Record<string, unknown>;
  return event;
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
