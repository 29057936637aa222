/**
 * Wake-up times per member for the memory state: a binary min-heap with lazy deletion, ordered by (time, id)
 * so that ties are processed in a fixed order — the order of a Redis sorted set, which the Redis state uses.
 */
export class WakeQueue {
  private readonly heap: { at: number; id: string }[] = [];
  private readonly current = new Map<string, number>();

  /** Sets (or clears, with null) the wake time of an id. */
  set(id: string, at: number | null): void {
    if (at === null) {
      this.current.delete(id);
      return;
    }
    if (this.current.get(id) === at) return;
    this.current.set(id, at);
    this.push({ at, id });
  }

  get size(): number {
    return this.current.size;
  }

  /** The earliest wake time, or null when nothing waits. */
  peek(): number | null {
    while (this.heap.length > 0 && this.current.get(this.heap[0]!.id) !== this.heap[0]!.at) this.pop();
    return this.heap[0]?.at ?? null;
  }

  /** Removes and returns the ids due at or before `now` (at most `limit`), in (time, id) order. */
  popDue(now: number, limit = Infinity): string[] {
    const out: string[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now && out.length < limit) {
      const top = this.pop();
      if (this.current.get(top.id) === top.at) {
        this.current.delete(top.id);
        out.push(top.id);
      }
    }
    return out;
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i]!;
    this.heap[i] = this.heap[j]!;
    this.heap[j] = t;
  }

  private push(entry: { at: number; id: string }): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): { at: number; id: string } {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.less(l, m)) m = l;
        if (r < this.heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
