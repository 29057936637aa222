/**
 * Runs a task on request, at most once every `minMs` (start to start) and never twice at once: requests in
 * between fold into one run at the earliest allowed moment. Pure: the clock and the timers are injected.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private lastStart = -Infinity;
  private running = false;
  private wanted = false;
  private timer: unknown = null;
  private disposed = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly minMs: number,
    private readonly timers: Timers = browserTimers,
    /** Wait this long before the first run (so a quick succession of subjects loads only the last). */
    firstDelayMs = 0,
  ) {
    if (firstDelayMs > 0) this.lastStart = timers.now() + firstDelayMs - minMs;
  }

  /** A run is wanted: now if allowed, else at the earliest allowed moment (once, however often asked). */
  request(): void {
    if (this.disposed) return;
    this.wanted = true;
    this.pump();
  }

  /** No more runs; a run in flight finishes but nothing follows it. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (!this.wanted || this.running || this.timer !== null || this.disposed) return;
    const wait = this.lastStart + this.minMs - this.timers.now();
    if (wait > 0) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.wanted = false;
    this.running = true;
    this.lastStart = this.timers.now();
    void this.task()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
