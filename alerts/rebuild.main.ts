/**
 * `npm run rebuild`: rebuilds the alert engine's live state in Redis from ClickHouse (alerts, 督办 orders, facts,
 * obligations and their wake-ups). Run it with Vigil stopped when ClickHouse is embedded (one process owns
 * DATA_DIR); with CLICKHOUSE_URL it can run beside a live system. Vigil also does this by itself at start
 * when Redis has no engine state.
 */
import path from 'node:path';
import { Redis } from 'ioredis';
import { openConfiguredClickHouse } from '../common/node/clickhouse.js';
import { loadConfig } from '../common/node/config.js';
import { createLogger } from '../common/node/logger.js';
import { migrate } from '../common/node/migrate.js';
import { openRedis } from '../common/node/redis.js';
import { ingestMigrations } from '../ingest/store/migrations.js';
import { readLegalClock } from './calendar-file.js';
import { rebuildFromClickHouse } from './recovery/rebuild.js';
import { readRules } from './rules-file.js';
import { alertMigrations } from './store/migrations.js';
import { supervisionMigrations } from './store/supervision-migrations.js';
import { readSupervisionFile } from './supervision-file.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'rebuild');
  const redisHandle = await openRedis(config.REDIS_URL, path.join(config.dataDir, 'redis'));
  const clickhouse = await openConfiguredClickHouse(config);
  await migrate(clickhouse.client, [...ingestMigrations, ...alertMigrations, ...supervisionMigrations]);
  const redis = new Redis({ ...redisHandle.options, maxRetriesPerRequest: null });
  try {
    const report = await rebuildFromClickHouse({
      redis,
      clickhouse: clickhouse.client,
      rules: readRules(config.RULES_FILE),
      legalClock: readLegalClock(config.CALENDAR_FILE, config.TIME_ZONE),
      graceMs: config.ALERT_GRACE_SECONDS * 1000,
      horizonMs: config.BACKFILL_HORIZON_HOURS * 3_600_000,
      logger,
      policies: readSupervisionFile(config.SUPERVISION_FILE).policies,
    });
    console.log(
      `rebuilt in ${report.seconds.toFixed(1)} s: ${report.events} events → ${report.records} entity records, ` +
        `${report.obligations} obligations, ${report.alerts} alerts restored, ${report.raised} changes raised while Redis was down`,
    );
  } finally {
    redis.disconnect();
    await clickhouse.close();
    await redisHandle.stop();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
