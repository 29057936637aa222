/**
 * The ingest worker: a BullMQ worker that takes batches from the queue and runs each through the batch
 * processor (batch-processor.ts: exact de-duplication, insert through the batcher, hand-off to the
 * stored-events feed read by the alert engine) before the job completes.
 *
 * While ClickHouse is unavailable a job is put back with capped exponential back-off without using up
 * its attempts, so an outage of any length loses nothing. Rows ClickHouse rejects as data errors make the
 * job fail for good: it stays in the failed set (the dead-letter list, see dead-letter.ts).
 *
 * It reaches ClickHouse only through a WorkerStore (worker-store.ts), so it can run in a worker thread of
 * its own while the ClickHouse connection stays with the main thread (see worker-thread.ts). This module
 * must therefore not import anything that loads the embedded ClickHouse.
 */
import { Worker } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { InsertBatcher } from './batcher.js';
import { BatchProcessor, ClaimsGuard, OutageBackoff } from './batch-processor.js';
import type { WorkerLog, WorkerStore } from './batch-processor.js';
import type { DedupeClaims } from './dedupe.js';
import { isTransientInsertError } from './insert-errors.js';
import { EVENTS_QUEUE, QUEUE_PREFIX } from './queue.js';
import type { EventsJobData, EventsJobResult } from './queue.js';
import { publishStoredJson } from './stored-feed.js';

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

export function startIngestWorker(deps: IngestWorkerDeps): IngestWorker {
  const log = deps.logger;
  const batcher = new InsertBatcher<string>(
    (lines) => deps.store.insert(lines.join('')),
    deps.batchRows,
    deps.lingerMs,
    isTransientInsertError,
    { maxWaiters: deps.concurrency },
  );
  const processor = new BatchProcessor({
    claims: deps.claims,
    // Redis lost its data while we run (flushed, failed over): rebuild the claims before claiming again.
    guard: new ClaimsGuard(
      () => deps.claims.isReady(),
      () => deps.store.restoreClaims(),
    ),
    store: deps.store,
    insert: (lines) => batcher.add(lines),
    publish: (json) => publishStoredJson(deps.feed, json),
    onStored: deps.onStored,
    log,
    now: deps.now ?? Date.now,
    backoff: new OutageBackoff(),
  });
  const worker = new Worker<EventsJobData, EventsJobResult>(
    EVENTS_QUEUE,
    (job, token) => processor.process(job, token),
    {
      connection: deps.connection,
      prefix: deps.prefix ?? QUEUE_PREFIX,
      concurrency: deps.concurrency,
      maxStalledCount: 1_000,
      stalledInterval: 10_000,
      lockDuration: 30_000,
      autorun: true,
    },
  );
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
