/**
 * Reports — 通报 (CONTRACT.md §9) in this process: the queue, records and files every role with the API
 * uses; the worker and the monthly schedule where ROLE is all or server; and, once the realtime server is up,
 * the queue's progress events turned into `report:progress` for the requester's sockets.
 */
import path from 'node:path';
import { QueueEvents } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../../common/node/config.js';
import type { Logger } from '../../common/node/logger.js';
import { connectRedis } from '../../common/node/redis.js';
import type { Rule } from '../../common/rules.js';
import type { Unit } from '../../common/units.js';
import type { LiveAlerts } from '../../alerts/redis/live-alerts.js';
import { QUEUE_PREFIX } from '../../ingest/queue.js';
import { pushReportProgress } from '../realtime/report-push.js';
import type { VigilServer } from '../realtime/socket-types.js';
import { ReportFiles } from '../services/reports/files.js';
import { gatherReport } from '../services/reports/gather.js';
import { ReportJobStore } from '../services/reports/job-store.js';
import { openReportQueue, REPORTS_QUEUE, ReportService } from '../services/reports/service.js';
import type { RenderReport, ReportProgress } from '../services/reports/service.js';
import { startReportWorker } from '../services/reports/worker.js';
import type { Closers } from './closers.js';
import type { Storage } from './storage.js';
import { renderReport } from '../services/reports/render/index.js';

export interface Reports {
  service: ReportService;
  files: ReportFiles;
  /** Pushes `report:progress` to the sockets of `io` from now on. */
  follow(io: VigilServer): Promise<void>;
}

/** The renderers (server/services/reports/render/): DOCX, PDF through Chromium, XLSX. */
export const defaultRenderer: RenderReport = (content, format) => renderReport(content, format);

export async function openReports(
  o: {
    config: Config;
    storage: Storage;
    logger: Logger;
    units: () => Promise<Unit[]>;
    rules: readonly Rule[];
    live: LiveAlerts;
    render: RenderReport;
  },
  closers: Closers,
): Promise<Reports> {
  const { config, storage, logger } = o;
  const connection = { ...storage.redis.options, maxRetriesPerRequest: null } as ConnectionOptions;
  const redis = connectRedis({ ...storage.redis.options, maxRetriesPerRequest: 1 }, logger, 'reports');
  closers.add(() => redis.disconnect());
  const queue = openReportQueue(connection);
  closers.add(() => queue.close());
  const store = new ReportJobStore(redis);
  const files = new ReportFiles(path.join(config.dataDir, 'reports'));
  const service = new ReportService({
    queue,
    store,
    units: o.units,
    timeZone: config.TIME_ZONE,
    now: Date.now,
  });
  if (config.ROLE === 'all' || config.ROLE === 'server') {
    const orders = async () => o.live.supervisions.getMany(await o.live.supervisions.ids({}));
    const gatherDeps = {
      clickhouse: storage.clickhouse.client,
      timeZone: config.TIME_ZONE,
      rules: o.rules,
      units: o.units,
      orders,
      now: Date.now,
    };
    const worker = startReportWorker({
      connection,
      store,
      files,
      gather: (unit, period, progress) => gatherReport(gatherDeps, unit, period, progress),
      render: o.render,
      service,
      logger,
      now: Date.now,
    });
    closers.add(() => worker.close());
    await service.schedule();
  }
  return {
    service,
    files,
    async follow(io) {
      const events = new QueueEvents(REPORTS_QUEUE, { connection, prefix: QUEUE_PREFIX });
      closers.add(() => events.close());
      events.on('progress', ({ data }) => {
        if (typeof data === 'object' && data !== null && 'report_id' in data)
          pushReportProgress(io, data as ReportProgress);
      });
      await events.waitUntilReady();
    },
  };
}
