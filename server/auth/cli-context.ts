/**
 * ClickHouse and Redis for `npm run users`, opened the way the other command-line tools open them
 * (configuration from the environment, DATA_DIR, CLICKHOUSE_URL, REDIS_URL).
 *
 * Embedded ClickHouse (no CLICKHOUSE_URL) belongs to one process. When a Vigil process is running on
 * this DATA_DIR, the tool refuses and points to the HTTP API instead; with CLICKHOUSE_URL it always works,
 * and a running Vigil sees the change at once (shared users-version key and tokens in Redis).
 */
import path from 'node:path';
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { openConfiguredClickHouse } from '../../common/node/clickhouse.js';
import { loadConfig } from '../../common/node/config.js';
import type { Config } from '../../common/node/config.js';
import { migrate } from '../../common/node/migrate.js';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { createEventsQueue } from '../../ingest/queue.js';
import { authMigrations } from './migrations.js';
import { createAuth } from './service.js';
import type { Auth } from './service.js';

export interface AuthCliContext {
  auth: Auth;
  /** Where the users live, for messages. */
  where: string;
  close(): Promise<void>;
}

export class VigilRunningError extends Error {
  constructor(config: Config) {
    super(
      [
        `Vigil is running on ${config.dataDir}; its embedded ClickHouse belongs to that process.`,
        'Manage users through its API instead (signed in as an admin), e.g.:',
        `  curl -X POST http://localhost:${config.PORT || 8080}/api/users -H 'Authorization: Bearer <admin token>' \\`,
        `       -H 'Content-Type: application/json' -d '{"username":"…","password":"…","role":"officer","scope":"4501"}'`,
        'or stop Vigil and run this command again.',
      ].join('\n'),
    );
    this.name = 'VigilRunningError';
  }
}

/** Whether another process uses this installation: it started the local Redis, or runs queue workers. */
async function vigilRunning(config: Config, redis: RedisHandle): Promise<boolean> {
  if (!config.REDIS_URL && !redis.owned) return true;
  const queue = createEventsQueue({ ...redis.options, maxRetriesPerRequest: null } as ConnectionOptions);
  try {
    return (await queue.getWorkers()).length > 0;
  } finally {
    await queue.close();
  }
}

export async function openAuthCli(config: Config = loadConfig()): Promise<AuthCliContext> {
  const redisHandle = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  try {
    if (!config.CLICKHOUSE_URL && (await vigilRunning(config, redisHandle))) {
      throw new VigilRunningError(config);
    }
    const clickhouse = await openConfiguredClickHouse(config);
    await migrate(clickhouse.client, authMigrations);
    const redis = new Redis({ ...redisHandle.options, maxRetriesPerRequest: 3 });
    return {
      auth: createAuth({ clickhouse: clickhouse.client, redis }),
      where: clickhouse.embedded ? `${config.dataDir} (embedded ClickHouse)` : 'the ClickHouse server',
      async close() {
        await redis.quit();
        await clickhouse.close();
        await redisHandle.stop();
      },
    };
  } catch (err) {
    await redisHandle.stop();
    throw err;
  }
}
