/**
 * Coalesces the rows of concurrently processed jobs into fewer, larger ClickHouse inserts (group commit).
 *
 * At most `maxInFlight` inserts run at once (default one): while an insert runs, the rows of the jobs that
 * arrive meanwhile wait and go out together as soon as it is done, so under load the inserts grow by
 * themselves instead of many small ones competing. Every insert makes a part (and later merges), and
 * embedded ClickHouse pays a large fixed cost per part: many small concurrent inserts cost several times
 * the CPU per row of a few large ones. When nothing is in flight, rows are sent when `maxRows` are waiting,
 * when every job that could add rows is waiting (`maxWaiters`, the worker's concurrency: nothing more can
 * arrive), or `lingerMs` after the first of them arrived.
 *
 * When a combined insert fails for a reason that is not transient, each part is retried alone so one bad
 * batch cannot poison the others.
 */
export type InsertFn<R> = (rows: R[]) => Promise<void>;

interface Part<R> {
  rows: R[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface BatcherOptions {
  /** Inserts running at once (default 1). */
  maxInFlight?: number;
  /** How many parts can wait at most (the worker's concurrency); when all are waiting, send at once. */
  maxWaiters?: number;
}

export class InsertBatcher<R> {
  private parts: Part<R>[] = [];
  private rowCount = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The linger of the waiting rows is over: send them as soon as an insert slot is free. */
  private due = false;
  private draining = 0;
  private partsInFlight = 0;
  private inFlight = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private readonly maxWaiters: number;

  constructor(
    private readonly insert: InsertFn<R>,
    private readonly maxRows: number,
    private readonly lingerMs: number,
    private readonly isTransient: (err: unknown) => boolean,
    options: BatcherOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.maxWaiters = options.maxWaiters ?? Infinity;
  }

  add(rows: R[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.parts.push({ rows, resolve, reject });
      this.rowCount += rows.length;
      if (!this.timer && !this.due) this.timer = setTimeout(() => this.lingerOver(), this.lingerMs);
      this.pump();
    });
  }

  /** Sends everything waiting (without lingering); resolves when nothing is waiting or in flight. */
  async drain(): Promise<void> {
    this.draining++;
    try {
      for (;;) {
        this.pump();
        if (this.inFlight.size === 0 && this.parts.length === 0) return;
        await Promise.allSettled([...this.inFlight]);
      }
    } finally {
      this.draining--;
    }
  }

  private lingerOver(): void {
    this.timer = null;
    this.due = true;
    this.pump();
  }

  /** Starts inserts while a slot is free and what is waiting should go. */
  private pump(): void {
    while (this.parts.length > 0 && this.inFlight.size < this.maxInFlight && this.shouldSend()) {
      this.sendNext();
    }
  }

  private shouldSend(): boolean {
    return (
      this.due ||
      this.draining > 0 ||
      this.rowCount >= this.maxRows ||
      this.parts.length + this.partsInFlight >= this.maxWaiters
    );
  }

  private sendNext(): void {
    // Whole parts up to maxRows (at least one part).
    let n = 0;
    let rows = 0;
    while (
      n < this.parts.length &&
      (n === 0 || rows + (this.parts[n] as Part<R>).rows.length <= this.maxRows)
    ) {
      rows += (this.parts[n] as Part<R>).rows.length;
      n++;
    }
    const parts = this.parts.splice(0, n);
    this.rowCount -= rows;
    if (this.parts.length === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.due = false;
    }
    this.partsInFlight += parts.length;
    const p = this.send(parts).finally(() => {
      this.inFlight.delete(p);
      this.partsInFlight -= parts.length;
      this.pump();
    });
    this.inFlight.add(p);
  }

  private async send(parts: Part<R>[]): Promise<void> {
    try {
      await this.insert(parts.length === 1 ? (parts[0] as Part<R>).rows : parts.flatMap((p) => p.rows));
      for (const p of parts) p.resolve();
    } catch (err) {
      if (parts.length === 1 || this.isTransient(err)) {
        for (const p of parts) p.reject(err);
        return;
      }
      for (const p of parts) {
        try {
          await this.insert(p.rows);
          p.resolve();
        } catch (partErr) {
          p.reject(partErr);
        }
      }
    }
  }
}
