/** A redis-server of the test's own on a temp dir, with one client connection; `stop` removes it all. */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { tempDir } from './system.js';

export interface TestRedis {
  handle: RedisHandle;
  redis: Redis;
  stop(): Promise<void>;
}

export async function startTestRedis(name: string): Promise<TestRedis> {
  const dir = tempDir(name);
  const handle = await openRedis(undefined, path.join(dir, 'redis'));
  const redis = new Redis({ ...handle.options, maxRetriesPerRequest: null });
  return {
    handle,
    redis,
    async stop() {
      redis.disconnect();
      await handle.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
