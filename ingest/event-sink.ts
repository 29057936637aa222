/**
 * The accept path shared by HTTP, the importer and the simulator: validate every item, drop duplicates
 * within the request, durably queue the rest in jobs of at most `jobSize` events, and count those already
 * claimed by an earlier batch as duplicates.
 */
import crypto from 'node:crypto';
import { validateEvent } from '../common/events.js';
import type { PoliceEvent } from '../common/events.js';
import type { AcceptResult, EventSink, Rejection } from '../common/ingest.js';
import type { DedupeClaims } from './dedupe.js';
import { eventsJobData } from './queue.js';
import type { EventsQueue } from './queue.js';

export interface QueueSinkDeps {
  queue: EventsQueue;
  claims: DedupeClaims;
  origin: string;
  now?: () => number;
  jobSize?: number;
}

export function newBatchId(): string {
  return crypto.randomBytes(9).toString('base64url');
}

export function createQueueSink(deps: QueueSinkDeps): EventSink {
  const now = deps.now ?? Date.now;
  const jobSize = deps.jobSize ?? 1_000;
  return {
    async accept(items: readonly unknown[]): Promise<AcceptResult> {
      const nowMs = now();
      const rejected: Rejection[] = [];
      const valid: PoliceEvent[] = [];
      const inRequest = new Set<string>();
      let duplicates = 0;
      items.forEach((item, index) => {
        const result = validateEvent(item, nowMs);
        if (!result.ok) {
          const id = (item as { event_id?: unknown } | null)?.event_id;
          rejected.push({
            index,
            ...(typeof id === 'string' ? { event_id: id.slice(0, 128) } : {}),
            errors: result.errors,
          });
          return;
        }
        if (inRequest.has(result.event.event_id)) {
          duplicates++;
          return;
        }
        inRequest.add(result.event.event_id);
        valid.push(result.event);
      });
      if (valid.length === 0) return { accepted: 0, duplicates, rejected };
      // Queue every valid event and, at the same time, ask which were claimed already: one round trip
      // of waiting instead of two. An event claimed by an earlier batch is counted as a duplicate in the
      // reply; it is in the job anyway, and the worker's claim finds it taken and skips it (the claims,
      // not this check, make ingest exactly once). Claims of this request's own batches (a worker may be
      // quick) do not count.
      const acceptedAt = new Date(nowMs).toISOString();
      const jobs = [];
      for (let i = 0; i < valid.length; i += jobSize) {
        const batchId = newBatchId();
        jobs.push({
          name: 'events',
          data: eventsJobData({ batchId, acceptedAt, origin: deps.origin }, valid.slice(i, i + jobSize)),
          opts: { jobId: batchId },
        });
      }
      const [seen] = await Promise.all([
        deps.claims.seen(
          valid.map((e) => e.event_id),
          jobs.map((j) => j.data.batchId),
        ),
        deps.queue.addBulk(jobs),
      ]);
      const fresh = seen.reduce((n, s) => (s ? n : n + 1), 0);
      duplicates += valid.length - fresh;
      return { accepted: fresh, duplicates, rejected };
    },
  };
}
