/** The configuration a benchmark's in-process system runs with: its own data directory, a free port, no simulator. */
import { loadConfig } from '../common/node/config.js';
import type { Config } from '../common/node/config.js';

export function benchConfig(dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    SIMULATE: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  });
}
