/**
 * The stores every role opens: secrets, Redis (ours or REDIS_URL), ClickHouse (embedded or CLICKHOUSE_URL)
 * with its migrations, the rule and source catalogues, the units, and the auth service with its first admin.
 */
import { readAssessmentFile } from '../../alerts/assessment-file.js';
import type { AssessmentFile } from '../../common/assessment.js';
import type { SupervisionFile } from '../../common/supervision.js';
import { readSupervisionFile } from '../../alerts/supervision-file.js';
import { supervisionMigrations } from '../../alerts/store/supervision-migrations.js';
import { notifyMigrations } from '../../notify/store/migrations.js';
import path from 'node:path';
import type { Config } from '../../common/node/config.js';
import type { Logger } from '../../common/node/logger.js';
import { openConfiguredClickHouse } from '../../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../../common/node/clickhouse.js';
import { migrate } from '../../common/node/migrate.js';
import { connectRedis, openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { loadSecrets } from '../../common/node/secrets.js';
import type { Secrets } from '../../common/node/secrets.js';
import type { Rule } from '../../common/rules.js';
import type { Unit } from '../../common/units.js';
import { readLegalClock } from '../../alerts/calendar-file.js';
import type { LegalClock } from '../../alerts/engine/legal-clock.js';
import { readRules } from '../../alerts/rules-file.js';
import { defaultSourcesPath, readSources, simulatorSourcesPath } from '../../alerts/sources-file.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import { alertMigrations } from '../../alerts/store/migrations.js';
import { ingestMigrations } from '../../ingest/store/migrations.js';
import { saveUnits } from '../../ingest/store/units-store.js';
import { readUnitsFile } from '../../ingest/units-file.js';
import { guangxiUnits } from '../../ingest/simulator/guangxi-units.js';
import { authMigrations, createAuth, ensureInitialAdmin } from '../auth/index.js';
import type { Auth } from '../auth/index.js';
import { auditMigrations } from '../services/audit.js';
import { scaledLimits } from '../simulation/scaled-limits.js';
import type { Closers } from './closers.js';

export interface Storage {
  secrets: Secrets;
  redis: RedisHandle;
  clickhouse: ClickHouseHandle;
}

export interface Catalogues {
  rules: Rule[];
  sources: SourceCatalog;
  /** Counts day and month limits on the working-day calendar in the unit's zone. */
  legalClock: LegalClock;
  /** 督办 level limits and automatic policies (SUPERVISION_FILE). */
  supervision: SupervisionFile;
  /** 考评 weights (ASSESSMENT_FILE), checked against the rules in force. */
  assessment: AssessmentFile;
}

export async function openStorage(config: Config, logger: Logger, closers: Closers): Promise<Storage> {
  const secrets = loadSecrets(config.dataDir, {
    ingestToken: config.INGEST_TOKEN,
    adminPassword: config.ADMIN_PASSWORD,
  });
  const redis = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  closers.add(() => redis.stop());
  logger.info({ redis: redis.where, owned: redis.owned }, 'redis ready');
  // Every role reads or writes ClickHouse. Embedded chDB binds DATA_DIR to one process, so separate
  // role processes need CLICKHOUSE_URL (checked in main.ts).
  const clickhouse = await openConfiguredClickHouse(config);
  closers.add(() => clickhouse.close());
  const applied = await migrate(clickhouse.client, [
    ...ingestMigrations,
    ...alertMigrations,
    ...authMigrations,
    ...auditMigrations,
    ...supervisionMigrations,
    ...notifyMigrations,
  ]);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  return { secrets, redis, clickhouse };
}

export function readCatalogues(config: Config, logger: Logger): Catalogues {
  const rules = readRules(config.RULES_FILE);
  const legalClock = readLegalClock(config.CALENDAR_FILE, config.TIME_ZONE);
  // The simulator's sources heartbeat and carry expectations; a real installation's default has none.
  const sourcesFile =
    config.SOURCES_FILE ?? (config.SIMULATE ? simulatorSourcesPath() : defaultSourcesPath());
  const sources = readSources(sourcesFile, rules, config.TIME_ZONE);
  if (sources.monitored)
    logger.info({ sourcesFile }, 'source health monitored: overdue alerts are held while a source is down');
  let supervision = readSupervisionFile(config.SUPERVISION_FILE);
  // The simulated 督办 people live faster than real time; so do the shipped limits they are held to.
  if (config.SIMULATE && config.SIMULATE_SUPERVISION > 0 && !config.SUPERVISION_FILE) {
    supervision = scaledLimits(supervision, config.SIMULATE_SUPERVISION);
    logger.info({ scale: config.SIMULATE_SUPERVISION, levels: supervision.levels }, 'simulated 督办 limits');
  }
  const assessment = readAssessmentFile(
    config.ASSESSMENT_FILE,
    rules.map((r) => r.id),
  );
  return { rules, sources, legalClock, supervision, assessment };
}

/** Units shipped (simulator) or configured (UNITS_FILE), stored for names and the hierarchy. */
export async function storeUnits(config: Config, storage: Storage, extra: readonly Unit[]): Promise<void> {
  const units = [...extra, ...(config.SIMULATE ? guangxiUnits() : [])];
  if (config.UNITS_FILE) units.push(...readUnitsFile(config.UNITS_FILE));
  await saveUnits(storage.clickhouse.client, units);
}

/**
 * ioredis options for the connections requests wait on (auth, the API's live reads and actions): a command
 * that gets no answer within 3 s fails (503 `unavailable`) instead of holding the request while Redis is
 * down or hangs; queued commands also fail after one reconnect attempt.
 */
export const REQUEST_PATH_REDIS = { maxRetriesPerRequest: 1, commandTimeout: 3_000 } as const;

export async function openAuth(
  config: Config,
  storage: Storage,
  logger: Logger,
  closers: Closers,
): Promise<Auth> {
  const authRedis = connectRedis({ ...storage.redis.options, ...REQUEST_PATH_REDIS }, logger, 'auth');
  closers.add(() => authRedis.quit());
  const auth = createAuth({
    clickhouse: storage.clickhouse.client,
    redis: authRedis,
    sessionTtlMs: config.SESSION_HOURS * 3600_000,
    kioskTtlMs: config.KIOSK_TOKEN_DAYS * 24 * 3600_000,
  });
  const initialAdmin = await ensureInitialAdmin(auth.users, storage.secrets.adminPassword);
  if (initialAdmin !== 'exists') logger.warn({ initialAdmin }, 'initial admin user ready');
  return auth;
}
