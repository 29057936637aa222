/**
 * For command-line producers (importer, simulator, dead-letter tool): a sink into this installation's
 * queue. When a Vigil process is already running, its workers store what we queue; otherwise this
 * process opens ClickHouse and runs a worker itself until what it queued is stored.
 */
import path from 'node:path';
import type { ConnectionOptions } from 'bullmq';
import type { EventSink } from '../common/ingest.js';
import { openConfiguredClickHouse } from '../common/node/clickhouse.js';
import { loadConfig } from '../common/node/config.js';
import { createLogger } from '../common/node/logger.js';
import { migrate } from '../common/node/migrate.js';
import { openRedis } from '../common/node/redis.js';
import { openIngestPipeline } from './pipeline.js';
import type { IngestPipeline } from './pipeline.js';
import { createEventsQueue } from './queue.js';
import { ingestMigrations } from './store/migrations.js';

export interface SinkHandle {
  sink: EventSink;
  pipeline: IngestPipeline;
  /** 'server': a running Vigil stores the events; 'standalone': this process does. */
  mode: 'server' | 'standalone';
  /** Resolves when everything queued so far is stored. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function openSink(origin = 'cli'): Promise<SinkHandle> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, origin);
  const redis = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  const probe = createEventsQueue({ ...redis.options, maxRetriesPerRequest: null } as ConnectionOptions);
  const workers = await probe.getWorkers();
  await probe.close();
  const standalone = workers.length === 0;
  const clickhouse = standalone ? await openConfiguredClickHouse(config) : null;
  if (clickhouse) await migrate(clickhouse.client, ingestMigrations);
  const pipeline = await openIngestPipeline({
    redis: redis.options,
    clickhouse: clickhouse?.client ?? null,
    logger,
    worker: standalone,
    concurrency: config.INGEST_CONCURRENCY,
    batchRows: config.INGEST_BATCH_ROWS,
    lingerMs: config.INGEST_LINGER_MS,
    origin,
  });
  return {
    sink: pipeline.sink,
    pipeline,
    mode: standalone ? 'standalone' : 'server',
    drained: () => pipeline.drained(),
    async close() {
      if (standalone) await pipeline.drained();
      await pipeline.close();
      await clickhouse?.close();
      await redis.stop();
    },
  };
}
