/** The notification queues (BullMQ on the same Redis): deliveries and timers, their payloads and options. */
import { Queue } from 'bullmq';
import type { ConnectionOptions, JobsOptions } from 'bullmq';
import { QUEUE_PREFIX } from '../../ingest/queue.js';
import type { Delivery, Timer } from '../plan/deliveries.js';
import { DELIVER_QUEUE, jobId, TIMER_QUEUE } from './keys.js';

export interface DeliveryJob {
  d: Delivery;
  /** When the delivery was first planned (epoch ms): retries give up 24 h (the file's retry policy) later. */
  first: number;
}
/** Deliveries held back by a rate limit, sent as one message. */
export interface FlushJob {
  channel: string;
  items?: DeliveryJob[];
}
export interface TimerJob {
  t: Timer;
}

export type DeliverQueue = Queue<DeliveryJob | FlushJob>;
export type TimerQueue = Queue<TimerJob>;

/** Attempts are bounded by the retry policy's time, not a count. */
export const MAX_ATTEMPTS = 100_000;

const common: JobsOptions = { removeOnComplete: true, removeOnFail: 1_000 };

export function openQueues(connection: ConnectionOptions): { deliver: DeliverQueue; timers: TimerQueue } {
  return {
    deliver: new Queue(DELIVER_QUEUE, { connection, prefix: QUEUE_PREFIX }),
    timers: new Queue(TIMER_QUEUE, { connection, prefix: QUEUE_PREFIX }),
  };
}

export function deliveryJob(d: Delivery, now: number, first = now) {
  return {
    name: 'deliver',
    data: { d, first } satisfies DeliveryJob,
    opts: {
      ...common,
      jobId: jobId(d.id),
      delay: Math.max(0, d.at - now),
      attempts: MAX_ATTEMPTS,
      backoff: { type: 'vigil' },
    },
  };
}

export function timerJobId(t: Timer): string {
  return jobId(`${t.step}|${t.route}|${t.kind}|${t.subject.type}|${t.subject.id}|${t.n}`);
}

export function timerJob(t: Timer, now: number) {
  return {
    name: 'timer',
    data: { t } satisfies TimerJob,
    opts: { ...common, jobId: timerJobId(t), delay: Math.max(0, t.at - now) },
  };
}

export function flushJob(channel: string, at: number, now: number) {
  return {
    name: 'flush',
    data: { channel } satisfies FlushJob,
    opts: {
      ...common,
      jobId: jobId(`flush|${channel}|${at}`),
      delay: Math.max(0, at - now),
      attempts: MAX_ATTEMPTS,
      backoff: { type: 'vigil' },
    },
  };
}
