/** Redis keys and queue names of the notifications (live state; what was sent is recorded in ClickHouse). */
import { createHash } from 'node:crypto';

export const NOTIFY_KEYS = {
  /** The last change-stream seq the dispatcher planned. */
  cursor: 'vigil:notify:cursor',
  /** subject key (`a|<alert id>`, `s|<order id>`) → the ids of its pending timer jobs, space-separated. */
  timers: 'vigil:notify:timers',
  /** Set (with a TTL) once a delivery was delivered: never twice. */
  done: (deliveryId: string) => `vigil:notify:done:${jobId(deliveryId)}`,
  /** Held while one sender sends a delivery (expires: a crashed sender's delivery is tried again). */
  sending: (deliveryId: string) => `vigil:notify:sending:${jobId(deliveryId)}`,
  /** channel id → JSON {fails, last_at, last_outcome, last_error, alert_id}. */
  health: 'vigil:notify:health',
  /** Attempts waiting to be recorded in ClickHouse (JSON rows). */
  attempts: 'vigil:notify:attempts',
  /** Messages sent by a channel in one minute window. */
  rate: (channel: string, minute: number) => `vigil:notify:rate:${channel}:${minute}`,
  /** Deliveries held back by a channel's rate limit, to go in the next batched message. */
  batch: (channel: string) => `vigil:notify:batch:${channel}`,
} as const;

export const DELIVER_QUEUE = 'vigil-notify';
export const TIMER_QUEUE = 'vigil-notify-timers';

/** How long "delivered" is remembered: longer than any delivery can still be retried (24 h). */
export const DONE_TTL_SECONDS = 7 * 24 * 3600;

/** A BullMQ job id for a delivery or timer id (BullMQ refuses `:` in ids; ours are long): a digest. */
export function jobId(id: string): string {
  return createHash('sha1').update(id).digest('base64url');
}
