/**
 * The notify role (ROLE=notify, and part of ROLE=all): the dispatcher on the change stream, the delivery and
 * timer workers, and the recorder that moves attempts to ClickHouse — started from one NOTIFY_FILE setup and
 * stopped together.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ConnectionOptions, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Logger } from '../common/node/logger.js';
import { connectRedis } from '../common/node/redis.js';
import { LoopControl } from '../common/node/supervised-loop.js';
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
import { recordAttempts } from './store/attempts.js';

export interface NotifierOptions {
  redis: RedisOptions;
  clickhouse: ClickHouseClient;
  setup: NotifySetup;
  zone: string;
  /** Where links in messages point (PUBLIC_URL; known once the server listens). */
  publicUrl: () => string;
  unitName: (code: string) => string | undefined;
  logger: Logger;
  now?: () => number;
  /** How often attempts move to ClickHouse (default 1 s). */
  recordEveryMs?: number;
  concurrency?: number;
}

export interface Notifier {
  stop(): Promise<void>;
}

export async function startNotifier(o: NotifierOptions): Promise<Notifier> {
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
  const deps = {
    connection,
    redis,
    setup: o.setup,
    courier,
    deliver,
    timers,
    book,
    zone: o.zone,
    now,
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
  };
  const workers: Worker[] = [startDeliverWorker(deps), startTimerWorker(deps)];
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
  const control = new LoopControl();
  const recording = control.loop(
    { what: 'recording notification attempts', log, everyMs: o.recordEveryMs ?? 1_000 },
    async () => ((await recordAttempts(redis, o.clickhouse)) > 0 ? 'again' : 'wait'),
  );
  log.info({ channels: o.setup.channels.size, routes: o.setup.file.routes.length }, 'notifications on');
  return {
    async stop() {
      await tail.stop();
      await Promise.all(workers.map((w) => w.close()));
      control.stop();
      await recording;
      await recordAttempts(redis, o.clickhouse).catch(() => 0);
      await Promise.all([...senders.values()].map((s) => s.close()));
      await deliver.close();
      await timers.close();
      redis.disconnect();
    },
  };
}
