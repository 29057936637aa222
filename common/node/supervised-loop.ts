/**
 * "Run, log, back off, retry": the one shape of every long-running loop in the roles (feed consumers, timers,
 * periodic jobs, start-up steps that must eventually succeed). A loop runs its step until told to stop; a step
 * that throws is logged with its error object (stack kept) and retried after a back-off that doubles up to a
 * bound and resets after a success. Stopping wakes any wait at once, so `stop()` returns as soon as the step
 * in progress has finished.
 */

export interface LoopLog {
  error(obj: object, msg: string): void;
}

/** What a step asks for next: run again at once (`'again'`), wait `everyMs` (`'wait'`), or end the loop. */
export type StepOutcome = 'again' | 'wait' | 'done';

export interface LoopSpec {
  /** What the loop does, for the log line of a failure ("processing stored events"). */
  what: string;
  log: LoopLog;
  /** Pause between runs when a step returns 'wait' (default 0). */
  everyMs?: number;
  /** Wait before the first run (a periodic job's first period; default 0). */
  initialDelayMs?: number;
  /** First back-off after a failure (default 1,000 ms), doubled per consecutive failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Owns the running flag and the interruptible waits of one or more loops. */
export class LoopControl {
  private running = true;
  private readonly wakers = new Set<() => void>();

  get isRunning(): boolean {
    return this.running;
  }

  /** Ends every loop of this control: waits end at once, a step in progress is finished. */
  stop(): void {
    this.running = false;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  /** Waits `ms`, or less when stopped meanwhile. */
  sleep(ms: number): Promise<void> {
    if (!this.running || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Runs `step` under `spec` until it returns 'done' or the control is stopped. Never rejects. */
  async loop(spec: LoopSpec, step: () => Promise<StepOutcome>): Promise<void> {
    const base = spec.backoffMs ?? 1_000;
    const max = Math.max(base, spec.maxBackoffMs ?? 30_000);
    let backoff = base;
    await this.sleep(spec.initialDelayMs ?? 0);
    while (this.running) {
      let outcome: StepOutcome;
      try {
        outcome = await step();
        backoff = base;
      } catch (err) {
        if (!this.running) return;
        spec.log.error({ err }, `${spec.what} failed; retrying in ${Math.round(backoff / 1000)} s`);
        await this.sleep(backoff);
        backoff = Math.min(max, backoff * 2);
        continue;
      }
      if (outcome === 'done') return;
      if (outcome === 'wait') await this.sleep(spec.everyMs ?? 0);
    }
  }
}
