/**
 * One way to reach ClickHouse: `@clickhouse/client`, either over HTTP to a server (CLICKHOUSE_URL) or
 * embedded through chDB in DATA_DIR. chDB binds one data directory per process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';

import type { Config } from './config.js';

export type { ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  url?: string | undefined;
  database: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Data directory for the embedded engine (used when url is unset). */
  dataDir: string;
}

export interface ClickHouseHandle {
  client: ClickHouseClient;
  embedded: boolean;
  database: string;
  close(): Promise<void>;
}

/** Opens the client and makes sure the database exists; queries then default to it. */
export async function openClickHouse(opts: ClickHouseOptions): Promise<ClickHouseHandle> {
  if (opts.url) {
    const admin = createClient({ url: opts.url, username: opts.username, password: opts.password });
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
    await admin.close();
    const client = createClient({
      url: opts.url,
      username: opts.username,
      password: opts.password,
      database: opts.database,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { client, embedded: false, database: opts.database, close: () => client.close() };
  }
  const dir = path.join(opts.dataDir, 'clickhouse');
  fs.mkdirSync(dir, { recursive: true });
  // chDB ignores the client's `database` option; its session keeps `USE` instead.
  const client = createClient({
    connection: embeddedConnection(dir),
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${opts.database}` });
  await client.command({ query: `USE ${opts.database}` });
  return { client, embedded: true, database: opts.database, close: () => client.close() };
}

/**
 * The installation's ClickHouse as configured (CLICKHOUSE_URL, or embedded in DATA_DIR). A failure to open
 * it says where it was looked for and, for the embedded engine, the usual cause: another process (a
 * running Vigil) owns the data directory.
 */
export async function openConfiguredClickHouse(config: Config): Promise<ClickHouseHandle> {
  try {
    return await openClickHouse({
      url: config.CLICKHOUSE_URL,
      database: config.CLICKHOUSE_DATABASE,
      username: config.CLICKHOUSE_USER,
      password: config.CLICKHOUSE_PASSWORD,
      dataDir: config.dataDir,
    });
  } catch (err) {
    const where = config.CLICKHOUSE_URL
      ? `the ClickHouse server (CLICKHOUSE_URL)`
      : `embedded ClickHouse in ${config.dataDir} (is a Vigil process using it? stop it, or set CLICKHOUSE_URL)`;
    throw new Error(`cannot open ${where}: ${(err as Error).message}`, { cause: err });
  }
}

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/**
 * chdb/connection implements the client's Connection interface against its own copy of
 * @clickhouse/client-common; the two declarations are structurally equal but nominally distinct.
 */
function embeddedConnection(dir: string): ClientConnection {
  return createChdbConnection({ path: dir }) as unknown as ClientConnection;
}

/** Runs a parameterised query and returns its rows. */
export async function queryRows<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}
