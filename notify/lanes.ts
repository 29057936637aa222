/**
 * The notify role's lanes: the dispatcher on the change stream, and the delivery and timer workers with
 * their courier and senders — started from one NOTIFY_FILE setup and stopped together. They need only
 * Redis (attempts go to a Redis list; the main thread's recorder moves them to ClickHouse), so they run in
 * a worker thread of their own (notifier.ts).
 */
import type { ConnectionOptions, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Logger } from '../common/node/logger.js';
import { connectRedis } from '../common/node/redis.js';
import { AlertStore } from '../alerts/redis/alert-store.js';
import type { StreamTail } from '../alerts/stream/change-stream.js';
import { createSender } from './channels/index.js';
import type { ChannelSender } from './channels/types.js';
import type { NotifySetup } from './notify-file.js';
import { notifyUnit } from './plan/scope.js';
import { Courier } from './queue/courier.js';
import { startDispatcher } from './queue/dispatcher.js';
import { ChannelHealthBook } from './queue/health.js';
import { openQueues } from './queue/jobs.js';
import { TimerBook } from './queue/timer-book.js';
import { startDeliverWorker, startTimerWorker } from './queue/workers.js';

export interface LanesOptions {
  redis: RedisOptions;
  setup: NotifySetup;
  zone: string;
  /** Where links in messages point (PUBLIC_URL; known once the server listens). */
  publicUrl: () => string;
  unitName: (code: string) => string | undefined;
  logger: Logger;
  now?: () => number;
  concurrency?: number;
}

export interface Lanes {
  stop(): Promise<void>;
}

export async function startLanes(o: LanesOptions): Promise<Lanes> {
  const now = o.now ?? Date.now;
  const log = o.logger.child({ component: 'notify' });
  const redis = connectRedis({ ...o.redis, maxRetriesPerRequest: null }, o.logger, 'notify');
  const connection = { ...o.redis, maxRetriesPerRequest: null } as ConnectionOptions;
  const { deliver, timers } = openQueues(connection);
  const book = new TimerBook(redis, timers);
  const health = new ChannelHealthBook(redis, new AlertStore(redis), (id) => notifyUnit(o.setup, id));
  const senders = new Map<string, ChannelSender>();
  for (const c of o.setup.channels.values()) senders.set(c.id, createSender(c, { now }));
  const courier = new Courier({
    redis,
    setup: o.setup,
    senders,
    health,
    publicUrl: o.publicUrl,
    zone: o.zone,
    unitName: o.unitName,
    now,
  });
  const deps = { connection, redis, setup: o.setup, courier, deliver, timers, book, zone: o.zone, now };
  const workers: Worker[] = [
    startDeliverWorker({ ...deps, ...(o.concurrency ? { concurrency: o.concurrency } : {}) }),
    startTimerWorker(deps),
  ];
  for (const w of workers) w.on('error', (err) => log.warn({ err }, 'notification worker error'));
  const tail: StreamTail = await startDispatcher({
    redis,
    redisOptions: o.redis,
    setup: o.setup,
    deliver,
    timers,
    book,
    zone: o.zone,
    logger: o.logger,
    now,
  });
  return {
    async stop() {
      await tail.stop();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...senders.values()].map((s) => s.close()));
      await deliver.close();
      await timers.close();
      redis.disconnect();
    },
  };
}
