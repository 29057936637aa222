/**
 * `events` rows as JSONEachRow text, written straight from validated events. Pure (no ClickHouse
 * connection here): the ingest worker thread uses it and must never load the embedded ClickHouse
 * (see worker-thread.ts).
 */
import type { PoliceEvent } from '../../common/events.js';

/**
 * The start of every `events` row line of one batch: `{"ingested_at":…,"batch_id":…,` (see rowLine).
 */
export function rowLinePrefix(ingestedAt: string, batchId: string): string {
  return `{"ingested_at":${JSON.stringify(ingestedAt)},"batch_id":${JSON.stringify(batchId)},`;
}

/**
 * One `events` row as a JSONEachRow line, written straight from a validated event: its JSON with
 * `ingested_at` and `batch_id` in front. ClickHouse does the rest of what toRow does in JavaScript (see
 * EVENT_LINE_SETTINGS): it parses the ISO-8601 times, stores `attrs` (a JSON object) as its JSON text,
 * and fills the absent link keys, `source`, `officer_ids` and `auxiliary_ids` with their defaults ('' and []). The event
 * must not carry `ingested_at` or `batch_id` itself (a validated PoliceEvent cannot).
 */
export function rowLine(prefix: string, event: PoliceEvent): string {
  return rowLineFromJson(prefix, JSON.stringify(event));
}

/** rowLine from the event's JSON (`JSON.stringify(event)`), for a caller that needs that JSON again. */
export function rowLineFromJson(prefix: string, eventJson: string): string {
  return `${prefix}${eventJson.slice(1)}\n`;
}

/**
 * The JSON of the stored event `{ ...event, ingested_at }` from the event's JSON: exactly what
 * JSON.stringify gives for it (`ingested_at` is its last key).
 */
export function storedJsonFromJson(eventJson: string, ingestedAt: string): string {
  return `${eventJson.slice(0, -1)},"ingested_at":${JSON.stringify(ingestedAt)}}`;
}

/**
 * What rowLine relies on, set explicitly so it does not depend on a server's defaults: ISO-8601 times
 * with zone, a JSON object read into a String column as its text, absent fields as column defaults.
 */
export const EVENT_LINE_SETTINGS = {
  date_time_input_format: 'best_effort',
  input_format_json_read_objects_as_strings: 1,
  input_format_defaults_for_omitted_fields: 1,
  input_format_skip_unknown_fields: 1,
} as const;
