/**
 * The ingest worker in a worker thread of its own, so that storing (taking batches from the queue,
 * claiming their event ids, writing the rows) and accepting (HTTP, validation, queueing) do not share one
 * event loop: on a machine with two cores the two halves run side by side.
 *
 * The thread has its own Redis connections (the queue and the de-duplication claims); ClickHouse stays
 * with the main thread, which owns the connection (embedded chDB binds one data directory per process).
 * The thread asks the main thread for the few things that need it — insert these rows, which of these ids
 * are stored, rebuild the claims — and the main thread answers each call. The thread appends the stored
 * events to the stored-events feed itself (its own Redis connection): the main thread, which also
 * accepts HTTP, never handles them again.
 *
 * The thread must never load the embedded ClickHouse (chDB): it is one engine per process, and a thread
 * that loaded it tears it down when it ends, leaving the main thread's queries hanging. So the thread's
 * modules (worker-thread.entry.ts and what it imports) do not import common/node/clickhouse.ts
 * (tests/integration/ingest-thread.test.ts would hang otherwise).
 *
 * The guarantees are those of the worker itself: a job completes only after its rows are inserted and
 * handed on; a thread that dies leaves its jobs to BullMQ's stalled-job recovery (they are re-delivered
 * and their claims make them store each event once), and is started again (common/node/thread-supervisor.ts).
 */
import type { Worker } from 'node:worker_threads';
import type { RedisOptions } from 'ioredis';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../common/node/logger.js';
import type { DedupeClaims } from './dedupe.js';
import type { IngestWorker } from './ingest.worker.js';
import { spawnThread } from '../common/node/spawn-thread.js';
import { ThreadSupervisor } from '../common/node/thread-supervisor.js';
import { clickHouseStore } from './worker-store.js';
import { ThreadLink, serveStoreCall } from './worker-thread-link.js';
import type { ThreadCall, ThreadConfig } from './worker-thread-protocol.js';

export interface WorkerThreadDeps {
  redis: RedisOptions;
  clickhouse: ClickHouseClient;
  /** The main thread's claims (for rebuilding them from ClickHouse). */
  claims: DedupeClaims;
  logger: Logger;
  concurrency: number;
  batchRows: number;
  lingerMs: number;
  prefix: string;
  /** Told the ids of stored events (see IngestWorkerDeps.onStored). */
  onStored?: (eventIds: string[]) => void;
}

/** Pause before a thread that ended is started again. */
const RESTART_AFTER_MS = 1_000;

export interface ThreadedIngestWorker extends IngestWorker {
  /** The running thread (for tests that make it die). */
  thread(): Worker | null;
}

export async function startIngestWorkerThread(deps: WorkerThreadDeps): Promise<ThreadedIngestWorker> {
  const log = deps.logger.child({ component: 'ingest-worker' });
  const config: ThreadConfig = {
    redis: deps.redis,
    prefix: deps.prefix,
    concurrency: deps.concurrency,
    batchRows: deps.batchRows,
    lingerMs: deps.lingerMs,
    handOff: deps.onStored !== undefined,
  };
  const store = clickHouseStore(deps.clickhouse, deps.claims, deps.logger);
  const handlers = { serve: (call: ThreadCall) => serveStoreCall(store, call), log, onStored: deps.onStored };
  const supervisor = new ThreadSupervisor(
    'the ingest worker thread',
    () => new ThreadLink<Worker>(spawnThread(import.meta.url, './worker-thread.entry', config), handlers),
    log,
    RESTART_AFTER_MS,
  );
  await supervisor.start();
  return {
    thread: () => supervisor.current()?.thread ?? null,
    close: () => supervisor.close(),
  };
}
