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

it('seqs are filled in wherever a key named seq is, however many; a refused write skips its pieces', async () => {
  await redis.flushall();
  const store = new AlertStore(redis);
  const stream = new ChangeStream(redis);
  // A change whose payload carries seq keys at four places (five pieces: the table.concat path) beside a
  // string that merely looks like the placeholder, then a write refused by compare-and-set, then one more.
  const odd = {
    ...change('A-odd', 'raised', 'open'),
    seq: 0,
    extra: { seq: 0, note: '"__SEQ__" is text here', deeper: { seq: 0 } },
  } as unknown as AlertChange;
  const refused = change('A-refused', 'raised', 'open');
  const after = change('A-after', 'raised', 'open');
  await store.apply([{ expectedSeq: 0, changes: [change('A-refused', 'raised', 'open')] }]);
  const out = await store.apply([
    { expectedSeq: 0, changes: [odd, change('A-odd', 'acknowledged', 'acknowledged')] },
    { expectedSeq: 0, changes: [refused, change('A-refused', 'acknowledged', 'acknowledged')] },
    { expectedSeq: 0, changes: [after] },
  ]);
  expect(out).toEqual([3, null, 4]);
  const entries = (await stream.range(0))!;
  const oddEntry = entries.find((e) => e.seq === 2)!;
  expect(oddEntry.kind).toBe('alert');
  const body = oddEntry.change as unknown as typeof odd & {
    extra: { note: string; deeper: { seq: number } };
  };
  expect(body).toMatchObject({ seq: 2, alert: { seq: 2 }, extra: { seq: 2, deeper: { seq: 2 } } });
  expect(body.extra.note).toBe('"__SEQ__" is text here');
  const stored = await store.get('A-odd');
  expect(stored).toMatchObject({ seq: 3, state: 'acknowledged' });
  expect(await store.get('A-after')).toMatchObject({ seq: 4, alert_id: 'A-after' });
  expect(await store.get('A-refused')).toMatchObject({ seq: 1 });
});
