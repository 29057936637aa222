/**
 * The main thread's end of one running worker thread: knows when it is ready (it says `ready`) and when it has
 * exited, passes every other message to `receive`, and closes it gracefully — it is asked to `close`, finishes
 * what it is doing, says `closed`, and is ended. The threads' own protocols add their messages.
 */

/** What the link needs of a worker thread (node:worker_threads' Worker, or a stand-in in tests). */
export interface LinkPort<In, Out> {
  on(event: 'message', listener: (m: In) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(m: Out): void;
  terminate(): Promise<number>;
}

/** The lifecycle messages every thread sends. */
export type Lifecycle = { t: 'ready' } | { t: 'closed' };

export class BaseThreadLink<In extends { t: string }, Out extends { t: string }> {
  /** Resolves when the thread says it is ready; rejects if it fails or exits before that. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code once the thread has ended. */
  readonly exited: Promise<number>;
  private readonly closed: Promise<void>;
  private hasExited = false;

  constructor(
    readonly thread: LinkPort<In, Out>,
    what: string,
    log: { error(obj: object, msg: string): void },
    receive: (m: Exclude<In, Lifecycle>) => void,
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
        else receive(m as Exclude<In, Lifecycle>);
      });
      thread.on('error', (err) => {
        log.error({ err }, `${what} failed`);
        reject(err);
      });
      void this.exited.then((code) => reject(new Error(`${what} exited (code ${code}) before it was ready`)));
    });
    this.ready.catch(() => {}); // whoever awaits it sees the failure; nobody else must
  }

  /** Asks the thread to finish what it is doing (it may still send meanwhile), then ends it. */
  async close(): Promise<void> {
    if (this.hasExited) return;
    this.thread.postMessage({ t: 'close' } as Out);
    await this.closed;
    await this.thread.terminate();
  }
}
