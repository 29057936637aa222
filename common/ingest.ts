/**
 * What every producer (HTTP route, importer, simulator) hands events to, and what it gets back
 * (the body of `202` in CONTRACT.md §3).
 */
export interface Rejection {
  /** Index of the item in the request (or the line number for files, chosen by the caller). */
  index: number;
  event_id?: string;
  errors: string[];
}

export interface AcceptResult {
  /** Events durably queued. */
  accepted: number;
  /** Events whose event_id was seen before (including twice in the same request). */
  duplicates: number;
  rejected: Rejection[];
}

export interface EventSink {
  /** Validates and durably queues; resolves once `accepted` events are in the queue. */
  accept(items: readonly unknown[]): Promise<AcceptResult>;
}

/** Limits of one request (CONTRACT.md §3). */
export const MAX_EVENTS_PER_REQUEST = 10_000;
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
