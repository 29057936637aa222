/**
 * Assembles the roles this process runs (ROLE=all|ingest|alerts|server) from open connections, so that
 * main.ts and the integration tests start exactly the same system.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Config } from '../common/node/config.js';
import type { Logger } from '../common/node/logger.js';
import { openClickHouse, queryRows } from '../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../common/node/clickhouse.js';
import { migrate } from '../common/node/migrate.js';
import { projectRoot } from '../common/node/paths.js';
import { openRedis } from '../common/node/redis.js';
import type { RedisHandle } from '../common/node/redis.js';
import { loadSecrets } from '../common/node/secrets.js';
import type { Secrets } from '../common/node/secrets.js';
import type { StoredEvent } from '../common/events.js';
import type { Unit } from '../common/units.js';
import { openIngestPipeline } from '../ingest/pipeline.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import { ingestMigrations } from '../ingest/store/migrations.js';
import { saveUnits } from '../ingest/store/units-store.js';
import { readUnitsFile } from '../ingest/units-file.js';
import { guangxiUnits } from '../ingest/simulator/guangxi-units.js';
import { createApp } from './app.js';
import { startSimulation } from './simulation.js';
import { eventsRoutes } from './routes/events.routes.js';
import { healthRoutes } from './routes/health.routes.js';

export interface SystemOptions {
  config: Config;
  logger: Logger;
  /** Units shipped with the simulator etc., loaded in addition to UNITS_FILE. */
  extraUnits?: Unit[];
  /** Called with every batch of newly stored events (the alert engine's feed; benchmarks). */
  onStored?: (events: StoredEvent[]) => Promise<void>;
}

export interface RunningSystem {
  url: string | null;
  port: number | null;
  secrets: Secrets;
  redis: RedisHandle;
  clickhouse: ClickHouseHandle;
  ingest: IngestPipeline;
  close(): Promise<void>;
}

export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const { config, logger } = opts;
  const role = config.ROLE;
  const secrets = loadSecrets(config.dataDir, {
    ingestToken: config.INGEST_TOKEN,
    adminPassword: config.ADMIN_PASSWORD,
  });
  const redis = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  logger.info({ redis: redis.where, owned: redis.owned }, 'redis ready');
  // Every role reads or writes ClickHouse. Embedded chDB binds DATA_DIR to one process, so separate
  // role processes need CLICKHOUSE_URL (checked in main.ts).
  const clickhouse = await openClickHouse({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    dataDir: config.dataDir,
  });
  {
    const applied = await migrate(clickhouse.client, ingestMigrations);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const units = [
      ...(opts.extraUnits ?? []),
      ...(config.UNITS_FILE ? readUnitsFile(config.UNITS_FILE) : []),
    ];
    await saveUnits(clickhouse.client, units);
  }
  const units = [...(opts.extraUnits ?? []), ...(config.SIMULATE ? guangxiUnits() : [])];
  if (config.UNITS_FILE) units.push(...readUnitsFile(config.UNITS_FILE));
  await saveUnits(clickhouse.client, units);
  const ingest = await openIngestPipeline({
    redis: redis.options,
    clickhouse: clickhouse.client,
    logger,
    worker: role === 'all' || role === 'ingest',
    concurrency: config.INGEST_CONCURRENCY,
    batchRows: config.INGEST_BATCH_ROWS,
    lingerMs: config.INGEST_LINGER_MS,
    origin: 'http',
    ...(opts.onStored ? { onStored: opts.onStored } : {}),
  });

  let server: http.Server | null = null;
  let port: number | null = null;
  if (role === 'all' || role === 'server') {
    const app = createApp({
      logger,
      staticDir: path.join(projectRoot(), 'dashboard', 'dist'),
      routers: [
        healthRoutes({
          clickhouse: async () => {
            await queryRows(clickhouse.client, 'SELECT 1');
            return { mode: clickhouse.embedded ? 'embedded' : 'server' };
          },
          queue: async () => ({
            ...(await ingest.queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
          }),
        }),
        eventsRoutes({ sink: ingest.sink, ingestToken: secrets.ingestToken }),
      ],
    });
    server = http.createServer(app);
    server.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(config.PORT, config.HOST, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }
  const simulation =
    config.SIMULATE && (role === 'all' || role === 'server')
      ? await startSimulation({
          sink: ingest.sink,
          clickhouse: clickhouse.client,
          logger,
          rate: config.SIMULATE_RATE,
          backfillDays: config.SIMULATE_BACKFILL_DAYS,
        })
      : null;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    url: port === null ? null : `http://${host}:${port}`,
    port,
    secrets,
    redis,
    clickhouse,
    ingest,
    async close() {
      await simulation?.stop();
      if (server) {
        const s = server;
        const closed = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        await closed;
      }
      await ingest.close();
      await clickhouse.close();
      await redis.stop();
    },
  };
}
