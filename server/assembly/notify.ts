/**
 * Notifications in this process: NOTIFY_FILE read and checked at start (a bad file stops the start with every
 * problem's path), the notify role's lanes when ROLE is all or notify (started by the caller once the server
 * listens), and the API's view of it.
 */
import type { Config } from '../../common/node/config.js';
import type { Logger } from '../../common/node/logger.js';
import type { Unit } from '../../common/units.js';
import { AlertStore } from '../../alerts/redis/alert-store.js';
import { readNotifyFile } from '../../notify/notify-file.js';
import { startNotifier } from '../../notify/notifier.js';
import type { Notifier } from '../../notify/notifier.js';
import { notifyUnit } from '../../notify/plan/scope.js';
import { ChannelHealthBook } from '../../notify/queue/health.js';
import { openQueues } from '../../notify/queue/jobs.js';
import { NotifyService } from '../services/notify-service.js';
import type { Closers } from './closers.js';
import { connectRedis } from '../../common/node/redis.js';
import type { Storage } from './storage.js';
import type { ConnectionOptions } from 'bullmq';

export async function openNotify(
  o: {
    config: Config;
    storage: Storage;
    logger: Logger;
    units: () => Promise<Unit[]>;
    publicUrl: () => string;
  },
  closers: Closers,
): Promise<{ service: NotifyService; startLanes: () => Promise<Notifier | null> }> {
  const { config, storage, logger } = o;
  const publicUrl = o.publicUrl;
  const setup = config.NOTIFY_FILE ? readNotifyFile(config.NOTIFY_FILE) : null;
  const redis = connectRedis({ ...storage.redis.options, maxRetriesPerRequest: 1 }, logger, 'notify api');
  closers.add(() => redis.disconnect());
  const service = (health: ChannelHealthBook | null, queues: ReturnType<typeof openQueues> | null) =>
    new NotifyService({
      setup,
      file: config.NOTIFY_FILE ?? null,
      redis,
      clickhouse: storage.clickhouse.client,
      health,
      queues,
      publicUrl,
      zone: config.TIME_ZONE,
    });
  if (!setup) return { service: service(null, null), startLanes: async () => null };
  const queues = openQueues({ ...storage.redis.options, maxRetriesPerRequest: null } as ConnectionOptions);
  closers.add(async () => {
    await queues.deliver.close();
    await queues.timers.close();
  });
  const health = new ChannelHealthBook(redis, new AlertStore(redis), (id) => notifyUnit(setup, id));
  // Started once the server listens (system.ts), so that the first message already links to PUBLIC_URL.
  const startLanes = async (): Promise<Notifier | null> => {
    if (config.ROLE !== 'all' && config.ROLE !== 'notify') return null;
    const notifier = await startNotifier({
      redis: storage.redis.options,
      clickhouse: storage.clickhouse.client,
      setup,
      zone: config.TIME_ZONE,
      publicUrl,
      units: o.units,
      logger,
    });
    closers.add(() => notifier.stop());
    return notifier;
  };
  return { service: service(health, queues), startLanes };
}
