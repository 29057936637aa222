/**
 * Assembles the roles this process runs (ROLE=all|ingest|alerts|server|notify) from open connections, so that
 * main.ts and the integration tests start exactly the same system. Each part is opened by a named step
 * (server/assembly/) that registers how to close it; a start that fails part-way closes what it opened.
 */
import type { Config } from '../common/node/config.js';
import type { Logger } from '../common/node/logger.js';
import type { ClickHouseHandle } from '../common/node/clickhouse.js';
import { connectRedis } from '../common/node/redis.js';
import type { RedisHandle } from '../common/node/redis.js';
import type { Secrets } from '../common/node/secrets.js';
import type { AlertChange } from '../common/alerts.js';
import type { Rule } from '../common/rules.js';
import type { Unit } from '../common/units.js';
import { startEngineRunner } from '../alerts/redis/engine-runner.js';
import type { EngineRunner } from '../alerts/redis/engine-runner.js';
import { liveAlerts } from '../alerts/redis/live-alerts.js';
import type { LiveAlerts } from '../alerts/redis/live-alerts.js';
import type { SourceCatalog } from '../alerts/sources/index.js';
import { openIngestPipeline } from '../ingest/pipeline.js';
import type { IngestPipeline } from '../ingest/pipeline.js';
import { listUnits } from '../ingest/store/units-store.js';
import type { Auth } from './auth/index.js';
import { cached } from './http/cached.js';
import type { Realtime } from './realtime/socket-server.js';
import { StatsQueries } from './services/stats-queries.js';
import { startSimulation } from './simulation.js';
import { apiRouters, supervisionDesk } from './assembly/api.js';
import type { ApiParts } from './assembly/api.js';
import { AuditLog } from './services/audit.js';
import { startSupervisionPeople } from './simulation/supervision-people.js';
import { Closers } from './assembly/closers.js';
import { openNotify } from './assembly/notify.js';
import type { Notifier } from '../notify/notifier.js';
import { serve } from './assembly/http.js';
import { defaultRenderer, openReports } from './assembly/reports.js';
import type { Reports } from './assembly/reports.js';
import type { RenderReport } from './services/reports/service.js';
import { openAuth, openStorage, readCatalogues, REQUEST_PATH_REDIS, storeUnits } from './assembly/storage.js';
import type { Catalogues, Storage } from './assembly/storage.js';

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
  /** Renders a report to one format (server/services/reports/render/); without it, reports fail saying so. */
  renderReport?: RenderReport;
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
  /** The live alert state as a server process reads it (alerts, sources, desk, change stream). */
  live: LiveAlerts;
  rules: Rule[];
  /** The sources in force. */
  sources: SourceCatalog;
  auth: Auth;
  realtime: Realtime | null;
  /** Reports — 通报: requests and the monthly schedule (tests call `monthly()` as the schedule would). */
  reports: Reports;
  /** The notify role's lanes, when this process runs them (ROLE=all|notify with a NOTIFY_FILE). */
  notifier: Notifier | null;
  close(): Promise<void>;
}

/**
 * Starts the system. If any step fails (a port in use, ClickHouse refusing, …), what was already started
 * is closed again — the redis-server it owns above all — before the error is passed on.
 */
export async function startSystem(opts: SystemOptions): Promise<RunningSystem> {
  const closers = new Closers();
  try {
    return await assemble(opts, closers);
  } catch (err) {
    await closers.closeAll(opts.logger);
    throw err;
  }
}

async function assemble(opts: SystemOptions, closers: Closers): Promise<RunningSystem> {
  const { config, logger } = opts;
  const role = config.ROLE;
  const catalogues = readCatalogues(config, logger);
  const storage = await openStorage(config, logger, closers);
  await storeUnits(config, storage, opts.extraUnits ?? []);
  const auth = await openAuth(config, storage, logger, closers);
  const { ingest, engine } = await startPipelines(opts, storage, catalogues, closers);
  // Manual actions and live reads: a handle on the same Redis, whichever process runs the engine.
  const apiRedis = connectRedis({ ...storage.redis.options, ...REQUEST_PATH_REDIS }, logger, 'api');
  closers.add(() => apiRedis.disconnect());
  const live = liveAlerts(apiRedis);
  const serving = role === 'all' || role === 'server';
  const units = cached(60_000, () => listUnits(storage.clickhouse.client));
  const stats = new StatsQueries(
    storage.clickhouse.client,
    config.TIME_ZONE,
    async () => new Map((await units()).map((u) => [u.code, u])),
    () => live.changes.currentSeq(),
  );
  const zone = config.TIME_ZONE;
  const desk = supervisionDesk({ storage, ...catalogues, live, zone });
  const audit = new AuditLog(storage.clickhouse.client);
  let port: number | null = null;
  const publicUrl = () =>
    (config.PUBLIC_URL ?? `http://localhost:${port ?? config.PORT}`).replace(/\/+$/, '');
  const { service: notify, startLanes } = await openNotify(
    { config, storage, logger, units, publicUrl },
    closers,
  );
  const render = opts.renderReport ?? defaultRenderer;
  const reports = await openReports({ config, storage, logger, units, ...catalogues, live, render }, closers);
  const parts = {
    storage,
    ...catalogues,
    auth,
    ingest,
    engine,
    live,
    stats,
    units,
    zone,
    desk,
    audit,
    notify,
    reports,
  };
  const routers = apiRouters(parts);
  const http = serving ? await serve({ config, logger, storage, routers, auth, live, stats }, closers) : null;
  port = http?.port ?? null;
  const notifier = await startLanes();
  if (http) await reports.follow(http.realtime.io);
  if (config.SIMULATE && serving) await simulate(opts, parts, closers);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    url: http ? `http://${host}:${http.port}` : null,
    port: http?.port ?? null,
    secrets: storage.secrets,
    redis: storage.redis,
    clickhouse: storage.clickhouse,
    ingest,
    engine,
    live,
    ...catalogues,
    auth,
    realtime: http?.realtime ?? null,
    reports,
    notifier,
    close: () => closers.closeAll(logger),
  };
}

/** The ingest pipeline (its worker when the role ingests) and the alert engine (when the role judges). */
async function startPipelines(
  opts: SystemOptions,
  storage: Storage,
  catalogues: Catalogues,
  closers: Closers,
): Promise<{ ingest: IngestPipeline; engine: EngineRunner | null }> {
  const { config, logger } = opts;
  const role = config.ROLE;
  const ingest = await openIngestPipeline({
    redis: storage.redis.options,
    clickhouse: storage.clickhouse.client,
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
          redis: storage.redis.options,
          clickhouse: storage.clickhouse.client,
          rules: catalogues.rules,
          legalClock: catalogues.legalClock,
          graceMs: config.ALERT_GRACE_SECONDS * 1000,
          horizonMs: config.BACKFILL_HORIZON_HOURS * 3_600_000,
          logger,
          reconcileEveryMs: config.RECONCILE_INTERVAL_SECONDS * 1000,
          sources: catalogues.sources,
          supervision: catalogues.supervision,
          zone: config.TIME_ZONE,
          ...(opts.onAlertChanges ? { onChanges: opts.onAlertChanges } : {}),
        })
      : null;
  closers.add(async () => {
    await ingest.close(); // in-flight batches stored and handed on first
    await engine?.stop();
  });
  return { ingest, engine };
}

/**
 * Simulated events (`SIMULATE`), with the simulated systems' heartbeats as real ones would send them, and
 * simulated 督办 people (`SIMULATE_SUPERVISION` > 0) acting through the API's desk.
 */
async function simulate(opts: SystemOptions, parts: ApiParts, closers: Closers): Promise<void> {
  const { config, logger } = opts;
  const { sources, live } = parts;
  const simulation = await startSimulation({
    sink: parts.ingest.sink,
    clickhouse: parts.storage.clickhouse.client,
    logger,
    rate: config.SIMULATE_RATE,
    backfillDays: config.SIMULATE_BACKFILL_DAYS,
    heartbeat: () =>
      live.sources.observe(
        new Map(sources.specs.map((s) => [sources.keyFor(s, '450000000000'), { heartbeatAt: Date.now() }])),
      ),
  });
  closers.add(() => simulation.stop());
  if (config.SIMULATE_SUPERVISION <= 0) return;
  const people = startSupervisionPeople({ ...parts, logger, scale: config.SIMULATE_SUPERVISION });
  closers.add(() => people.stop());
}
