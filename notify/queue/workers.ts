/**
 * The notification queues' workers. Deliveries: a rate-limited channel over its limit holds the delivery for
 * the next batched message; otherwise the courier sends it, and a failure a retry can mend is thrown so that
 * BullMQ tries again with back-off (first, doubling, up to the policy's maximum; the courier gives up 24 h after
 * the delivery was planned). Timers: a subject still waiting gets its re-notification or escalation, and the
 * next timer.
 */
import { Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseDuration } from '../../common/rules.js';
import { QUEUE_PREFIX } from '../../ingest/queue.js';
import type { NotifySetup } from '../notify-file.js';
import { planTimer } from '../plan/deliveries.js';
import { subjectKey, wantedState } from '../plan/triggers.js';
import type { Courier } from './courier.js';
import { stillWanted } from './fence.js';
import { rateOf } from './health.js';
import { deliveryJob, deliveryJobs, flushJob, timerJob, timerJobId } from './jobs.js';
import type { BulkJob, DeliverQueue, DeliveryJob, FlushJob, TimerJob, TimerQueue } from './jobs.js';
import { DELIVER_QUEUE, jobId, TIMER_QUEUE } from './keys.js';
import { heldCount, hold, takeHeld, takeToken, WINDOW_MS, windowOf } from './rate.js';
import type { TimerBook } from './timer-book.js';

export interface WorkerDeps {
  connection: ConnectionOptions;
  redis: Redis;
  setup: NotifySetup;
  courier: Courier;
  deliver: DeliverQueue;
  timers: TimerQueue;
  book: TimerBook;
  zone: string;
  now: () => number;
  concurrency?: number;
}

const ms = (d: string): number => parseDuration(d) ?? 0;

export function backoffMs(setup: NotifySetup, attemptsMade: number): number {
  const { first, max_interval } = setup.file.retry;
  return Math.min(ms(first) * 2 ** Math.max(0, attemptsMade - 1), ms(max_interval));
}

export function startDeliverWorker(deps: WorkerDeps): Worker {
  const giveUp = ms(deps.setup.file.retry.give_up_after);
  return new Worker<DeliveryJob | FlushJob | BulkJob>(
    DELIVER_QUEUE,
    async (job) => {
      const result =
        job.name === 'flush'
          ? await flush(deps, job as Job<FlushJob>, giveUp)
          : job.name === 'bulk'
            ? await bulk(deps, job as Job<BulkJob>, giveUp)
            : await deliverOne(deps, job.data as DeliveryJob, job.attemptsMade, giveUp);
      if (result === 'retry') throw new Error('the channel failed; trying again with back-off');
    },
    {
      connection: deps.connection,
      prefix: QUEUE_PREFIX,
      concurrency: deps.concurrency ?? 16,
      settings: {
        backoffStrategy: (made: number, _type?: string, _err?: Error, job?: { data?: unknown }) =>
          backoffMs(deps.setup, made + ((job?.data as DeliveryJob | undefined)?.tried ?? 0)),
      },
    },
  );
}

/** One delivery: held for the next batched message when its channel is over its rate, else sent. */
async function deliverOne(
  deps: WorkerDeps,
  data: DeliveryJob,
  made: number,
  giveUp: number,
): Promise<string> {
  const channel = deps.setup.channels.get(data.d.channel);
  if (!channel) return 'nothing'; // the file no longer has it
  const before = (data.tried ?? 0) + made;
  const limit = rateOf(channel);
  const now = deps.now();
  if (limit !== null && before === 0 && !(await takeToken(deps.redis, channel.id, limit, now))) {
    await hold(deps.redis, channel.id, data);
    await deps.deliver.add(...spread(flushJob(channel.id, (windowOf(now) + 1) * WINDOW_MS, now)));
    return 'held';
  }
  return deps.courier.send([data], before + 1, data.first + giveUp);
}

/** First deliveries in bulk, eight at a time; one that failed goes on as its own job with back-off. */
async function bulk(deps: WorkerDeps, job: Job<BulkJob>, giveUp: number): Promise<string> {
  const { ds, first } = job.data;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < ds.length) {
      const d = ds[next++]!;
      if ((await deliverOne(deps, { d, first }, 0, giveUp)) !== 'retry') continue;
      const now = deps.now();
      const retry = deliveryJob({ ...d, at: now + backoffMs(deps.setup, 1) }, now, first, 1);
      await deps.deliver.add(...spread(retry));
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, ds.length) }, lane));
  return 'sent';
}

/** One batched message of the deliveries a channel held back (taken once; a retry sends the same ones). */
async function flush(deps: WorkerDeps, job: Job<FlushJob>, giveUp: number): Promise<string> {
  const { channel } = job.data;
  let items = job.data.items;
  if (!items) {
    items = await takeHeld(deps.redis, channel);
    await job.updateData({ channel, items });
  }
  if (items.length === 0) return 'nothing';
  const now = deps.now();
  const limit = rateOf(deps.setup.channels.get(channel)!) ?? Infinity;
  if (job.attemptsMade === 0 && !(await takeToken(deps.redis, channel, limit, now))) {
    const next = flushJob(channel, (windowOf(now) + 1) * WINDOW_MS, now);
    next.data = { channel, items } as never;
    next.opts.jobId = jobId(`flush|${channel}|${items[0]!.d.id}`);
    await deps.deliver.add(...spread(next));
    return 'held';
  }
  const first = Math.min(...items.map((i) => i.first));
  // One message per recipient: a batch never carries one contact's deliveries to another's address.
  let result = 'nothing';
  for (const group of byRecipient(items)) {
    const r = await deps.courier.send(group, job.attemptsMade + 1, first + giveUp);
    if (r === 'retry' || result === 'nothing' || (r === 'gave_up' && result === 'sent')) result = r;
  }
  if ((await heldCount(deps.redis, channel)) > 0)
    await deps.deliver.add(...spread(flushJob(channel, (windowOf(now) + 1) * WINDOW_MS, now)));
  return result;
}

function byRecipient(items: readonly DeliveryJob[]): DeliveryJob[][] {
  const out = new Map<string, DeliveryJob[]>();
  for (const i of items) {
    const list = out.get(i.d.recipient);
    if (list) list.push(i);
    else out.set(i.d.recipient, [i]);
  }
  return [...out.values()];
}

const spread = <D>(j: { name: string; data: D; opts: object }): [string, D, object] => [
  j.name,
  j.data,
  j.opts,
];

export function startTimerWorker(deps: WorkerDeps): Worker {
  return new Worker<TimerJob>(
    TIMER_QUEUE,
    async (job) => {
      const t = job.data.t;
      const key = subjectKey(t.subject);
      const self = timerJobId(t);
      if (!(await stillWanted(deps.redis, t.subject, wantedState(t.kind))))
        return deps.book.add(key, [], self);
      const now = deps.now();
      const planned = planTimer(deps.setup, t, now, deps.zone);
      if (planned.deliveries.length > 0) await deps.deliver.addBulk(deliveryJobs(planned.deliveries, now));
      if (planned.timers.length > 0) await deps.timers.addBulk(planned.timers.map((x) => timerJob(x, now)));
      await deps.book.add(key, planned.timers.map(timerJobId), self);
    },
    { connection: deps.connection, prefix: QUEUE_PREFIX, concurrency: deps.concurrency ?? 4 },
  );
}
