/**
 * Live mode: plans chains window by window just ahead of the clock and releases each event once its
 * occurred_at has passed (a few a little later), in batches of at most 1,000. Clock and timers are injected,
 * so tests drive it without waiting. A failed send is retried on the next tick.
 */
import type { PoliceEvent } from '../../common/events.js';
import type { EventSink } from '../../common/ingest.js';
import type { Unit } from '../../common/units.js';
import type { PlannedEvent } from './chain.js';
import { guangxiUnits } from './guangxi-units.js';
import { Rng, hashSeed } from './rng.js';
import { DEFAULT_RATE_PER_HOUR, planScenario, seedNumber } from './scenario.js';
import {
  BATCH_SIZE,
  DEFAULT_LATE_RATE,
  DEFAULT_MAX_LATE_MS,
  newTotals,
  sendBatch,
  withSendTimes,
  type RunnerOptions,
  type SendTotals,
} from './send.js';

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LiveOptions extends RunnerOptions {
  sink: EventSink;
  timers?: Timers;
  /** How often to release due events (ms of the injected clock). */
  tickMs?: number;
  /** Chains are planned in windows of this length, one window ahead of the clock. */
  windowMs?: number;
  /** Already planned events (e.g. the future part of a backfill) to release when due. */
  pending?: readonly PlannedEvent[];
  /** Where new chains start (e.g. the end of a backfill, so there is no gap); default: the clock at start. */
  startAt?: number;
  onError?: (err: unknown) => void;
}

interface Queued {
  at: number;
  seq: number;
  event: PoliceEvent;
}

/** Binary min-heap by (at, seq). */
class Heap {
  private readonly items: Queued[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Queued | undefined {
    return this.items[0];
  }
  push(q: Queued): void {
    const a = this.items;
    a.push(q);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i] as Queued, a[p] as Queued)) break;
      [a[i], a[p]] = [a[p] as Queued, a[i] as Queued];
      i = p;
    }
  }
  pop(): Queued | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l] as Queued, a[m] as Queued)) m = l;
        if (r < a.length && less(a[r] as Queued, a[m] as Queued)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Queued, a[i] as Queued];
        i = m;
      }
    }
    return top;
  }
}

const less = (x: Queued, y: Queued): boolean => x.at < y.at || (x.at === y.at && x.seq < y.seq);

export class LiveSimulator {
  private readonly timers: Timers;
  private readonly heap = new Heap();
  private readonly units: readonly Unit[];
  private readonly jitter: Rng;
  private seq = 0;
  private plannedUntil: number | undefined;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  readonly totals: SendTotals = newTotals();

  constructor(private readonly o: LiveOptions) {
    this.timers = o.timers ?? realTimers;
    this.units = o.units ?? guangxiUnits();
    this.jitter = new Rng(hashSeed(seedNumber(o.seed), 'live-send-order'));
    if (o.pending) this.enqueue(o.pending);
    this.plannedUntil = o.startAt;
  }

  /** Events planned but not yet sent. */
  get backlog(): number {
    return this.heap.size;
  }

  start(): void {
    if (this.state === 'running') return;
    this.state = 'running';
    this.plannedUntil ??= this.timers.now();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Resolves when the tick in progress (if any) has finished. */
  async whenIdle(): Promise<void> {
    await this.running;
  }

  /** Plans ahead and sends everything due by now (also usable without start(); nothing after stop()). */
  async tick(): Promise<void> {
    if (this.isStopped()) return;
    const now = this.timers.now();
    this.planAhead(now);
    const max = BATCH_SIZE;
    for (;;) {
      if (this.isStopped()) return;
      const batch: Queued[] = [];
      while (batch.length < max && (this.heap.peek()?.at ?? Infinity) <= now)
        batch.push(this.heap.pop() as Queued);
      if (batch.length === 0) return;
      try {
        await sendBatch(
          this.o.sink,
          batch.map((q) => q.event),
          this.totals,
        );
      } catch (err) {
        for (const q of batch) this.heap.push(q);
        this.o.onError?.(err);
        return;
      }
      if (batch.length < max) return;
    }
  }

  /** A method, so that TypeScript does not narrow the state across awaits. */
  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private planAhead(now: number): void {
    const windowMs = this.o.windowMs ?? 10 * 60_000;
    let from = this.plannedUntil ?? now;
    while (from < now + windowMs) {
      const plan = planScenario({
        seed: this.o.seed,
        start: from,
        end: from + windowMs,
        ratePerHour: this.o.ratePerHour ?? DEFAULT_RATE_PER_HOUR,
        units: this.units,
        // Live windows are planned just ahead of the clock: no measures dated before them (a backfill has
        // its own, and the bails and surveillances begun live fall due months later).
        standingMeasures: false,
        ...(this.o.violationRates ? { violationRates: this.o.violationRates } : {}),
        ...(this.o.extensionRate !== undefined ? { extensionRate: this.o.extensionRate } : {}),
        ...(this.o.duplicateRate !== undefined ? { duplicateRate: this.o.duplicateRate } : {}),
      });
      this.enqueue(plan.events);
      from += windowMs;
    }
    this.plannedUntil = from;
  }

  private enqueue(events: readonly PlannedEvent[]): void {
    const lateRate = this.o.lateRate ?? DEFAULT_LATE_RATE;
    for (const s of withSendTimes(events, this.jitter, lateRate, this.o.maxLateMs ?? DEFAULT_MAX_LATE_MS)) {
      this.heap.push({ at: s.at, seq: this.seq++, event: s.event });
    }
  }

  private schedule(ms: number): void {
    if (this.state !== 'running') return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick()
        .catch((err: unknown) => this.o.onError?.(err))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.o.tickMs ?? 1000);
        });
    }, ms);
  }
}
