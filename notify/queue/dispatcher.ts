/**
 * The dispatcher follows the change stream from its own durable cursor (a restart misses nothing and, the
 * first time, starts at the stream's end: history is not notified) and turns each change into queue jobs:
 * the first deliveries of what calls for a notification and its routes' timers; and for what settles a
 * subject (acknowledged, resolved, received, answered, closed), the removal of its pending timers. An
 * alert that becomes overdue (`alert.escalated`) starts its reminders again rather than a second chain.
 * Re-reading a batch after a crash adds nothing twice: job ids are the deliveries' ids.
 */
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../../common/node/logger.js';
import { tailChangeStream } from '../../alerts/stream/change-stream.js';
import type { StreamTail } from '../../alerts/stream/change-stream.js';
import type { StreamEntry } from '../../alerts/stream/entries.js';
import type { NotifySetup } from '../notify-file.js';
import { planTrigger } from '../plan/deliveries.js';
import type { Planned } from '../plan/deliveries.js';
import { subjectKey, triggersOf } from '../plan/triggers.js';
import { deliveryJobs, timerJob, timerJobId } from './jobs.js';
import type { DeliverQueue, TimerQueue } from './jobs.js';
import { NOTIFY_KEYS } from './keys.js';
import type { TimerBook } from './timer-book.js';

export interface DispatcherDeps {
  redis: Redis;
  redisOptions: RedisOptions;
  setup: NotifySetup;
  deliver: DeliverQueue;
  timers: TimerQueue;
  book: TimerBook;
  zone: string;
  logger: Logger;
  now?: () => number;
}

export async function startDispatcher(deps: DispatcherDeps): Promise<StreamTail> {
  const now = deps.now ?? Date.now;
  const saved = await deps.redis.get(NOTIFY_KEYS.cursor);
  const from = saved === null ? Number((await deps.redis.get('vigil:seq')) ?? 0) : Number(saved);
  if (saved === null) await deps.redis.set(NOTIFY_KEYS.cursor, String(from));
  const log = deps.logger.child({ component: 'notify-dispatcher' });
  log.info({ from }, 'notifications follow the change stream');
  return tailChangeStream(
    deps.redisOptions,
    deps.logger,
    async (entries) => {
      await dispatch(deps, entries, now());
      await deps.redis.set(NOTIFY_KEYS.cursor, String(entries[entries.length - 1]!.seq));
    },
    from,
  );
}

/** Plans a batch of entries and queues what it calls for. */
export async function dispatch(
  deps: DispatcherDeps,
  entries: readonly StreamEntry[],
  now: number,
): Promise<Planned> {
  const planned: Planned = { deliveries: [], timers: [] };
  const clear = new Set<string>(); // subjects whose pending timers are removed first
  for (const e of entries)
    for (const t of triggersOf(e)) {
      const key = subjectKey(t.subject);
      if (t.type === 'settled') {
        clear.add(key);
        // Timers planned earlier in this batch are not queued at all.
        planned.timers = planned.timers.filter((x) => subjectKey(x.subject) !== key);
      } else {
        if (t.kind === 'alert.escalated') {
          // Now overdue: its reminders start again from here, not as a second chain beside the first.
          clear.add(key);
          planned.timers = planned.timers.filter((x) => subjectKey(x.subject) !== key);
        }
        const p = planTrigger(deps.setup, t, deps.zone);
        planned.deliveries.push(...p.deliveries);
        planned.timers.push(...p.timers);
      }
    }
  for (const key of clear) await deps.book.cancel(key);
  if (planned.deliveries.length > 0) await deps.deliver.addBulk(deliveryJobs(planned.deliveries, now));
  if (planned.timers.length > 0) {
    await deps.timers.addBulk(planned.timers.map((t) => timerJob(t, now)));
    const bySubject = new Map<string, string[]>();
    for (const t of planned.timers) {
      const k = subjectKey(t.subject);
      const ids = bySubject.get(k);
      if (ids) ids.push(timerJobId(t));
      else bySubject.set(k, [timerJobId(t)]);
    }
    for (const [k, ids] of bySubject) await deps.book.add(k, ids);
  }
  return planned;
}
