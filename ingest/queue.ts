/** The durable events queue (BullMQ on Redis with AOF): its name, payload and options in one place. */
import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { PoliceEvent } from '../common/events.js';

export const EVENTS_QUEUE = 'vigil-events';
export const QUEUE_PREFIX = 'vigil';

interface JobHeader {
  /** Owner of the events' de-duplication claims; also the job id, so re-adding a batch is idempotent. */
  batchId: string;
  /** When the batch was accepted (ISO-8601 UTC). */
  acceptedAt: string;
  /** Where it came from (http, import, simulator, replay), for the dead-letter list. */
  origin: string;
}

/**
 * A queued batch. The validated events travel as text, serialised once when accepted: the worker makes
 * their row lines and feed entries from that text and never parses them (parsing a job of objects and
 * serialising each again cost the worker more than anything else it did).
 */
export interface EventsJobData extends JobHeader {
  /** The events' ids, in order. */
  ids: string[];
  /** The events as NDJSON: `JSON.stringify(event)` of each, in the order of `ids`, one per line. */
  ndjson: string;
}

/** A job's data for these validated events. */
export function eventsJobData(header: JobHeader, events: readonly PoliceEvent[]): EventsJobData {
  const ids: string[] = [];
  const texts: string[] = [];
  for (const e of events) {
    ids.push(e.event_id);
    texts.push(JSON.stringify(e)); // JSON text has no raw newline: one event per line
  }
  return { ...header, ids, ndjson: texts.join('\n') };
}

/** A queued batch's event ids and the JSON text of each; null if malformed. */
export function jobEvents(data: unknown): { ids: string[]; json: string[] } | null {
  const d = data as Partial<EventsJobData> | null;
  if (!d || typeof d.batchId !== 'string' || d.batchId === '') return null;
  if (!Array.isArray(d.ids) || typeof d.ndjson !== 'string') return null;
  const json = d.ids.length === 0 ? [] : d.ndjson.split('\n');
  return json.length === d.ids.length ? { ids: d.ids, json } : null;
}

/** How many events a queued batch holds and the first one's id (for the dead-letter list). */
export function jobSummary(data: unknown): { events: number; firstEventId: string | undefined } {
  const d = data as Partial<EventsJobData> | null;
  const ids = Array.isArray(d?.ids) ? d.ids : [];
  return { events: ids.length, firstEventId: ids[0] };
}

export interface EventsJobResult {
  inserted: number;
  duplicates: number;
}

export type EventsQueue = Queue<EventsJobData, EventsJobResult>;

export function createEventsQueue(connection: ConnectionOptions, prefix = QUEUE_PREFIX): EventsQueue {
  return new Queue<EventsJobData, EventsJobResult>(EVENTS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // Transient ClickHouse outages do not consume attempts (the worker re-delays the job); these are
      // for unexpected errors. After them the job stays in the failed set: the dead-letter list.
      attempts: 8,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: false,
    },
  });
}
