/**
 * Coalesces the rows of concurrently processed jobs into fewer, larger ClickHouse inserts: a flush happens
 * when `maxRows` are waiting or `lingerMs` after the first part arrived. When a combined insert fails for a
 * reason that is not transient, each part is retried alone so one bad batch cannot poison the others.
 */
export type InsertFn<R> = (rows: R[]) => Promise<void>;

interface Part<R> {
  rows: R[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class InsertBatcher<R> {
  private parts: Part<R>[] = [];
  private rowCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly insert: InsertFn<R>,
    private readonly maxRows: number,
    private readonly lingerMs: number,
    private readonly isTransient: (err: unknown) => boolean,
  ) {}

  add(rows: R[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.parts.push({ rows, resolve, reject });
      this.rowCount += rows.length;
      if (this.rowCount >= this.maxRows) this.flush();
      else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /** Sends what is waiting now; resolves when every insert started so far has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const parts = this.parts;
    this.parts = [];
    this.rowCount = 0;
    if (parts.length === 0) return;
    const p = this.send(parts).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async send(parts: Part<R>[]): Promise<void> {
    try {
      await this.insert(parts.flatMap((p) => p.rows));
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
