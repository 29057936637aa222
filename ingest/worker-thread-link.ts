/**
 * The main thread's end of one running ingest worker thread (see worker-thread.ts): answers the thread's
 * calls for ClickHouse, passes its log lines and stored-event ids on, knows when it is ready and when it
 * has exited, and closes it gracefully (the thread finishes its active jobs first).
 */
import type { WorkerLog, WorkerStore } from './batch-processor.js';
import { serialiseError } from './worker-thread-protocol.js';
import type { ThreadCall, ToMain, ToThread } from './worker-thread-protocol.js';

/** What the link needs of a worker thread (node:worker_threads' Worker, or a stand-in in tests). */
export interface ThreadPort {
  on(event: 'message', listener: (m: ToMain) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(m: ToThread): void;
  terminate(): Promise<number>;
}

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

export class ThreadLink<P extends ThreadPort = ThreadPort> {
  /** Resolves when the thread says it is ready; rejects if it fails or exits before that. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code once the thread has ended. */
  readonly exited: Promise<number>;
  private readonly closed: Promise<void>;
  private hasExited = false;

  constructor(
    readonly thread: P,
    private readonly handlers: LinkHandlers,
  ) {
    this.exited = new Promise<number>((done) =>
      thread.once('exit', (code) => {
        this.hasExited = true;
        done(code);
      }),
    );
    let markClosed: () => void = () => {};
    this.closed = new Promise<void>((resolve) => (markClosed = resolve));
    void this.exited.then(() => markClosed());
    this.ready = new Promise<void>((resolve, reject) => {
      thread.on('message', (m) => {
        if (m.t === 'ready') resolve();
        else if (m.t === 'closed') markClosed();
        else this.receive(m);
      });
      thread.on('error', (err) => {
        handlers.log.error({ err }, 'ingest worker thread failed');
        reject(err);
      });
      void this.exited.then((code) =>
        reject(new Error(`ingest worker thread exited (code ${code}) before it was ready`)),
      );
    });
    this.ready.catch(() => {}); // whoever awaits it sees the failure; nobody else must
  }

  /** Asks the thread to stop taking jobs and finish the active ones (it still calls meanwhile), then ends it. */
  async close(): Promise<void> {
    if (this.hasExited) return;
    this.thread.postMessage({ t: 'close' });
    await this.closed;
    await this.thread.terminate();
  }

  private receive(m: Exclude<ToMain, { t: 'ready' | 'closed' }>): void {
    switch (m.t) {
      case 'call':
        this.handlers.serve(m).then(
          (value) => this.thread.postMessage({ t: 'reply', id: m.id, value }),
          (err: unknown) => this.thread.postMessage({ t: 'reply', id: m.id, error: serialiseError(err) }),
        );
        return;
      case 'log':
        this.handlers.log[m.level](m.obj, m.msg);
        return;
      case 'stored':
        this.handlers.onStored?.(m.ids);
        return;
    }
  }
}
