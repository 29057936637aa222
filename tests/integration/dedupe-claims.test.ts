/** De-duplication claims on a real Redis: claim outcomes, and pending claims made at accept time. */
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

it('pending claims: the first batch to claim an id owns it, whoever claims first, accept path or worker', async () => {
  await claims.markReady();
  // The accept path claims first: its worker finds its pending claim and takes it as new (not "mine",
  // which would cost a ClickHouse look-up); another batch finds the id taken either way.
  expect(await claims.claimPending(['p-1', 'p-2'], 'P')).toEqual([true, true]);
  expect(await claims.claimPending(['p-1', 'p-3'], 'Q')).toEqual([false, true]);
  expect(await claims.claim(['p-1', 'p-2', 'p-3'], 'P')).toEqual(['new', 'new', 'taken']);
  expect(await claims.claim(['p-1', 'p-2'], 'P')).toEqual(['mine', 'mine']);
  expect(await claims.claimPending(['p-1'], 'P')).toEqual([true]);
  // The worker claims first (it may be quick): the accept path still counts the id as its batch's own.
  await claims.claim(['w-1'], 'W');
  expect(await claims.claimPending(['w-1', 'w-2'], 'W')).toEqual([true, true]);
  expect(await claims.claimPending(['w-1'], 'X')).toEqual([false]);
  const many = Array.from({ length: 4_100 }, (_, i) => `m-${i}`);
  expect((await claims.claimPending(many, 'M'))!.every(Boolean)).toBe(true);
  expect(new Set(await claims.claim(many, 'M'))).toEqual(new Set(['new']));
});

it('no pending claim while the claims are being rebuilt: an id already stored must not be taken by a resend', async () => {
  await redis.flushall(); // Redis lost: the claims and their ready marker are gone
  expect(await claims.isReady()).toBe(false);
  // a resend of an event stored long ago by batch OLD arrives before the rebuild
  expect(await claims.claimPending(['old-1', 'new-1'], 'RESEND')).toBeNull();
  await claims.restore([{ event_id: 'old-1', batch_id: 'OLD' }]);
  await claims.markReady();
  // the worker of the resend, after the rebuild: the stored one is taken, the new one is its own
  expect(await claims.claim(['old-1', 'new-1'], 'RESEND')).toEqual(['taken', 'new']);
  expect(await claims.claimPending(['old-1', 'new-2'], 'LATER')).toEqual([false, true]);
});
