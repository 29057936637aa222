/**
 * The ingest role's tables.
 *
 * `events` is the system of record. Design:
 * - ORDER BY (type, unit_code, occurred_at): time-range aggregation by event type and unit prefix
 *   (`unit_code LIKE '4501%'` uses the primary key) reads only the granules it needs.
 * - bloom_filter skip indexes on event_id and every link key: the alert engine's look-ups by incident_id,
 *   case_id, item_id, … skip all granules without that key.
 * - De-duplication is exact and happens before insert (Redis claims by event_id, see ingest/dedupe.ts);
 *   ReplacingMergeTree over the same key is a second line: a byte-identical resend that slipped through
 *   (e.g. after Redis was lost) collapses on merge. Queries that must be exact even then use FINAL.
 * - Monthly partitions by event time: backups, TTLs and drops by month.
 * - Columns added later are migrations of their own (ALTER … ADD COLUMN IF NOT EXISTS), so an existing data
 *   directory is migrated in place, never recreated; old rows read the column's default.
 */
import type { Migration } from '../../common/node/migrate.js';
import { LINK_KEYS } from '../../common/event-types.js';
import { linkIndexMigration, linkViewOneParseMigration } from './link-index-migration.js';

const linkColumns = LINK_KEYS.map((k) => `${k} String`).join(',\n    ');
const linkIndexes = LINK_KEYS.map((k) => `INDEX idx_${k} ${k} TYPE bloom_filter(0.01) GRANULARITY 1`).join(
  ',\n    ',
);

export const ingestMigrations: Migration[] = [
  {
    id: 'ingest/0001',
    description: 'events table',
    statements: [
      `CREATE TABLE IF NOT EXISTS events (
    event_id String,
    type LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    unit_code LowCardinality(String),
    source LowCardinality(String),
    ${linkColumns},
    officer_ids Array(String),
    attrs String CODEC(ZSTD(3)),
    batch_id String,
    INDEX idx_event_id event_id TYPE bloom_filter(0.001) GRANULARITY 1,
    ${linkIndexes}
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(occurred_at)
  ORDER BY (type, unit_code, occurred_at, event_id)`,
    ],
  },
  {
    id: 'ingest/0002',
    description: 'units directory',
    statements: [
      `CREATE TABLE IF NOT EXISTS units (
    code String,
    name String,
    name_en String,
    parent String,
    level LowCardinality(String),
    time_zone LowCardinality(String),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
  ) ENGINE = ReplacingMergeTree(updated_at) ORDER BY code`,
    ],
  },
  {
    id: 'ingest/0003',
    description: 'events.auxiliary_ids (v2: auxiliary police, 辅警)',
    statements: ['ALTER TABLE events ADD COLUMN IF NOT EXISTS auxiliary_ids Array(String) AFTER officer_ids'],
  },
  linkIndexMigration,
  linkViewOneParseMigration,
];
