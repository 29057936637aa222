/**
 * One queued batch through the ingest worker: claim its events (exact de-duplication), insert the rows of
 * those it owns that are not stored yet, append every event it owns to the stored-events feed, and only
 * then complete. A transient insert failure (ClickHouse unavailable) puts the job back with capped
 * exponential back-off without using up an attempt; any other failure fails the attempt.
 *
 * Reaches ClickHouse only through a WorkerStore, so that it can run in a worker thread of its own; this
 * module must not import anything that loads the embedded ClickHouse.
 */
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { ClaimOutcome } from './dedupe.js';
import { isTransientInsertError } from './insert-errors.js';
import { jobEvents } from './queue.js';
import type { EventsJobData, EventsJobResult } from './queue.js';
import { rowLineFromJson, rowLinePrefix, storedJsonFromJson } from './store/event-lines.js';

/** What the worker needs of ClickHouse. */
export interface WorkerStore {
  /** Inserts rowLine lines, concatenated (each ends in a newline). */
  insert(body: string): Promise<void>;
  /** Which of these event ids are stored already. */
  storedIds(ids: string[]): Promise<Set<string>>;
  /** Rebuilds the de-duplication claims from ClickHouse (after Redis lost them). */
  restoreClaims(): Promise<void>;
}

/** The worker's messages (a pino logger, or its stand-in in a worker thread). */
export interface WorkerLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What of a batch its own claims decide: the rows to insert and the events to hand on. */
export interface OwnedEvents {
  /** Row lines of the owned events not stored yet. */
  lines: string[];
  /** Ids of every event the batch owns (stored now or by an earlier attempt). */
  ids: string[];
  /** The feed entry (stored-event JSON) of each of `ids`, in the same order. */
  json: string[];
}

/**
 * Splits a batch by its claims. Every event the batch owns goes to the feed, including those a crashed
 * earlier attempt stored already (that attempt may not have handed them on); only those not yet stored are
 * inserted. Both are made from the event's text in the job, never parsed: the accept path validated each
 * event before queueing it, and the queue is ours, not an input.
 */
export function ownedEvents(
  batch: { batchId: string; ids: readonly string[]; json: readonly string[] },
  outcomes: readonly ClaimOutcome[],
  storedAlready: ReadonlySet<string>,
  ingestedAt: string,
): OwnedEvents {
  const prefix = rowLinePrefix(ingestedAt, batch.batchId);
  const owned: OwnedEvents = { lines: [], ids: [], json: [] };
  for (let i = 0; i < batch.ids.length; i++) {
    if (outcomes[i] === 'taken') continue;
    const id = batch.ids[i] as string;
    const text = batch.json[i] as string;
    if (!storedAlready.has(id)) owned.lines.push(rowLineFromJson(prefix, text));
    owned.ids.push(id);
    owned.json.push(storedJsonFromJson(text, ingestedAt));
  }
  return owned;
}

/** The claims a batch needs: rebuilt from ClickHouse, once for all callers at a time, when Redis lost them. */
export class ClaimsGuard {
  private restoring: Promise<void> | null = null;

  constructor(
    private readonly isReady: () => Promise<boolean>,
    private readonly restore: () => Promise<void>,
  ) {}

  async ensure(): Promise<void> {
    if (await this.isReady()) return;
    this.restoring ??= this.restore().finally(() => (this.restoring = null));
    await this.restoring;
  }
}

/** How long a batch waits after a transient insert failure: doubles per failure in a row, capped. */
export class OutageBackoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
  ) {}

  /** Records a failure; the delay before the batch is tried again. */
  failed(): number {
    this.failures++;
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 10));
  }

  succeeded(): void {
    this.failures = 0;
  }
}

/** The part of a BullMQ job the processor uses. */
export interface BatchJob {
  data: EventsJobData;
  attemptsMade: number;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export interface BatchProcessorDeps {
  claims: { claim(ids: readonly string[], batchId: string): Promise<ClaimOutcome[]> };
  guard: ClaimsGuard;
  store: Pick<WorkerStore, 'storedIds'>;
  /** Inserts row lines (the batcher, which joins them into larger inserts). */
  insert(lines: string[]): Promise<void>;
  /** Appends feed entries to the stored-events feed. */
  publish(json: string[]): Promise<void>;
  onStored?: ((eventIds: string[]) => void) | undefined;
  log: WorkerLog;
  now: () => number;
  backoff: OutageBackoff;
}

export class BatchProcessor {
  constructor(private readonly deps: BatchProcessorDeps) {}

  async process(job: BatchJob, token?: string): Promise<EventsJobResult> {
    const { batchId } = job.data;
    const events = jobEvents(job.data);
    if (!events) throw new UnrecoverableError('malformed job: no batchId, or its event ids and texts differ');
    const d = this.deps;
    await d.guard.ensure();
    const outcomes = await d.claims.claim(events.ids, batchId);
    const maybeStored = events.ids.filter((_, i) => outcomes[i] === 'mine');
    const already = maybeStored.length > 0 ? await d.store.storedIds(maybeStored) : new Set<string>();
    const ingestedAt = new Date(d.now()).toISOString();
    const owned = ownedEvents({ batchId, ...events }, outcomes, already, ingestedAt);
    await this.insert(job, token, owned.lines);
    if (owned.json.length > 0) {
      await d.publish(owned.json);
      d.onStored?.(owned.ids);
    }
    return { inserted: owned.lines.length, duplicates: events.ids.length - owned.ids.length };
  }

  /** Inserts the lines; while ClickHouse is unavailable, puts the job back for later instead. */
  private async insert(job: BatchJob, token: string | undefined, lines: string[]): Promise<void> {
    const d = this.deps;
    const { batchId } = job.data;
    try {
      await d.insert(lines);
      d.backoff.succeeded();
    } catch (err) {
      if (!isTransientInsertError(err)) {
        d.log.error({ batchId, attempt: job.attemptsMade + 1, err }, 'insert failed');
        throw err; // retried by the queue's attempts, then dead-lettered
      }
      const delay = d.backoff.failed();
      d.log.warn({ err, batchId, retryInMs: delay }, 'ClickHouse unavailable; batch re-queued');
      await job.moveToDelayed(d.now() + delay, token);
      throw new DelayedError();
    }
  }
}
