/**
 * The link index (CONTRACT.md §8, 一案一档): one row per (link-key value, event), so that following keys from
 * a case to its persons, items, stays, sessions and recordings reads a few granules instead of the events
 * table. Design:
 * - `event_links` (key, value, event_id, unit_code, occurred_at), ORDER BY (key, value): "which events carry
 *   this value" is a primary-key range; a projection ordered by event_id answers "which values does this event
 *   carry" the same way. Plain MergeTree: an event is stored once (exact de-duplication before insert), and
 *   the readers group by event anyway, so a row repeated (the back-fill racing the view) changes nothing.
 * - Filled at ingest by a materialized view on `events` (same insert, no second write path), back-filled once
 *   from the events already stored.
 * - Person data (name, ID number, phone from `attrs`) is indexed under its own keys for the search, which
 *   matches it exactly and answers with the event's link key, never the data itself; the officers an event
 *   names (`officer_ids`, `auxiliary_ids`) under `officer_id`, for the officer file. The walk follows link
 *   keys only (a shared name is not a shared person, a shared officer not a shared case).
 */
import type { Migration } from '../../common/node/migrate.js';
import { LINK_KEYS, PERSONAL_ATTRS } from '../../common/event-types.js';

const pairs = [
  ...LINK_KEYS.map((k) => `('${k}', ${k})`),
  ...PERSONAL_ATTRS.map((a) => `('${a}', JSONExtractString(attrs, '${a}'))`),
].join(', ');

/** Officers (民警 and 辅警) named by an event, for the officer file; never followed by the walk. */
const officers = `arrayMap(o -> ('officer_id', o), arrayConcat(officer_ids, auxiliary_ids))`;

const select = `SELECT kv.1 AS key, kv.2 AS value, event_id, unit_code, occurred_at
  FROM events ARRAY JOIN arrayFilter(p -> p.2 != '', arrayConcat([${pairs}], ${officers})) AS kv`;

/**
 * The view as 0005 makes it: the same rows, with the event's person data read from `attrs` in one JSON parse
 * (a named tuple) instead of one per field — the view's cost at ingest (issue #16 bar: ≤ 10 % of ingest).
 */
const personTuple = `JSONExtract(attrs, 'Tuple(${PERSONAL_ATTRS.map((a) => `${a} String`).join(', ')})')`;
const pairsOnce = [
  ...LINK_KEYS.map((k) => `('${k}', ${k})`),
  ...PERSONAL_ATTRS.map((a) => `('${a}', tupleElement(person, '${a}'))`),
].join(', ');
const selectOnce = `WITH ${personTuple} AS person
  SELECT kv.1 AS key, kv.2 AS value, event_id, unit_code, occurred_at
  FROM events ARRAY JOIN arrayFilter(p -> p.2 != '', arrayConcat([${pairsOnce}], ${officers})) AS kv`;

export const linkViewOneParseMigration: Migration = {
  id: 'ingest/0005',
  description: 'link index view: person data read from attrs in one JSON parse',
  statements: [
    'DROP VIEW IF EXISTS event_links_mv',
    `CREATE MATERIALIZED VIEW IF NOT EXISTS event_links_mv TO event_links AS ${selectOnce}`,
  ],
};

export const linkIndexMigration: Migration = {
  id: 'ingest/0004',
  description: 'link index (event_links): link-key values → events, filled at ingest, back-filled',
  statements: [
    `CREATE TABLE IF NOT EXISTS event_links (
    key LowCardinality(String),
    value String,
    event_id String,
    unit_code LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    PROJECTION by_event (SELECT * ORDER BY event_id)
  ) ENGINE = MergeTree
  ORDER BY (key, value, occurred_at)`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS event_links_mv TO event_links AS ${select}`,
    `INSERT INTO event_links ${select}`,
  ],
};
