/**
 * The main thread's end of one running ingest worker thread (see worker-thread.ts): answers the thread's
 * calls for ClickHouse and passes its log lines and stored-event ids on; readiness, exit and the graceful
 * close (the thread finishes its active jobs first) are common/node/thread-link.ts.
 */
import { BaseThreadLink } from '../common/node/thread-link.js';
import type { LinkPort, Lifecycle } from '../common/node/thread-link.js';
import type { WorkerLog, WorkerStore } from './batch-processor.js';
import { serialiseError } from './worker-thread-protocol.js';
import type { ThreadCall, ToMain, ToThread } from './worker-thread-protocol.js';

/** What the link needs of a worker thread (node:worker_threads' Worker, or a stand-in in tests). */
export type ThreadPort = LinkPort<ToMain, ToThread>;

export interface LinkHandlers {
  /** Answers the thread's call (its value or its error goes back to the thread). */
  serve(call: ThreadCall): Promise<unknown>;
  log: WorkerLog;
  onStored?: ((eventIds: string[]) => void) | undefined;
}

/** The store operation a thread's call asks for. */
export function serveStoreCall(store: WorkerStore, call: ThreadCall): Promise<unknown> {
  switch (call.op) {
    case 'insert':
      return store.insert(call.body);
    case 'storedIds':
      return store.storedIds(call.ids);
    case 'restoreClaims':
      return store.restoreClaims();
  }
}

export class ThreadLink<P extends ThreadPort = ThreadPort> extends BaseThreadLink<ToMain, ToThread> {
  constructor(
    override readonly thread: P,
    handlers: LinkHandlers,
  ) {
    super(thread, 'ingest worker thread', handlers.log, (m) => receive(thread, handlers, m));
  }
}

function receive(thread: ThreadPort, handlers: LinkHandlers, m: Exclude<ToMain, Lifecycle>): void {
  switch (m.t) {
    case 'call':
      handlers.serve(m).then(
        (value) => thread.postMessage({ t: 'reply', id: m.id, value }),
        (err: unknown) => thread.postMessage({ t: 'reply', id: m.id, error: serialiseError(err) }),
      );
      return;
    case 'log':
      handlers.log[m.level](m.obj, m.msg);
      return;
    case 'stored':
      handlers.onStored?.(m.ids);
      return;
  }
}
