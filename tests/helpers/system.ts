/**
 * Starts the real system in-process for integration tests: a temp DATA_DIR with its own redis-server
 * (unix socket) and embedded ClickHouse, HTTP on a free loopback port. chDB binds one data directory per
 * process, so a test file starts at most one system.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../common/node/config.js';
import { createLogger, silentLogger } from '../../common/node/logger.js';
import { startSystem } from '../../server/system.js';
import type { RunningSystem, SystemOptions } from '../../server/system.js';

export interface TestSystem extends RunningSystem {
  dataDir: string;
  url: string;
  post(body: string | unknown, contentType?: string, token?: string): Promise<Response>;
  cleanup(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `vigil-${prefix}-`));
}

export async function startTestSystem(
  env: Record<string, string> = {},
  extra: Partial<Pick<SystemOptions, 'onStored' | 'onAlertChanges' | 'renderReport'>> = {},
): Promise<TestSystem> {
  const dataDir = env.DATA_DIR ?? tempDir('sys');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    INGEST_TOKEN: 'test-ingest-token-0123456789',
    ADMIN_PASSWORD: 'test-admin-password',
    INGEST_LINGER_MS: '20',
    ...env,
  });
  const system = await startSystem({
    config,
    logger: env.LOG_LEVEL ? createLogger(env.LOG_LEVEL) : silentLogger,
    ...extra,
  });
  const url = system.url as string;
  return {
    ...system,
    url,
    dataDir,
    post(body, contentType = 'application/json', token = 'test-ingest-token-0123456789') {
      return fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async cleanup() {
      await system.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
