/**
 * The ingest worker runs in a worker thread (ingest/worker-thread.ts). If the thread dies mid-ingest, it is
 * started again and every accepted event is still stored exactly once (its active batches are re-delivered
 * as stalled jobs and their claims keep them from being stored twice). Closing it leaves the main thread's
 * ClickHouse working (the thread must never load the embedded engine: ending a thread that did tears the
 * engine down under the main thread).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import type { ThreadedIngestWorker } from '../../ingest/worker-thread.js';
import { batch } from '../helpers/events.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.cleanup();
});

async function stored(prefix: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await queryRows<{ rows: string; distinct: string }>(
    sys.clickhouse.client,
    'SELECT count() AS rows, uniqExact(event_id) AS distinct FROM events WHERE startsWith(event_id, {p:String})',
    { p: prefix },
  );
  return { rows: Number(r?.rows), distinct: Number(r?.distinct) };
}

it('a worker thread that dies mid-ingest is started again, and every event is stored once', async () => {
  const worker = sys.ingest.worker as ThreadedIngestWorker;
  const first = worker.thread();
  expect(first).not.toBeNull();
  let accepted = 0;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < 20; i++) {
    posts.push(
      sys.post(batch(1_000, `thread-${i}`)).then(async (r) => {
        accepted += ((await r.json()) as { accepted: number }).accepted;
      }),
    );
  }
  // Kill it once it has work in hand.
  for (;;) {
    const c = await sys.ingest.queue.getJobCounts('active');
    if ((c.active ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await first?.terminate();
  await Promise.all(posts);
  expect(accepted).toBe(20_000);
  await sys.ingest.drained();
  expect(worker.thread()).not.toBeNull();
  expect(worker.thread()).not.toBe(first);
  expect(await stored('thread-')).toEqual({ rows: 20_000, distinct: 20_000 });
}, 180_000);

it('after the worker thread is closed, ClickHouse still answers in the main thread', async () => {
  await sys.post(batch(10, 'closing'));
  await sys.ingest.drained();
  await sys.ingest.worker?.close();
  expect(await stored('closing-')).toEqual({ rows: 10, distinct: 10 });
});
