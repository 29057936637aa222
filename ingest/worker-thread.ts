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
 * and their claims make them store each event once), and is started again.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RedisOptions } from 'ioredis';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../common/node/logger.js';
import type { DedupeClaims } from './dedupe.js';
import type { IngestWorker } from './ingest.worker.js';
import { clickHouseStore } from './worker-store.js';
import { serialiseError } from './worker-thread-protocol.js';
import type { ThreadCall, ThreadConfig, ToMain, ToThread } from './worker-thread-protocol.js';

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

const RESTART_AFTER_MS = 1_000;

/** tsx's ESM API module (its `import` export; require.resolve would give the CommonJS one). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const target = pkg.exports['./esm/api']?.import.default;
  if (!target) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(manifest), target)).href;
}

/**
 * Starts the thread from the compiled entry (dist, `.js`), or from the TypeScript source through tsx
 * when this module itself runs from source (development, tests).
 */
function spawnThread(config: ThreadConfig): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts'))
    return new Worker(new URL('./worker-thread.entry.js', self), { workerData: config });
  const entry = new URL('./worker-thread.entry.ts', self).href;
  const tsx = tsxEsmApi(self);
  const boot =
    `import(${JSON.stringify(tsx)}).then((m) => { (m.register ?? m.default.register)(); ` +
    `return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: config });
}

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
  const serve = async (call: ThreadCall): Promise<unknown> => {
    switch (call.op) {
      case 'insert':
        return store.insert(call.body);
      case 'storedIds':
        return store.storedIds(call.ids);
      case 'restoreClaims':
        return store.restoreClaims();
    }
  };

  let closing = false;
  let current: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | null = null;

  const start = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const thread = spawnThread(config);
      current = thread;
      let ready = false;
      exited = new Promise<void>((done) => thread.once('exit', () => done()));
      thread.on('message', (m: ToMain) => {
        switch (m.t) {
          case 'call':
            serve(m).then(
              (value) => thread.postMessage({ t: 'reply', id: m.id, value } satisfies ToThread),
              (err: unknown) =>
                thread.postMessage({ t: 'reply', id: m.id, error: serialiseError(err) } satisfies ToThread),
            );
            return;
          case 'log':
            log[m.level](m.obj, m.msg);
            return;
          case 'stored':
            deps.onStored?.(m.ids);
            return;
          case 'ready':
            ready = true;
            resolve();
            return;
          case 'closed':
            return;
        }
      });
      thread.on('error', (err) => {
        log.error({ err }, 'ingest worker thread failed');
        if (!ready) reject(err);
      });
      thread.on('exit', (code) => {
        if (current === thread) current = null;
        if (closing || !ready) return;
        log.error({ code }, 'ingest worker thread stopped; starting it again');
        restartTimer = setTimeout(() => {
          restartTimer = null;
          if (!closing) start().catch((err: unknown) => log.error({ err }, 'restart failed'));
        }, RESTART_AFTER_MS);
      });
    });

  await start();
  return {
    thread: () => current,
    async close() {
      closing = true;
      if (restartTimer) clearTimeout(restartTimer);
      const thread = current;
      if (!thread) return;
      // The thread stops taking jobs, finishes the active ones (it still calls us meanwhile), then says so.
      const closed = new Promise<void>((resolve) => {
        thread.on('message', (m: ToMain) => m.t === 'closed' && resolve());
        void exited.then(resolve);
      });
      thread.postMessage({ t: 'close' } satisfies ToThread);
      await closed;
      await thread.terminate();
    },
  };
}
