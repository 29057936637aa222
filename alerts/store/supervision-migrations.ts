/**
 * The supervision record in ClickHouse (CONTRACT.md §6: the system of record for orders).
 * - `supervision_events`: every change of every order (who, when, what, note) with the order after it;
 *   appended, never updated; idempotent on (supervision_id, seq).
 * - `supervisions_current`: the latest snapshot per order (materialized view), for lists, statistics and the
 *   rebuild of the live state.
 */
import type { Migration } from '../../common/node/migrate.js';

export const supervisionMigrations: Migration[] = [
  {
    id: 'alerts/0101',
    description: 'supervision orders: change record and current state',
    statements: [
      `CREATE TABLE IF NOT EXISTS supervision_events (
    seq UInt64,
    supervision_id String,
    change LowCardinality(String),
    at DateTime64(3, 'UTC'),
    level LowCardinality(String),
    state LowCardinality(String),
    overdue LowCardinality(String),
    unit_code LowCardinality(String),
    issued_at DateTime64(3, 'UTC'),
    auto UInt8,
    actor String,
    note String,
    supervision String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(at)
  ORDER BY (supervision_id, seq)`,
      `CREATE TABLE IF NOT EXISTS supervisions_current (
    supervision_id String,
    seq UInt64,
    level LowCardinality(String),
    state LowCardinality(String),
    overdue LowCardinality(String),
    unit_code LowCardinality(String),
    issued_at DateTime64(3, 'UTC'),
    auto UInt8,
    updated_at DateTime64(3, 'UTC'),
    supervision String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree(seq)
  ORDER BY supervision_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS supervisions_current_mv TO supervisions_current AS
  SELECT supervision_id, seq, level, state, overdue, unit_code, issued_at, auto, at AS updated_at, supervision
  FROM supervision_events`,
    ],
  },
];
