/**
 * Assembles the roles this process runs (ROLE=all|ingest|alerts|server) from open connections, so that
 * main.ts and the integration tests start exactly the same system.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Config } from '../common/node/config.js';
import type { Logger } from '../common/node/logger.js';
import { openConfiguredClickHouse, queryRows } from '../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../common/node/clickhouse.js';
import { migrate } from '../common/node/migrate.js';
import { projectRoot } from '../common/node/paths.js';
import { connectRedis, openRedis } from '../common/node/redis.js';
import type { RedisHandle } from '../common/node/redis.js';
import { loadSecrets } from '../common/node/secrets.js';
import type { Secrets } from '../common/node/secrets.js';
import type { Unit } from '../common/units.js';
import type { AlertChange } from '../common/alerts.js';
import type { Rule } from '../common/rules.js';
import { startEngineRunner } from '../alerts/shell/engine-runner.js';
import type { EngineRunner } from '../alerts/shell/engine-runner.js';
import { readRules } from '../alerts/rules-file.js';
import { defaultSourcesPath, readSources, simulatorSourcesPath } from '../alerts/sources-file.js';
import type { SourceCatalog } from '../alerts/sources/index.js';
import { sourcesRoutes } from './routes/sources.routes.js';
import { alertMigrations } from '../alerts/store/migrations.js';
import { openIngestPipeline } from '../ingest/pipeline.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import { ingestMigrations } from '../ingest/store/migrations.js';
import { saveUnits } from '../ingest/store/units-store.js';
import { readUnitsFile } from '../ingest/units-file.js';
import { guangxiUnits } from '../ingest/simulator/guangxi-units.js';
import { authMigrations, createAuth, ensureInitialAdmin } from './auth/index.js';
import type { Auth } from './auth/index.js';
import { AlertEngine } from '../alerts/shell/alert-engine.js';
import { listUnits } from '../ingest/store/units-store.js';
import { createApp } from './app.js';
import { cached } from './http/cached.js';
import { startRealtime } from './realtime/socket-server.js';
import type { Realtime } from './realtime/socket-server.js';
import { tailChanges } from './realtime/change-tail.js';
import { alertsRoutes } from './routes/alerts.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { AlertQueries } from './services/alert-queries.js';
import { AuditLog, auditMigrations } from './services/audit.js';
import { StatsQueries } from './services/stats-queries.js';
import { authRoutes } from './routes/auth.routes.js';
import { usersRoutes } from './routes/users.routes.js';
import { startSimulation } from './simulation.js';
import { eventsRoutes } from './routes/events.routes.js';
import { healthRoutes } from './routes/health.routes.js';

export interface SystemOptions {
  config: Config;
  logger: Logger;
  /** Units shipped with the simulator etc., loaded in addition to UNITS_FILE. */
  extraUnits?: Unit[];
  /** Told the ids of every batch of stored events once they are in the feed (benchmarks, tests). */
  onStored?: (eventIds: string[]) => void;
  /** Run the alert engine in this process when the role includes it (default true; benchmarks of ingest alone turn it off). */
  runEngine?: boolean;
  /** Called with every batch of published alert changes (tests, benchmarks). */
  onAlertChanges?: (changes: AlertChange[]) => void;
}

export interface RunningSystem {
  url: string | null;
  port: number | null;
  secrets: Secrets;
  redis: RedisHandle;
  clickhouse: ClickHouseHandle;
  ingest: IngestPipeline;
  /** The alert engine, when this process runs it (ROLE=all|alerts). */
  engine: EngineRunner | null;
  rules: Rule[];
  /** The sources in force (issue #6). */
  sources: SourceCatalog;
  auth: Auth;
  realtime: Realtime | null;
  close(): Promise<void>;
}

type Closer = () => Promise<unknown> | void;

/** Runs the closers last-opened first; one that fails is logged and the others still run. */
async function closeAll(closers: Closer[], logger: Logger): Promise<void> {
  while (closers.length > 0) {
    const close = closers.pop() as Closer;
    try {
      await close();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'closing a component failed');
    }
  }
}

/**
 * Starts the system. If any step fails (a port in use, ClickHouse refusing, …), what was already started
 * is closed again — the redis-server it owns above all — before the error is passed on.
 */
export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const closers: Closer[] = [];
  try {
    return await assemble(opts, closers);
  } catch (err) {
    await closeAll(closers, opts.logger);
    throw err;
  }
}

/** Opens each part in turn and registers how to close it (`closers`, closed last-opened first). */
async function assemble(opts: SystemOptions, closers: Closer[]): Promise<RunningSystem> {
  const { config, logger } = opts;
  const role = config.ROLE;
  const secrets = loadSecrets(config.dataDir, {
    ingestToken: config.INGEST_TOKEN,
    adminPassword: config.ADMIN_PASSWORD,
  });
  const redis = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  closers.push(() => redis.stop());
  logger.info({ redis: redis.where, owned: redis.owned }, 'redis ready');
  // Every role reads or writes ClickHouse. Embedded chDB binds DATA_DIR to one process, so separate
  // role processes need CLICKHOUSE_URL (checked in main.ts).
  const clickhouse = await openConfiguredClickHouse(config);
  closers.push(() => clickhouse.close());
  const rules = readRules(config.RULES_FILE);
  // The simulator's sources heartbeat and carry expectations; a real installation's default has none.
  const sourcesFile =
    config.SOURCES_FILE ?? (config.SIMULATE ? simulatorSourcesPath() : defaultSourcesPath());
  const sources = readSources(sourcesFile, rules, config.TIME_ZONE);
  if (sources.monitored)
    logger.info({ sourcesFile }, 'source health monitored: overdue alerts are held while a source is down');
  const applied = await migrate(clickhouse.client, [
    ...ingestMigrations,
    ...alertMigrations,
    ...authMigrations,
    ...auditMigrations,
  ]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const units = [...(opts.extraUnits ?? []), ...(config.SIMULATE ? guangxiUnits() : [])];
  if (config.UNITS_FILE) units.push(...readUnitsFile(config.UNITS_FILE));
  await saveUnits(clickhouse.client, units);
  const authRedis = connectRedis({ ...redis.options, maxRetriesPerRequest: 3 }, logger, 'auth');
  closers.push(() => authRedis.quit());
  const auth = createAuth({ clickhouse: clickhouse.client, redis: authRedis });
  const initialAdmin = await ensureInitialAdmin(auth.users, secrets.adminPassword);
  if (initialAdmin !== 'exists') logger.warn({ initialAdmin }, 'initial admin user ready');
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
  const engine =
    (role === 'all' || role === 'alerts') && opts.runEngine !== false
      ? startEngineRunner({
          redis: redis.options,
          clickhouse: clickhouse.client,
          rules,
          graceMs: config.ALERT_GRACE_SECONDS * 1000,
          logger,
          reconcileEveryMs: config.RECONCILE_INTERVAL_SECONDS * 1000,
          sources,
          ...(opts.onAlertChanges ? { onChanges: opts.onAlertChanges } : {}),
        })
      : null;
  closers.push(async () => {
    await ingest.close(); // in-flight batches stored and handed on first
    await engine?.stop();
  });

  // Manual actions and live reads: the running engine's stores, or (ROLE=server) a handle on the same Redis.
  const apiRedis = connectRedis({ ...redis.options, maxRetriesPerRequest: 3 }, logger, 'api');
  closers.push(() => apiRedis.disconnect());
  const alertAccess =
    engine?.engine ??
    new AlertEngine({
      redis: apiRedis,
      rules,
      graceMs: config.ALERT_GRACE_SECONDS * 1000,
      logger,
      sources,
    });
  const unitsCache = cached(60_000, () => listUnits(clickhouse.client));
  const queries = new AlertQueries(alertAccess.alerts, clickhouse.client);
  const stats = new StatsQueries(
    clickhouse.client,
    config.TIME_ZONE,
    async () => new Map((await unitsCache()).map((u) => [u.code, u])),
    () => alertAccess.alerts.currentSeq(),
  );
  let realtime: Realtime | null = null;
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
          alerts: async () => ({
            seq: await alertAccess.alerts.currentSeq(),
            unresolved: (await alertAccess.alerts.unresolvedIds()).length,
            ...(engine ? { feed_lag: await engine.lag(), recorded_seq: await engine.recordedSeq() } : {}),
          }),
        }),
        eventsRoutes({ sink: ingest.sink, ingestToken: secrets.ingestToken }),
        authRoutes(auth),
        usersRoutes(auth),
        alertsRoutes({
          authenticate: auth.authenticate,
          queries,
          engine: alertAccess,
          audit: new AuditLog(clickhouse.client),
        }),
        statsRoutes({ authenticate: auth.authenticate, stats, units: unitsCache, rules }),
        sourcesRoutes({
          authenticate: auth.authenticate,
          ingestToken: secrets.ingestToken,
          catalog: sources,
          store: alertAccess.sources,
          units: async () => new Map((await unitsCache()).map((u) => [u.code, u])),
        }),
      ],
    });
    const httpServer = http.createServer(app);
    httpServer.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.PORT, config.HOST, () => resolve());
    });
    closers.push(async () => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await realtime?.close();
      await closed;
    });
    port = (httpServer.address() as AddressInfo).port;
    realtime = await startRealtime({
      httpServer,
      tail: (deliver) => tailChanges(redis.options, logger, deliver),
      authenticate: auth.authenticate,
      changesSince: (since) => alertAccess.alerts.changesSince(since, 500_000),
      summary: (scope) => stats.summary(scope),
      logger,
    });
  }
  const simulation =
    config.SIMULATE && (role === 'all' || role === 'server')
      ? await startSimulation({
          sink: ingest.sink,
          clickhouse: clickhouse.client,
          logger,
          rate: config.SIMULATE_RATE,
          backfillDays: config.SIMULATE_BACKFILL_DAYS,
          // the simulated systems say they are alive, as real ones do by POST /api/sources/:id/heartbeat
          heartbeat: () =>
            alertAccess.sources.observe(
              new Map(
                sources.specs.map((s) => [sources.keyFor(s, '450000000000'), { heartbeatAt: Date.now() }]),
              ),
            ),
        })
      : null;
  if (simulation) closers.push(() => simulation.stop());
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    url: port === null ? null : `http://${host}:${port}`,
    port,
    secrets,
    redis,
    clickhouse,
    ingest,
    engine,
    rules,
    sources,
    auth,
    realtime,
    close: () => closeAll(closers, logger),
  };
}
