/**
 * The notifications record in ClickHouse: every attempt (delivered, failed, gave up, cancelled) with its
 * channel, recipient, kind, outcome, response code and latency (CONTRACT.md §7). Re-recording an attempt after
 * a crash collapses on its id.
 */
import type { Migration } from '../../common/node/migrate.js';

export const notifyMigrations: Migration[] = [
  {
    id: 'notify/0001',
    description: 'notification attempts',
    statements: [
      `CREATE TABLE IF NOT EXISTS notify_attempts (
    attempt_id String,
    at DateTime64(3, 'UTC'),
    delivery_id String,
    kind LowCardinality(String),
    renotify UInt16,
    escalation UInt8,
    alert_id String,
    supervision_id String,
    unit_code LowCardinality(String),
    channel LowCardinality(String),
    channel_type LowCardinality(String),
    recipient String,
    recipient_name String,
    outcome LowCardinality(String),
    response_code UInt16,
    latency_ms UInt32,
    attempt UInt16,
    error String,
    batched UInt16,
    decided_seq UInt64
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(at)
  ORDER BY (alert_id, supervision_id, at, attempt_id)`,
    ],
  },
];
