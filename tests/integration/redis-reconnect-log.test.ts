/**
 * Long-lived Redis connections report an outage once and its end once (ioredis alone printed every failed
 * reconnect attempt to stderr as an "unhandled error event"), and carry on after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { connectRedis, openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { tempDir } from '../helpers/system.js';

const dir = tempDir('redis-log');
let handle: RedisHandle | null = null;
afterAll(async () => {
  await handle?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('one warning when the connection is lost, one when it is back, and commands work again', async () => {
  handle = await openRedis(undefined, path.join(dir, 'redis'));
  const logged: { obj: object; msg: string }[] = [];
  const redis = connectRedis(
    { ...handle.options, retryStrategy: () => 50 },
    { warn: (obj, msg) => logged.push({ obj, msg }) },
    'test',
  );
  await redis.set('k', 'v');
  await handle.stop();
  await new Promise((r) => setTimeout(r, 1_000)); // ~20 failed reconnect attempts
  expect(logged.map((l) => l.msg)).toEqual(['Redis connection lost; reconnecting']);
  expect(logged[0]?.obj).toMatchObject({ redis: 'test' });

  handle = await openRedis(undefined, path.join(dir, 'redis')); // the same data directory (AOF)
  await expect.poll(() => logged.length, { timeout: 10_000 }).toBe(2);
  expect(logged[1]?.msg).toBe('Redis connection back');
  expect(await redis.get('k')).toBe('v');
  redis.disconnect();
});
