/**
 * The alert engine's record in ClickHouse.
 * - `alert_events`: every lifecycle change of every alert, appended, never updated: the record and the
 *   audit trail of automatic changes. Idempotent on (alert_id, seq).
 * - `alerts_current`: the latest snapshot per alert, maintained by a materialized view; read with FINAL
 *   (or argMax) for lists, counts and trends without touching Redis.
 */
import type { Migration } from '../../common/node/migrate.js';

export const alertMigrations: Migration[] = [
  {
    id: 'alerts/0001',
    description: 'alert lifecycle record and current state',
    statements: [
      `CREATE TABLE IF NOT EXISTS alert_events (
    seq UInt64,
    alert_id String,
    change LowCardinality(String),
    at DateTime64(3, 'UTC'),
    rule_id LowCardinality(String),
    severity LowCardinality(String),
    stage LowCardinality(String),
    state LowCardinality(String),
    resolution LowCardinality(String),
    unit_code LowCardinality(String),
    due_at DateTime64(3, 'UTC'),
    opened_at DateTime64(3, 'UTC'),
    actor String,
    note String,
    found_by LowCardinality(String),
    alert String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(at)
  ORDER BY (alert_id, seq)`,
      `CREATE TABLE IF NOT EXISTS alerts_current (
    alert_id String,
    seq UInt64,
    rule_id LowCardinality(String),
    severity LowCardinality(String),
    stage LowCardinality(String),
    state LowCardinality(String),
    resolution LowCardinality(String),
    unit_code LowCardinality(String),
    due_at DateTime64(3, 'UTC'),
    opened_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    found_by LowCardinality(String),
    alert String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree(seq)
  ORDER BY alert_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS alerts_current_mv TO alerts_current AS
  SELECT alert_id, seq, rule_id, severity, stage, state, resolution, unit_code, due_at, opened_at,
         at AS updated_at, found_by, alert
  FROM alert_events`,
    ],
  },
  {
    id: 'alerts/0002',
    description: 'obligations ledger (compliance rate = on time ÷ due)',
    statements: [
      `CREATE TABLE IF NOT EXISTS obligations (
    obligation_id String,
    rule_id LowCardinality(String),
    kind LowCardinality(String),
    unit_code LowCardinality(String),
    trigger_event_id String,
    occurred_at DateTime64(3, 'UTC'),
    due_at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    satisfied_by String,
    severity LowCardinality(String),
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  PARTITION BY toYYYYMM(due_at)
  ORDER BY (rule_id, obligation_id)`,
    ],
  },
];
