/** The durable events queue (BullMQ on Redis with AOF): its name, payload and options in one place. */
import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { PoliceEvent } from '../common/events.js';

export const EVENTS_QUEUE = 'vigil-events';
export const QUEUE_PREFIX = 'vigil';

export interface EventsJobData {
  /** Owner of the events' de-duplication claims; also the job id, so re-adding a batch is idempotent. */
  batchId: string;
  /** When the batch was accepted (ISO-8601 UTC). */
  acceptedAt: string;
  /** Where it came from (http, import, simulator, replay), for the dead-letter list. */
  origin: string;
  events: PoliceEvent[];
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
