/**
 * Composition root: reads the configuration, starts the roles of ROLE, prints where to go and how to log
 * in, and shuts down gracefully on SIGINT/SIGTERM (in-flight batches are stored before exit).
 */
import { ConfigError, loadConfig } from '../common/node/config.js';
import type { Config } from '../common/node/config.js';
import { createLogger } from '../common/node/logger.js';
import { RedisMissingError } from '../common/node/redis.js';
import { startSystem } from './system.js';

function loadOrExit(): Config {
  try {
    const config = loadConfig();
    if (config.ROLE !== 'all' && !config.CLICKHOUSE_URL) {
      throw new ConfigError([
        `ROLE=${config.ROLE}: separate role processes need CLICKHOUSE_URL (embedded ClickHouse belongs to one process)`,
      ]);
    }
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  let system;
  try {
    system = await startSystem({ config, logger });
  } catch (err) {
    if (err instanceof RedisMissingError) {
      console.error(err.message);
      process.exit(3);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(
        `port ${config.PORT} on ${config.HOST} is in use (another Vigil still running?): stop it, or set PORT`,
      );
      process.exit(4);
    }
    throw err;
  }
  const s = system;
  const lines = [
    '',
    '  守望 Vigil is running',
    s.url ? `  Dashboard:     ${s.url}/` : `  Role:          ${config.ROLE} (no HTTP)`,
    `  Data:          ${config.dataDir} (ClickHouse ${s.clickhouse.embedded ? 'embedded' : 'server'}, Redis ${s.redis.where})`,
    `  Admin login:   admin / ${s.secrets.generated.includes('ADMIN_PASSWORD') || !config.ADMIN_PASSWORD ? s.secrets.adminPassword : '(ADMIN_PASSWORD)'}`,
    `  Ingest token:  ${config.INGEST_TOKEN ? '(INGEST_TOKEN)' : s.secrets.ingestToken}`,
    s.url
      ? `  Send events:   curl -H 'Authorization: Bearer <ingest token>' -H 'Content-Type: application/json' -d @event.json ${s.url}/api/events`
      : '',
    '',
  ];
  console.log(lines.filter((l) => l !== '').join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight batches');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    await s.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
