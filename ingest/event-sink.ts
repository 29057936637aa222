/**
 * The accept path shared by HTTP, the importer and the simulator: validate every item, drop duplicates
 * (within the request and already stored), and durably queue the rest in jobs of at most `jobSize` events.
 */
import crypto from 'node:crypto';
import { validateEvent } from '../common/events.js';
import type { PoliceEvent } from '../common/events.js';
import type { AcceptResult, EventSink, Rejection } from '../common/ingest.js';
import type { DedupeClaims } from './dedupe.js';
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
      const seen = await deps.claims.seen(valid.map((e) => e.event_id));
      const fresh = valid.filter((_, i) => !seen[i]);
      duplicates += valid.length - fresh.length;
      if (fresh.length > 0) {
        const acceptedAt = new Date(nowMs).toISOString();
        const jobs = [];
        for (let i = 0; i < fresh.length; i += jobSize) {
          const batchId = newBatchId();
          jobs.push({
            name: 'events',
            data: { batchId, acceptedAt, origin: deps.origin, events: fresh.slice(i, i + jobSize) },
            opts: { jobId: batchId },
          });
        }
        await deps.queue.addBulk(jobs);
      }
      return { accepted: fresh.length, duplicates, rejected };
    },
  };
}
