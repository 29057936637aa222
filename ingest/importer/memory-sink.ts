/**
 * An EventSink in memory: validates like the real accept path and drops duplicates by event_id (within a call
 * and across calls). Used by `npm run import -- --dry-run` to check a file without a pipeline, and by tests.
 */
import { validateEvent } from '../../common/events.js';
import type { PoliceEvent } from '../../common/events.js';
import type { AcceptResult, EventSink, Rejection } from '../../common/ingest.js';

export interface MemorySinkOptions {
  now?: () => number;
  /** Keep the accepted events (tests); otherwise only their ids are kept. */
  keepEvents?: boolean;
}

export class MemorySink implements EventSink {
  readonly events: PoliceEvent[] = [];
  private readonly ids = new Set<string>();
  private readonly now: () => number;
  private readonly keep: boolean;
  calls = 0;

  constructor(options: MemorySinkOptions = {}) {
    this.now = options.now ?? Date.now;
    this.keep = options.keepEvents ?? false;
  }

  get size(): number {
    return this.ids.size;
  }

  async accept(items: readonly unknown[]): Promise<AcceptResult> {
    this.calls++;
    const nowMs = this.now();
    const rejected: Rejection[] = [];
    let accepted = 0;
    let duplicates = 0;
    items.forEach((item, index) => {
      const r = validateEvent(item, nowMs);
      if (!r.ok) {
        const id =
          typeof item === 'object' && item !== null ? (item as { event_id?: unknown }).event_id : undefined;
        rejected.push({
          index,
          ...(typeof id === 'string' ? { event_id: id.slice(0, 128) } : {}),
          errors: r.errors,
        });
        return;
      }
      if (this.ids.has(r.event.event_id)) {
        duplicates++;
        return;
      }
      this.ids.add(r.event.event_id);
      if (this.keep) this.events.push(r.event);
      accepted++;
    });
    return { accepted, duplicates, rejected };
  }
}
