/**
 * The report worker (ROLE all or server): one report at a time (worker and queue concurrency 1). A report
 * job gathers the content (40 % of the progress), renders each format and stores its file (the rest, format by
 * format), then marks the record done — progress 1 is announced only after that, so a client that reads the
 * record on it finds the files. A failure marks the record failed with its message; it is not retried (the
 * requester asks again). The schedule's monthly job queues every city's report.
 */
import { Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import type { Logger } from '../../../common/node/logger.js';
import type { ReportContent } from '../../../common/report.js';
import { QUEUE_PREFIX } from '../../../ingest/queue.js';
import type { ReportFiles } from './files.js';
import type { ReportJobStore } from './job-store.js';
import type { ResolvedPeriod } from './period.js';
import { REPORTS_QUEUE } from './service.js';
import type {
  MonthlyJobData,
  RenderReport,
  ReportJobData,
  ReportProgress,
  ReportService,
} from './service.js';

export interface ReportWorkerDeps {
  connection: ConnectionOptions;
  store: ReportJobStore;
  files: ReportFiles;
  gather: (
    unit: string,
    period: ResolvedPeriod,
    progress: (p: number) => Promise<void>,
  ) => Promise<ReportContent>;
  render: RenderReport;
  service: Pick<ReportService, 'monthly'>;
  logger: Logger;
  now: () => number;
}

const GATHERED = 0.4;

export async function makeReport(
  deps: Omit<ReportWorkerDeps, 'connection' | 'service'>,
  data: ReportJobData,
  announce: (p: ReportProgress) => Promise<void>,
): Promise<void> {
  const record = await deps.store.update(data.report_id, { state: 'running', progress: 0 });
  if (!record) return; // the record is gone: nothing to make it for
  const by = record.requested_by;
  const step = async (progress: number): Promise<void> => {
    const p = Math.round(progress * 1000) / 1000;
    await deps.store.update(data.report_id, { progress: p });
    await announce({ report_id: data.report_id, progress: p, state: 'running', requested_by: by });
  };
  try {
    await step(0.02);
    const content = await deps.gather(data.unit, data.period, (p) => step(Math.min(p, GATHERED)));
    await step(GATHERED);
    const files: { format: (typeof data.formats)[number]; bytes: number }[] = [];
    for (const [i, format] of data.formats.entries()) {
      const bytes = await deps.render(content, format);
      await deps.files.write(data.report_id, format, bytes);
      files.push({ format, bytes: bytes.length });
      await deps.store.update(data.report_id, { files: [...files] });
      if (i < data.formats.length - 1)
        await step(GATHERED + ((1 - GATHERED) * (i + 1)) / data.formats.length);
    }
    const finished_at = new Date(deps.now()).toISOString();
    await deps.store.update(data.report_id, { state: 'done', progress: 1, files, finished_at });
    await announce({ report_id: data.report_id, progress: 1, state: 'done', requested_by: by });
  } catch (err) {
    deps.logger.error({ err, report_id: data.report_id }, 'a report could not be made');
    const error = err instanceof Error ? err.message : String(err);
    const failed = await deps.store.update(data.report_id, {
      state: 'failed',
      error,
      finished_at: new Date(deps.now()).toISOString(),
    });
    const progress = failed?.progress ?? 0;
    await announce({ report_id: data.report_id, progress, state: 'failed', requested_by: by });
  }
}

export function startReportWorker(deps: ReportWorkerDeps): Worker {
  const log = deps.logger.child({ component: 'reports' });
  const worker = new Worker<ReportJobData | MonthlyJobData>(
    REPORTS_QUEUE,
    async (job: Job<ReportJobData | MonthlyJobData>) => {
      if ('monthly' in job.data) {
        const made = await deps.service.monthly();
        log.info({ reports: made.length }, 'monthly reports queued');
        return;
      }
      await makeReport({ ...deps, logger: log }, job.data, (p) => job.updateProgress({ ...p }));
    },
    { connection: deps.connection, prefix: QUEUE_PREFIX, concurrency: 1 },
  );
  worker.on('error', (err) => log.warn({ err }, 'report worker: Redis error'));
  return worker;
}
