/** Inside the ingest worker thread (see worker-thread.ts): the worker, with ClickHouse reached by calls. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ConnectionOptions } from 'bullmq';
import { connectRedis } from '../common/node/redis.js';
import { DedupeClaims } from './dedupe.js';
import { startIngestWorker } from './ingest.worker.js';
import type { WorkerLog, WorkerStore } from './batch-processor.js';
import { deserialiseError } from './worker-thread-protocol.js';
import type { ThreadCall, ThreadConfig, ToMain, ToThread } from './worker-thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker-thread.entry runs only as a worker thread');
const config = workerData as ThreadConfig;

let nextId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function call<T>(c: ThreadCall): Promise<T> {
  const id = ++nextId;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    port?.postMessage({ t: 'call', id, ...c } satisfies ToMain);
  });
}

const store: WorkerStore = {
  insert: (body) => call<void>({ op: 'insert', body }),
  storedIds: (ids) => call<Set<string>>({ op: 'storedIds', ids }),
  restoreClaims: () => call<void>({ op: 'restoreClaims' }),
};

const logger: WorkerLog = {
  error: (obj, msg) => port.postMessage({ t: 'log', level: 'error', obj, msg } satisfies ToMain),
  warn: (obj, msg) => port.postMessage({ t: 'log', level: 'warn', obj, msg } satisfies ToMain),
};

const connection = { ...config.redis, maxRetriesPerRequest: null };
const redis = connectRedis(connection, logger, 'ingest-thread claims');
const feed = connectRedis(connection, logger, 'ingest-thread feed');
const worker = startIngestWorker({
  connection: connection as ConnectionOptions,
  store,
  claims: new DedupeClaims(redis),
  logger,
  concurrency: config.concurrency,
  batchRows: config.batchRows,
  lingerMs: config.lingerMs,
  prefix: config.prefix,
  feed,
  // Only the ids go to the main thread, and only when it watches (benchmarks, tests).
  ...(config.handOff
    ? { onStored: (ids: string[]) => port.postMessage({ t: 'stored', ids } satisfies ToMain) }
    : {}),
});

port.on('message', (m: ToThread) => {
  if (m.t === 'reply') {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(deserialiseError(m.error));
    else p?.resolve(m.value);
    return;
  }
  void worker
    .close()
    .catch((err: unknown) => logger.error({ err }, 'closing the ingest worker failed'))
    .then(() => Promise.all([redis.quit(), feed.quit()]))
    .catch(() => {
      redis.disconnect();
      feed.disconnect();
    })
    .finally(() => port.postMessage({ t: 'closed' } satisfies ToMain));
});

port.postMessage({ t: 'ready' } satisfies ToMain);
