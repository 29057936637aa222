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
  /** Attempts made before this job (in a bulk job that handed the delivery on to its own retries). */
  tried?: number;
}
/**
 * Many first deliveries in one job (a burst of alerts costs one queue job per 50 deliveries, not one each):
 * each is decided and sent on its own; one that fails goes on as its own delivery job with back-off. A bulk
 * job run twice (a crash) sends nothing twice: the fence remembers what was delivered.
 */
export interface BulkJob {
  ds: Delivery[];
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

export type DeliverQueue = Queue<DeliveryJob | FlushJob | BulkJob>;

/** Deliveries in one bulk job at most. */
export const BULK_MAX = 50;
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

export function deliveryJob(d: Delivery, now: number, first = now, tried = 0) {
  return {
    name: 'deliver',
    data: (tried > 0 ? { d, first, tried } : { d, first }) satisfies DeliveryJob,
    opts: {
      ...common,
      jobId: jobId(d.id),
      delay: Math.max(0, d.at - now),
      attempts: MAX_ATTEMPTS,
      backoff: { type: 'vigil' },
    },
  };
}

/** Queue jobs for planned deliveries: alone, or in bulk jobs of those due at the same moment. */
export function deliveryJobs(ds: readonly Delivery[], now: number) {
  const byTime = new Map<number, Delivery[]>();
  const seen = new Set<string>();
  for (const d of ds) {
    if (seen.has(d.id)) continue; // two routes to the same recipient and channel: one delivery
    seen.add(d.id);
    const at = d.at <= now ? now : d.at; // due now together; held by quiet hours, by the moment they end
    const list = byTime.get(at);
    if (list) list.push(d);
    else byTime.set(at, [d]);
  }
  const out: { name: string; data: DeliveryJob | BulkJob; opts: JobsOptions }[] = [];
  for (const [at, list] of byTime)
    for (let i = 0; i < list.length; i += BULK_MAX) {
      const part = list.slice(i, i + BULK_MAX);
      if (part.length === 1) out.push(deliveryJob(part[0]!, now));
      else
        out.push({
          name: 'bulk',
          data: { ds: part, first: now },
          opts: {
            ...common,
            jobId: jobId(`bulk|${part.map((d) => d.id).join('|')}`),
            delay: Math.max(0, at - now),
            // Only an unexpected error (Redis) fails a bulk job: it runs again, the fence skips what went.
            attempts: MAX_ATTEMPTS,
            backoff: { type: 'vigil' },
          },
        });
    }
  return out;
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
