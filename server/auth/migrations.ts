/**
 * The auth tables. `users` is durable (ClickHouse is the system of record); tokens live in Redis.
 * ReplacingMergeTree(version) keyed by username: every change inserts a full row with a higher version,
 * and reads use FINAL, so the newest row per user is what counts.
 */
import type { Migration } from '../../common/node/migrate.js';

export const authMigrations: Migration[] = [
  {
    id: 'auth/0001',
    description: 'users table',
    statements: [
      `CREATE TABLE IF NOT EXISTS users (
    username String,
    password_hash String,
    role LowCardinality(String),
    scope String,
    disabled UInt8,
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    version UInt64
  ) ENGINE = ReplacingMergeTree(version) ORDER BY username`,
    ],
  },
];
