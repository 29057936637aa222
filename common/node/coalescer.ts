/**
 * Group commit for round trips: calls made while one batch is on its way wait and go out together as the
 * next batch, so under load one round trip carries many calls and at rest a call waits for no other. Calls
 * made in the same turn of the event loop always go together (the first batch leaves on `setImmediate`).
 * A batch that fails fails each of its calls; the next batch goes on.
 */
interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

export class Coalescer<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private busy = false;
  private scheduled = false;

  /** `run` answers a batch's items in their order; `max`: items in one batch at most. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly max = 1_000,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.busy || this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting.splice(0, this.max);
    if (batch.length === 0) return;
    this.busy = true;
    try {
      const out = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(out[i] as O));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.busy = false;
      this.kick();
    }
  }
}
