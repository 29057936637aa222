/**
 * Keeps one worker thread running until closed: the first start must succeed (its failure is the
 * caller's), and afterwards a thread that ends or fails to start is logged and started again after a
 * pause (a supervised loop, common/node/supervised-loop.ts). Closing stops the restarts and closes the
 * running thread gracefully.
 */
import { LoopControl } from './supervised-loop.js';
import type { LoopLog, StepOutcome } from './supervised-loop.js';

/** One running thread as the supervisor sees it (a ThreadLink). */
export interface SupervisedThread {
  ready: Promise<void>;
  exited: Promise<number>;
  close(): Promise<void>;
}

export class ThreadSupervisor<T extends SupervisedThread> {
  private readonly control = new LoopControl();
  private running: T | null = null;
  private supervising: Promise<void> = Promise.resolve();

  constructor(
    private readonly what: string,
    private readonly spawn: () => T,
    private readonly log: LoopLog,
    private readonly restartAfterMs = 1_000,
  ) {}

  /** Starts the first thread; rejects if it fails before it is ready. */
  async start(): Promise<void> {
    await this.startOne();
    this.supervising = this.control.loop(
      {
        what: `running ${this.what}`,
        log: this.log,
        backoffMs: this.restartAfterMs,
        maxBackoffMs: this.restartAfterMs,
      },
      () => this.runOne(),
    );
  }

  /** The running thread (null while it is being replaced). */
  current(): T | null {
    return this.running;
  }

  async close(): Promise<void> {
    this.control.stop();
    await this.running?.close();
    await this.supervising;
  }

  private async startOne(): Promise<T> {
    const thread = this.spawn();
    this.running = thread;
    try {
      await thread.ready;
    } catch (err) {
      if (this.running === thread) this.running = null;
      throw err;
    }
    return thread;
  }

  /** Runs a thread (the one started already, or a new one) until it ends. */
  private async runOne(): Promise<StepOutcome> {
    const thread = this.running ?? (await this.startOne());
    const code = await thread.exited;
    if (this.running === thread) this.running = null;
    if (!this.control.isRunning) return 'done';
    throw new Error(`${this.what} exited (code ${code})`);
  }
}
