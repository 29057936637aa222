/**
 * The pending timers (re-notifications, escalations) of each subject, so that an acknowledgement, a
 * resolution, a receipt or an answer removes them at once. Only housekeeping: a timer that escapes removal
 * finds its subject settled when it fires and does nothing, and every delivery is decided by the fence.
 */
import type { Redis } from 'ioredis';
import type { TimerQueue } from './jobs.js';
import { NOTIFY_KEYS } from './keys.js';

export class TimerBook {
  constructor(
    private readonly redis: Redis,
    private readonly queue: TimerQueue,
  ) {}

  /** Records timer job ids of subjects (`subject key → ids`), replacing `done` when given. */
  async add(subject: string, ids: readonly string[], done?: string): Promise<void> {
    const now = ((await this.redis.hget(NOTIFY_KEYS.timers, subject)) ?? '').split(' ').filter(Boolean);
    const next = [...new Set([...now.filter((id) => id !== done), ...ids])];
    if (next.length === 0) await this.redis.hdel(NOTIFY_KEYS.timers, subject);
    else await this.redis.hset(NOTIFY_KEYS.timers, subject, next.join(' '));
  }

  /** Removes every pending timer of a subject; returns how many were removed. */
  async cancel(subject: string): Promise<number> {
    const ids = ((await this.redis.hget(NOTIFY_KEYS.timers, subject)) ?? '').split(' ').filter(Boolean);
    await this.redis.hdel(NOTIFY_KEYS.timers, subject);
    let removed = 0;
    for (const id of ids) removed += await this.queue.remove(id);
    return removed;
  }

  async pendingSubjects(): Promise<number> {
    return this.redis.hlen(NOTIFY_KEYS.timers);
  }
}
