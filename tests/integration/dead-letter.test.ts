import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import { listDeadLetters, replayDeadLetters } from '../../ingest/dead-letter.js';
import { eventsJobData } from '../../ingest/queue.js';
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

async function waitFor(cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('a batch that can never be stored is dead-lettered with its reason, and replays once the cause is fixed', async () => {
  const ch = sys.clickhouse.client;
  // An operator's constraint that these events violate: ClickHouse refuses them for good.
  await ch.command({
    query: "ALTER TABLE events ADD CONSTRAINT no_test_unit CHECK unit_code != '459999000000'",
  });
  const events = batch(20, 'dlq').map((e) => ({ ...e, unit_code: '459999000000' }));
  // Queued directly (as the accept path queues it), with fewer attempts than the default.
  await sys.ingest.queue.add(
    'events',
    eventsJobData({ batchId: 'dlq-batch', acceptedAt: new Date().toISOString(), origin: 'test' }, events),
    { jobId: 'dlq-batch', attempts: 2, backoff: { type: 'fixed', delay: 100 } },
  );
  // A good batch alongside is not held up by the bad one.
  await sys.post(batch(10, 'dlq-good'));
  await waitFor(async () => (await sys.ingest.queue.getJobCounts('failed')).failed === 1);
  await sys.ingest.drained();
  const letters = await listDeadLetters(sys.ingest.queue);
  expect(letters).toHaveLength(1);
  expect(letters[0]).toMatchObject({ jobId: 'dlq-batch', events: 20, origin: 'test', attempts: 2 });
  expect(letters[0]?.reason).toMatch(/no_test_unit|CONSTRAINT/i);
  const count = async (p: string): Promise<number> =>
    Number(
      (
        await queryRows<{ n: string }>(
          ch,
          'SELECT count() AS n FROM events WHERE startsWith(event_id, {p:String})',
          {
            p,
          },
        )
      )[0]?.n,
    );
  expect(await count('dlq-good-')).toBe(10);
  expect(await count('dlq-')).toBe(10);

  await ch.command({ query: 'ALTER TABLE events DROP CONSTRAINT no_test_unit' });
  expect(await replayDeadLetters(sys.ingest.queue, 'all')).toEqual(['dlq-batch']);
  await sys.ingest.drained();
  expect(await count('dlq-')).toBe(30);
  expect(await listDeadLetters(sys.ingest.queue)).toEqual([]);
});
