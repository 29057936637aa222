/**
 * Numbered, idempotent ClickHouse migrations. Each module owns its list (ids like `ingest/0001`); a
 * migration's statements must themselves be idempotent (IF NOT EXISTS), and applied ids are recorded in
 * `schema_migrations`, so running all lists at every start is safe.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { queryRows } from './clickhouse.js';

export interface Migration {
  id: string;
  description: string;
  statements: string[];
}

export async function migrate(client: ClickHouseClient, migrations: readonly Migration[]): Promise<string[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations
      (id String, description String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
      ENGINE = ReplacingMergeTree ORDER BY id`,
  });
  const done = new Set(
    (await queryRows<{ id: string }>(client, 'SELECT id FROM schema_migrations FINAL')).map((r) => r.id),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    for (const statement of m.statements) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      values: [{ id: m.id, description: m.description }],
      format: 'JSONEachRow',
    });
    applied.push(m.id);
  }
  return applied;
}
