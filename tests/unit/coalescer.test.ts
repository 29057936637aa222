/**
 * The group-commit coalescer (common/node/coalescer.ts) with a recording batch function: calls made in one turn
 * go in one batch; calls made while a batch is on its way wait and go together in the next; each caller gets
 * its own answer; a failed batch fails its own calls only; `max` bounds a batch. The health book's runs
 * (notify/queue/health.ts): consecutive notes of one channel with one result count as one note.
 */
import { expect, it } from 'vitest';
import { Coalescer } from '../../common/node/coalescer.js';
import type { ResolvedChannel } from '../../notify/channels/types.js';
import { runsOf } from '../../notify/queue/health.js';

function recorder() {
  const batches: number[][] = [];
  let release: (() => void) | null = null;
  let failNext = false;
  const c = new Coalescer<number, string>(async (items) => {
    batches.push(items);
    await new Promise<void>((r) => (release = r));
    if (failNext) {
      failNext = false;
      throw new Error('batch failed');
    }
    return items.map((i) => `answer ${i}`);
  }, 3);
  const step = async () => {
    for (let i = 0; i < 5 && !release; i++) await new Promise((r) => setImmediate(r));
    const r = release as (() => void) | null;
    release = null;
    r?.();
    await new Promise((r2) => setImmediate(r2));
  };
  return { c, batches, step, failWith: () => (failNext = true) };
}

it('sends the calls of one turn together, and those made meanwhile together next', async () => {
  const { c, batches, step } = recorder();
  const first = [c.add(1), c.add(2)];
  await new Promise((r) => setImmediate(r));
  const second = [c.add(3), c.add(4)]; // the first batch is on its way
  expect(batches).toEqual([[1, 2]]);
  await step();
  expect(await Promise.all(first)).toEqual(['answer 1', 'answer 2']);
  await step();
  expect(await Promise.all(second)).toEqual(['answer 3', 'answer 4']);
  expect(batches).toEqual([
    [1, 2],
    [3, 4],
  ]);
});

it('bounds a batch by max and sends the rest in the next', async () => {
  const { c, batches, step } = recorder();
  const all = [1, 2, 3, 4, 5].map((i) => c.add(i));
  await step();
  await step();
  expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5].map((i) => `answer ${i}`));
  expect(batches).toEqual([
    [1, 2, 3],
    [4, 5],
  ]);
});

it('fails the calls of a failed batch only, and goes on with the next', async () => {
  const { c, step, failWith } = recorder();
  failWith();
  const failed = c.add(1).catch((e: Error) => e.message);
  await new Promise((r) => setImmediate(r));
  const next = c.add(2);
  await step();
  expect(await failed).toBe('batch failed');
  await step();
  expect(await next).toBe('answer 2');
});

it('counts consecutive notes of one channel with one result as one run, in order', () => {
  const hook = { id: 'hook' } as ResolvedChannel;
  const sms = { id: 'sms' } as ResolvedChannel;
  const note = (channel: ResolvedChannel, ok: boolean, error = '') => ({
    channel,
    ok,
    outcome: ok ? ('delivered' as const) : ('failed' as const),
    error,
    now: 0,
  });
  const runs = runsOf([
    note(hook, false, 'a'),
    note(hook, false, 'b'),
    note(sms, true),
    note(hook, false, 'c'),
    note(hook, true),
    note(hook, true),
  ]);
  expect(runs.map((r) => [r.note.channel.id, r.note.ok, r.n, r.note.error])).toEqual([
    ['hook', false, 2, 'b'],
    ['sms', true, 1, ''],
    ['hook', false, 1, 'c'],
    ['hook', true, 2, ''],
  ]);
});
