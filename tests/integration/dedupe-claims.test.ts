/** De-duplication claims on a real Redis: claim outcomes, and the accept-time check that skips own batches. */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { DedupeClaims } from '../../ingest/dedupe.js';
import { tempDir } from '../helpers/system.js';

const dir = tempDir('dedupe');
let handle: RedisHandle;
let redis: Redis;
let claims: DedupeClaims;

beforeAll(async () => {
  handle = await openRedis(undefined, path.join(dir, 'redis'));
  redis = new Redis(handle.options);
  claims = new DedupeClaims(redis);
});
afterAll(async () => {
  redis?.disconnect();
  await handle?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('claims: new for the first batch, mine again for it, taken for any other', async () => {
  const ids = Array.from({ length: 2_500 }, (_, i) => `c-${i}`); // more than one script call
  expect(new Set(await claims.claim(ids, 'A'))).toEqual(new Set(['new']));
  expect(new Set(await claims.claim(ids, 'A'))).toEqual(new Set(['mine']));
  const mixed = await claims.claim(['c-1', 'c-fresh'], 'B');
  expect(mixed).toEqual(['taken', 'new']);
});

it('seen: ids claimed by other batches, not those of the caller’s own batches', async () => {
  await claims.claim(['s-1', 's-2'], 'own-1');
  await claims.claim(['s-3'], 'other');
  const ids = ['s-1', 's-2', 's-3', 's-4'];
  expect(await claims.seen(ids)).toEqual([true, true, true, false]);
  expect(await claims.seen(ids, ['own-1', 'own-2'])).toEqual([false, false, true, false]);
  expect(await claims.seen([], ['own-1'])).toEqual([]);
  const many = Array.from({ length: 4_100 }, (_, i) => (i % 2 === 0 ? 's-3' : `s-none-${i}`));
  const seen = await claims.seen(many, ['own-1']);
  expect(seen).toHaveLength(4_100);
  expect(seen.filter(Boolean)).toHaveLength(2_050);
});
