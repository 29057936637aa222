/**
 * The change stream on a real redis-server: entries appended by the alerts' compare-and-set script come back,
 * typed and in seq order, from `range` (null once `since` is older than the stream keeps), from `after`, and
 * from a tail that starts at the current end; a field no kind owns is skipped.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import { silentLogger } from '../../common/node/logger.js';
import { AlertStore } from '../../alerts/redis/alert-store.js';
import { ChangeStream, STREAM_KEYS, tailChangeStream } from '../../alerts/stream/change-stream.js';
import type { StreamEntry } from '../../alerts/stream/entries.js';
import { startTestRedis } from '../helpers/test-redis.js';
import type { TestRedis } from '../helpers/test-redis.js';

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startTestRedis('change-stream');
  redis = server.redis;
});
afterAll(async () => {
  await server?.stop();
});

const alert = (id: string, state: Alert['state']): Alert => ({ alert_id: id, seq: 0, state }) as Alert;
const change = (id: string, kind: AlertChange['kind'], state: Alert['state']): AlertChange => ({
  alert_id: id,
  kind,
  at: '2026-12-02T08:00:00.000Z',
  alert: alert(id, state),
});

it('range, after and a tail read the entries the compare-and-set script appended, in seq order', async () => {
  await redis.flushall();
  const store = new AlertStore(redis);
  const stream = new ChangeStream(redis);
  const tailed: StreamEntry[] = [];
  const tail = await tailChangeStream(server.handle.options, silentLogger, (e) => {
    tailed.push(...e);
  });
  expect(await store.apply([{ expectedSeq: 0, changes: [change('a', 'raised', 'open')] }])).toEqual([1]);
  expect(
    await store.apply([
      {
        expectedSeq: 1,
        changes: [change('a', 'acknowledged', 'acknowledged'), change('a', 'resolved', 'resolved')],
      },
      { expectedSeq: 5, changes: [change('b', 'raised', 'open')] }, // stale: refused, nothing appended
      { expectedSeq: 0, changes: [change('b', 'raised', 'open')] },
    ]),
  ).toEqual([3, null, 4]);
  await redis.xadd(STREAM_KEYS.stream, '5-0', 'zz', '{}'); // a kind this version does not know
  const all = (await stream.range(0))!;
  expect(all.map((e) => [e.kind, e.seq, e.kind === 'alert' ? e.change.alert.seq : 0])).toEqual([
    ['alert', 1, 1],
    ['alert', 2, 2],
    ['alert', 3, 3],
    ['alert', 4, 4],
  ]);
  expect((await stream.alertChangesSince(2))!.map((c) => [c.alert_id, c.kind])).toEqual([
    ['a', 'resolved'],
    ['b', 'raised'],
  ]);
  const deadline = Date.now() + 5_000;
  while (tailed.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(tailed.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  expect(tail.position()).toBe(5);
  await tail.stop();
  // trimmed below seq 3: a resume from 1 is no longer possible, from 2 it is
  await redis.xtrim(STREAM_KEYS.stream, 'MINID', '3-0');
  expect(await stream.range(1)).toBeNull();
  expect((await stream.range(2))!.map((e) => e.seq)).toEqual([3, 4]);
  expect((await stream.after(0)).map((e) => e.seq)).toEqual([3, 4]);
});
