/**
 * The stored-events feed on a real Redis: entries the alert engine has acknowledged are trimmed, entries
 * still pending (delivered, not processed: a crash in between) or not yet read are kept and re-delivered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { publishStoredJson, STORED_STREAM, StoredFeedReader } from '../../ingest/stored-feed.js';
import { tempDir } from '../helpers/system.js';

const dir = tempDir('feed');
let handle: RedisHandle;
let redis: Redis;

beforeAll(async () => {
  handle = await openRedis(undefined, path.join(dir, 'redis'));
  redis = new Redis(handle.options);
});
afterAll(async () => {
  redis?.disconnect();
  await handle?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stored = (from: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ event_id: `f-${from + i}`, ingested_at: 'x' }));

it('trims what was acknowledged, keeps what is pending or unread, and re-delivers the pending', async () => {
  const reader = new StoredFeedReader(redis, 'engine');
  await publishStoredJson(redis, stored(0, 1_500)); // 3 entries of 500
  expect(await reader.read(2, 100)).toEqual([]); // a fresh reader first finds no pending entries of its own
  const first = await reader.read(2, 100);
  expect(first.map((e) => e.events.length)).toEqual([500, 500]);
  expect(first[0]?.events[0]?.event_id).toBe('f-0');

  // delivered, not acknowledged: nothing may go
  expect(await reader.trim()).toBe(0);
  expect(await redis.xlen(STORED_STREAM)).toBe(3);

  await reader.ack([first[0]?.id as string]);
  // the first is done; the second is pending, the third unread
  expect(await redis.xlen(STORED_STREAM)).toBe(2);
  expect(await reader.lag()).toBe(2);

  // a restarted reader gets the pending entry first, then the unread one
  const again = new StoredFeedReader(redis, 'engine');
  const pending = await again.read(10, 100);
  expect(pending.map((e) => e.id)).toEqual([first[1]?.id]);
  await again.ack(pending.map((e) => e.id));
  expect(await again.read(10, 100)).toEqual([]); // no pending entries left
  const rest = await again.read(10, 100);
  expect(rest[0]?.events[0]?.event_id).toBe('f-1000');
  await again.ack(rest.map((e) => e.id));
  await again.trim();
  // the last delivered entry may stay (it is the group's position); nothing older does
  expect(await redis.xlen(STORED_STREAM)).toBeLessThanOrEqual(1);
  expect(await again.lag()).toBe(0);
});
