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
  /** The rejections listed, in order; at most AcceptOptions.maxRejected of them. */
  rejected: Rejection[];
  /** How many more items were rejected than `rejected` lists; only present when some were left out. */
  rejected_more?: number;
}

export interface AcceptOptions {
  /** List at most this many rejections (the rest are counted in `rejected_more`); default all. */
  maxRejected?: number;
}

export interface EventSink {
  /** Validates and durably queues; resolves once `accepted` events are in the queue. */
  accept(items: readonly unknown[], opts?: AcceptOptions): Promise<AcceptResult>;
}

/** Limits of one request (CONTRACT.md §3). */
export const MAX_EVENTS_PER_REQUEST = 10_000;
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** Rejections a reply to `POST /api/events` lists at most (CONTRACT.md §3; the rest are counted). */
export const MAX_REJECTED_LISTED = 100;
