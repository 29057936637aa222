/**
 * The ingest role assembled from its parts, given open connections: migrations, de-duplication claims
 * (rebuilt from ClickHouse when Redis lost them), the queue sink, and optionally a worker.
 */
import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EventSink } from '../common/ingest.js';
import type { Logger } from '../common/node/logger.js';
import { connectRedis } from '../common/node/redis.js';
import { DedupeClaims } from './dedupe.js';
import { createQueueSink } from './event-sink.js';
import { startIngestWorker } from './ingest.worker.js';
import { clickHouseStore } from './worker-store.js';
import type { IngestWorker } from './ingest.worker.js';
import { createEventsQueue, QUEUE_PREFIX } from './queue.js';
import type { EventsQueue } from './queue.js';
import { restoreClaims } from './restore-claims.js';
import { startIngestWorkerThread } from './worker-thread.js';

export interface IngestPipelineOptions {
  redis: RedisOptions;
  clickhouse: ClickHouseClient | null;
  logger: Logger;
  /** Run a worker in this process (needs ClickHouse). */
  worker: boolean;
  concurrency: number;
  batchRows: number;
  lingerMs: number;
  origin: string;
  prefix?: string;
  /** Told the ids of stored events (benchmarks, tests; see IngestWorkerDeps.onStored). */
  onStored?: (eventIds: string[]) => void;
  now?: () => number;
  /**
   * Run the worker in a worker thread of its own (see worker-thread.ts), so that accepting and storing
   * use two cores. Default: yes, unless a clock is injected (`now`: a function cannot cross threads).
   */
  workerThread?: boolean;
}

export interface IngestPipeline {
  sink: EventSink;
  queue: EventsQueue;
  claims: DedupeClaims;
  worker: IngestWorker | null;
  /** Resolves once no batch is waiting, active or delayed. */
  drained(pollMs?: number): Promise<void>;
  /** Stops taking work, finishes what is in flight, closes connections. */
  close(): Promise<void>;
}

export async function openIngestPipeline(opts: IngestPipelineOptions): Promise<IngestPipeline> {
  const prefix = opts.prefix ?? QUEUE_PREFIX;
  const redis = connectRedis({ ...opts.redis, maxRetriesPerRequest: null }, opts.logger, 'ingest');
  const connection = { ...opts.redis, maxRetriesPerRequest: null } as ConnectionOptions;
  const claims = new DedupeClaims(redis);
  const queue = createEventsQueue(connection, prefix);
  let worker: IngestWorker | null = null;
  if (opts.worker) {
    if (!opts.clickhouse) throw new Error('an ingest worker needs ClickHouse');
    if (!(await claims.isReady())) await restoreClaims(opts.clickhouse, claims, opts.logger);
    const inThread = opts.workerThread ?? opts.now === undefined;
    worker = inThread
      ? await startIngestWorkerThread({
          redis: opts.redis,
          clickhouse: opts.clickhouse,
          claims,
          logger: opts.logger,
          concurrency: opts.concurrency,
          batchRows: opts.batchRows,
          lingerMs: opts.lingerMs,
          prefix,
          ...(opts.onStored ? { onStored: opts.onStored } : {}),
        })
      : startIngestWorker({
          connection,
          store: clickHouseStore(opts.clickhouse, claims, opts.logger),
          claims,
          logger: opts.logger.child({ component: 'ingest-worker' }),
          concurrency: opts.concurrency,
          batchRows: opts.batchRows,
          lingerMs: opts.lingerMs,
          prefix,
          feed: redis,
          ...(opts.onStored ? { onStored: opts.onStored } : {}),
          ...(opts.now ? { now: opts.now } : {}),
        });
  }
  const sink = createQueueSink({
    queue,
    claims,
    origin: opts.origin,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return {
    sink,
    queue,
    claims,
    worker,
    async drained(pollMs = 100) {
      for (;;) {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(c).every((n) => n === 0)) return;
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    async close() {
      if (worker) await worker.close();
      await queue.close();
      redis.disconnect();
    },
  };
}
