/**
 * The accept path shared by HTTP, the importer and the simulator: validate every item (yielding to the
 * event loop every few milliseconds), drop duplicates within the request, durably queue the rest in jobs of
 * at most `jobSize` events, then claim their ids so that the reply counts exactly: an id is `accepted` by
 * one request only, ever; every other request that sends it is told it is a duplicate.
 */
import crypto from 'node:crypto';
import { validateEvent } from '../common/events.js';
import type { PoliceEvent } from '../common/events.js';
import type { AcceptOptions, AcceptResult, EventSink, Rejection } from '../common/ingest.js';
import type { DedupeClaims } from './dedupe.js';
import { eventsJobData } from './queue.js';
import type { EventsJobData, EventsQueue } from './queue.js';

export interface QueueSinkDeps {
  queue: EventsQueue;
  claims: DedupeClaims;
  origin: string;
  now?: () => number;
  jobSize?: number;
}

/** Validation and job building yield to the event loop once they have run this long. */
const YIELD_AFTER_MS = 8;

export function newBatchId(): string {
  return crypto.randomBytes(9).toString('base64url');
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Yields to the event loop when the work since the last turn has run YIELD_AFTER_MS. */
function turnTaker(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < YIELD_AFTER_MS) return undefined;
    return nextTurn().then(() => void (since = performance.now()));
  };
}

interface Sorted {
  valid: PoliceEvent[];
  rejected: Rejection[];
  rejectedMore: number;
  duplicates: number;
}

/** Validates each item: the valid events (first of each id in the request), the rejections, in-request repeats. */
async function sortItems(items: readonly unknown[], nowMs: number, maxRejected: number): Promise<Sorted> {
  const out: Sorted = { valid: [], rejected: [], rejectedMore: 0, duplicates: 0 };
  const inRequest = new Set<string>();
  const turn = turnTaker();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const result = validateEvent(item, nowMs);
    if (!result.ok) {
      if (out.rejected.length >= maxRejected) out.rejectedMore++;
      else {
        const id = (item as { event_id?: unknown } | null)?.event_id;
        const eventId = typeof id === 'string' ? { event_id: id.slice(0, 128) } : {};
        out.rejected.push({ index, ...eventId, errors: result.errors });
      }
    } else if (inRequest.has(result.event.event_id)) out.duplicates++;
    else {
      inRequest.add(result.event.event_id);
      out.valid.push(result.event);
    }
    await turn();
  }
  return out;
}

async function buildJobs(
  valid: readonly PoliceEvent[],
  header: Omit<EventsJobData, 'batchId' | 'ids' | 'ndjson'>,
  jobSize: number,
) {
  const jobs: { name: string; data: EventsJobData; opts: { jobId: string } }[] = [];
  const turn = turnTaker();
  for (let i = 0; i < valid.length; i += jobSize) {
    const batchId = newBatchId();
    jobs.push({
      name: 'events',
      data: eventsJobData({ ...header, batchId }, valid.slice(i, i + jobSize)),
      opts: { jobId: batchId },
    });
    await turn();
  }
  return jobs;
}

export function createQueueSink(deps: QueueSinkDeps): EventSink {
  const now = deps.now ?? Date.now;
  const jobSize = deps.jobSize ?? 1_000;
  return {
    async accept(items: readonly unknown[], opts: AcceptOptions = {}): Promise<AcceptResult> {
      const nowMs = now();
      const sorted = await sortItems(items, nowMs, opts.maxRejected ?? Infinity);
      const { valid, rejected, rejectedMore } = sorted;
      const more = rejectedMore > 0 ? { rejected_more: rejectedMore } : {};
      if (valid.length === 0) return { accepted: 0, duplicates: sorted.duplicates, rejected, ...more };
      const acceptedAt = new Date(nowMs).toISOString();
      const jobs = await buildJobs(valid, { acceptedAt, origin: deps.origin }, jobSize);
      // Queue first, then claim; never the other way round. The claims decide the counts: the first batch
      // to claim an id owns it, and this request counts as accepted only the ids its own batches own (its
      // worker may have claimed them first: still ours). If the process died after claiming but before
      // queueing, an id would belong to a batch that does not exist: every resend would be counted as a
      // duplicate and skipped by the worker, and the event lost. Dying after queueing, before or while
      // claiming, loses nothing: the worker claims a job's ids itself, as it always has, and honours a
      // pending claim of its own batch; the client, without a reply, sends again, and its new batch either
      // finds the ids owned by the queued one (duplicates: that batch stores them) or takes them first (then
      // the queued batch finds them taken and skips them). Stored exactly once either way.
      await deps.queue.addBulk(jobs);
      // While the claims are being rebuilt after Redis was lost, ownership cannot be known yet: the ids are
      // reported accepted (the worker still stores each event once).
      const owned = await Promise.all(jobs.map((j) => deps.claims.claimPending(j.data.ids, j.data.batchId)));
      const accepted = owned.reduce(
        (n, list, k) => n + (list ? list.filter(Boolean).length : jobs[k]!.data.ids.length),
        0,
      );
      const duplicates = sorted.duplicates + valid.length - accepted;
      return { accepted, duplicates, rejected, ...more };
    },
  };
}
