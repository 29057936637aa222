/**
 * Where a request's time went, stage by stage, for the `Server-Timing` response header (W3C Server Timing):
 * browsers' developer tools and the benchmarks read it; it names stages only, never data.
 */
export class StageTimer {
  private readonly stages: [string, number, string | undefined][] = [];
  private last = performance.now();

  /** Ends the current stage under `name`; `desc` (plain words, no quotes) says more about it. */
  lap(name: string, desc?: string): void {
    const now = performance.now();
    this.stages.push([name, now - this.last, desc]);
    this.last = now;
  }

  /** Runs `work` and records its own duration under `name` (stages run side by side may overlap). */
  async measure<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.stages.push([name, performance.now() - t0, undefined]);
    }
  }

  /** `walk;dur=12.3;desc="4 levels", events;dur=4.5`. */
  header(): string {
    return this.stages
      .map(([n, ms, d]) => `${n};dur=${ms.toFixed(1)}${d ? `;desc="${d.replace(/["\\]/g, '')}"` : ''}`)
      .join(', ');
  }

  /** Each stage's duration in ms, from a `Server-Timing` header as `header()` writes it. */
  static parse(header: string | null): Map<string, number> {
    const out = new Map<string, number>();
    for (const part of (header ?? '').split(',')) {
      const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
      if (m) out.set(m[1]!, Number(m[2]));
    }
    return out;
  }
}
