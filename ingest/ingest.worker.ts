/**
 * The ingest worker: takes batches from the queue, keeps only the events this batch owns (exact
 * de-duplication), inserts them into ClickHouse through the batcher, and appends the stored events to
 * the stored-events feed (stored-feed.ts, read by the alert engine) before the job completes.
 *
 * While ClickHouse is unavailable a job is put back with capped exponential back-off without using up
 * its attempts, so an outage of any length loses nothing. Rows ClickHouse rejects as data errors make the
 * job fail for good: it stays in the failed set (the dead-letter list, see dead-letter.ts).
 *
 * It reaches ClickHouse only through a WorkerStore (worker-store.ts), so it can run in a worker thread of
 * its own while the ClickHouse connection stays with the main thread (see worker-thread.ts). This module
 * must therefore not import anything that loads the embedded ClickHouse.
 */
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { InsertBatcher } from './batcher.js';
import type { DedupeClaims } from './dedupe.js';
import { isTransientInsertError } from './insert-errors.js';
import { EVENTS_QUEUE, jobEvents, QUEUE_PREFIX } from './queue.js';
import type { EventsJobResult, EventsJobData } from './queue.js';
import { rowLineFromJson, rowLinePrefix, storedJsonFromJson } from './store/event-lines.js';
import { publishStoredJson } from './stored-feed.js';

/** What the worker needs of ClickHouse. */
export interface WorkerStore {
  /** Inserts rowLine lines, concatenated (each ends in a newline). */
  insert(body: string): Promise<void>;
  /** Which of these event ids are stored already. */
  storedIds(ids: string[]): Promise<Set<string>>;
  /** Rebuilds the de-duplication claims from ClickHouse (after Redis lost them). */
  restoreClaims(): Promise<void>;
}

/** The worker's messages (a pino logger, or its stand-in in a worker thread). */
export interface WorkerLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface IngestWorkerDeps {
  connection: ConnectionOptions;
  store: WorkerStore;
  claims: DedupeClaims;
  logger: WorkerLog;
  concurrency: number;
  batchRows: number;
  lingerMs: number;
  prefix?: string;
  /** Where the stored-events feed is appended (the alert engine's input). */
  feed: Redis;
  /**
   * Told the ids of the events each batch owns once they are stored and in the feed (benchmarks and
   * tests observe ingest with it; at least once).
   */
  onStored?: (eventIds: string[]) => void;
  now?: () => number;
}

export interface IngestWorker {
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;

export function startIngestWorker(deps: IngestWorkerDeps): IngestWorker {
  const now = deps.now ?? Date.now;
  const log = deps.logger;
  const batcher = new InsertBatcher<string>(
    (lines) => deps.store.insert(lines.join('')),
    deps.batchRows,
    deps.lingerMs,
    isTransientInsertError,
    { maxWaiters: deps.concurrency },
  );
  let consecutiveFailures = 0;
  // Redis lost its data while we run (flushed, failed over): rebuild the claims before claiming again.
  let restoring: Promise<void> | null = null;
  const ensureClaims = async (): Promise<void> => {
    if (await deps.claims.isReady()) return;
    restoring ??= deps.store.restoreClaims().finally(() => (restoring = null));
    await restoring;
  };

  async function process(job: Job<EventsJobData, EventsJobResult>, token?: string): Promise<EventsJobResult> {
    const { batchId } = job.data;
    const events = jobEvents(job.data);
    if (!events) throw new UnrecoverableError('malformed job: no batchId, or its event ids and texts differ');
    const { ids, json } = events;
    await ensureClaims();
    const outcomes = await deps.claims.claim(ids, batchId);
    const maybeStored = ids.filter((_, i) => outcomes[i] === 'mine');
    const already = maybeStored.length > 0 ? await deps.store.storedIds(maybeStored) : new Set();
    const ingestedAt = new Date(now()).toISOString();
    // Every event this batch owns goes to the feed, including those a crashed earlier attempt stored
    // already (the hand-off may not have happened); only those not yet stored are inserted. The queued
    // events are trusted as they are: only the accept path (event-sink.ts) queues them, after validating
    // each one, so they are not validated again here (the queue is ours, not an input).
    const prefix = rowLinePrefix(ingestedAt, batchId);
    // The row line and the feed entry of each event are made from its text in the job.
    const lines: string[] = [];
    const ownedIds: string[] = [];
    const ownedJson: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (outcomes[i] === 'taken') continue;
      const id = ids[i] as string;
      const text = json[i] as string;
      if (!already.has(id)) lines.push(rowLineFromJson(prefix, text));
      ownedIds.push(id);
      ownedJson.push(storedJsonFromJson(text, ingestedAt));
    }
    try {
      await batcher.add(lines);
      consecutiveFailures = 0;
    } catch (err) {
      if (!isTransientInsertError(err)) {
        log.error({ batchId, attempt: job.attemptsMade + 1, err: (err as Error).message }, 'insert failed');
        throw err; // retried by the queue's attempts, then dead-lettered
      }
      consecutiveFailures++;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(consecutiveFailures, 10));
      log.warn(
        { err: (err as Error).message, batchId, retryInMs: delay },
        'ClickHouse unavailable; batch re-queued',
      );
      await job.moveToDelayed(now() + delay, token);
      throw new DelayedError();
    }
    if (ownedJson.length > 0) {
      await publishStoredJson(deps.feed, ownedJson);
      deps.onStored?.(ownedIds);
    }
    return { inserted: lines.length, duplicates: ids.length - ownedIds.length };
  }

  const worker = new Worker<EventsJobData, EventsJobResult>(EVENTS_QUEUE, process, {
    connection: deps.connection,
    prefix: deps.prefix ?? QUEUE_PREFIX,
    concurrency: deps.concurrency,
    maxStalledCount: 1_000,
    stalledInterval: 10_000,
    lockDuration: 30_000,
    autorun: true,
  });
  worker.on('failed', (job, err) => {
    if (job && job.finishedOn)
      log.error({ batchId: job.data.batchId, err: err.message }, 'batch dead-lettered');
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'worker error'));

  return {
    async close() {
      // Stop taking jobs, let the active ones finish (their inserts are flushed), then stop.
      const closing = worker.close();
      await batcher.drain();
      await closing;
      await batcher.drain();
    },
  };
}
