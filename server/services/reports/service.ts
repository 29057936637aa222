/**
 * Report requests (CONTRACT.md §9): checked (a unit prefix within the requester's scope, a period that
 * exists), recorded (job-store.ts) and queued for the report worker (worker.ts) on the BullMQ queue
 * `vigil-reports`; one report is made at a time, in the background. The monthly schedule (1st, 08:00 unit
 * time) makes one for every city, requested by `system`.
 */
import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { AuthUser } from '../../../common/auth.js';
import type { ErrorCode } from '../../../common/errors.js';
import type {
  ReportContent,
  ReportFormat,
  ReportJob,
  ReportProgressEvent,
  ReportRequest,
} from '../../../common/report.js';
import type { Unit } from '../../../common/units.js';
import { QUEUE_PREFIX } from '../../../ingest/queue.js';
import { reportUnit } from './gather.js';
import { monthlyReportId, newReportId } from './job-store.js';
import type { ReportJobStore } from './job-store.js';
import { reportTitle, resolvePeriod } from './period.js';
import type { ResolvedPeriod } from './period.js';

export const REPORTS_QUEUE = 'vigil-reports';
/** The monthly schedule's id and cron pattern (minute hour day-of-month month day-of-week), in the unit zone. */
export const MONTHLY_SCHEDULER = 'monthly-reports';
export const MONTHLY_PATTERN = '0 8 1 * *';

/** Renders one report to one format (server/services/reports/render/, injected). */
export type RenderReport = (content: ReportContent, format: ReportFormat) => Promise<Buffer>;

export interface ReportJobData {
  report_id: string;
  unit: string;
  period: ResolvedPeriod;
  formats: ReportFormat[];
}
/** The schedule's job: make this month's reports for every city. */
export type MonthlyJobData = { monthly: true };
export type ReportQueue = Queue<ReportJobData | MonthlyJobData>;
/** What the worker tells the servers as it goes (BullMQ progress, seen by every process's QueueEvents). */
export interface ReportProgress extends ReportProgressEvent {
  requested_by: string;
}

export function openReportQueue(connection: ConnectionOptions): ReportQueue {
  return new Queue(REPORTS_QUEUE, { connection, prefix: QUEUE_PREFIX });
}

export type RequestOutcome = { ok: true; job: ReportJob } | { ok: false; code: ErrorCode; error: string };

export class ReportService {
  constructor(
    private readonly deps: {
      queue: ReportQueue;
      store: ReportJobStore;
      units: () => Promise<Unit[]>;
      timeZone: string;
      now: () => number;
    },
  ) {}

  get store(): ReportJobStore {
    return this.deps.store;
  }

  /** A person's request: their scope must cover the unit. */
  async request(user: Pick<AuthUser, 'username' | 'scope'>, req: ReportRequest): Promise<RequestOutcome> {
    const target = reportUnit(req.unit);
    if (!target)
      return {
        ok: false,
        code: 'invalid_body',
        error: 'unit: a prefix of 2, 4 or 6 digits or a 12-digit code',
      };
    if (!target.prefix.startsWith(user.scope))
      return { ok: false, code: 'out_of_scope', error: `unit ${req.unit} is outside your scope` };
    const period = resolvePeriod(req, this.deps.now(), this.deps.timeZone);
    if (!period.ok) return { ok: false, code: 'invalid_body', error: period.error };
    const id = newReportId(this.deps.now());
    const job = await this.make(id, target.prefix, period.value, req.formats, user.username);
    return { ok: true, job: job as ReportJob };
  }

  /** The month's report of every city in the directory (made once each: a repeat finds them made). */
  async monthly(): Promise<string[]> {
    const period = resolvePeriod({ period: 'month' }, this.deps.now(), this.deps.timeZone);
    if (!period.ok) throw new Error(period.error);
    const cities = (await this.deps.units()).filter((u) => u.level === 'city');
    const made: string[] = [];
    for (const city of cities) {
      const prefix = city.code.slice(0, 4);
      const id = monthlyReportId(prefix, period.value.range.from);
      const job = await this.make(id, prefix, period.value, ['docx', 'pdf', 'xlsx'], 'system');
      if (job) made.push(id);
    }
    return made;
  }

  /** Installs (or updates) the monthly schedule: the 1st of each month at 08:00 in the unit zone. */
  async schedule(): Promise<void> {
    await this.deps.queue.setGlobalConcurrency(1);
    await this.deps.queue.upsertJobScheduler(
      MONTHLY_SCHEDULER,
      { pattern: MONTHLY_PATTERN, tz: this.deps.timeZone },
      { name: 'monthly', data: { monthly: true }, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  private async make(
    id: string,
    prefix: string,
    period: ResolvedPeriod,
    formats: ReportFormat[],
    by: string,
  ): Promise<ReportJob | null> {
    const code = prefix.padEnd(12, '0');
    const name = (await this.deps.units()).find((u) => u.code === code)?.name ?? null;
    const job: ReportJob = {
      report_id: id,
      state: 'queued',
      progress: 0,
      unit: prefix,
      unit_name: name,
      period: period.period,
      from: period.range.from,
      to: period.range.to,
      title: reportTitle(name, code, period.range.label),
      requested_by: by,
      requested_at: new Date(this.deps.now()).toISOString(),
      finished_at: null,
      files: [],
      error: null,
    };
    if (!(await this.deps.store.create(job))) return null;
    const data: ReportJobData = { report_id: id, unit: prefix, period, formats: [...new Set(formats)] };
    await this.deps.queue.add('report', data, { jobId: id, removeOnComplete: 1_000, removeOnFail: 1_000 });
    return job;
  }
}
