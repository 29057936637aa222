/**
 * Report job records in Redis (CONTRACT.md §9): one JSON value per report (`ReportJob`) and a sorted set of
 * ids by request time, newest first when listed. Only the report worker changes a record after it is made;
 * the files themselves are on disk (files.ts).
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ReportJob } from '../../../common/report.js';

const KEY = (id: string): string => `vigil:report:${id}`;
const INDEX = 'vigil:reports';
/** Listed at most (newest first). */
export const LIST_MAX = 500;

/** RPT-20261203-1a2b3c4d (made by someone) or RPT-AUTO-4501-2026-11 (the monthly schedule). */
export const REPORT_ID = /^RPT-[A-Z0-9-]{6,60}$/;

export function newReportId(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  return `RPT-${day}-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
}

export function monthlyReportId(unitPrefix: string, from: string): string {
  return `RPT-AUTO-${unitPrefix}-${from.slice(0, 7)}`;
}

export class ReportJobStore {
  constructor(private readonly redis: Redis) {}

  /** Makes a record; false when one of that id exists already (a monthly report made once). */
  async create(job: ReportJob): Promise<boolean> {
    const made = await this.redis.set(KEY(job.report_id), JSON.stringify(job), 'NX');
    if (made !== 'OK') return false;
    await this.redis.zadd(INDEX, Date.parse(job.requested_at), job.report_id);
    return true;
  }

  async get(id: string): Promise<ReportJob | null> {
    const raw = await this.redis.get(KEY(id));
    return raw ? (JSON.parse(raw) as ReportJob) : null;
  }

  async update(id: string, change: Partial<ReportJob>): Promise<ReportJob | null> {
    const job = await this.get(id);
    if (!job) return null;
    const next = { ...job, ...change };
    await this.redis.set(KEY(id), JSON.stringify(next));
    return next;
  }

  /** The newest reports whose unit lies within `scope`. */
  async list(scope: string): Promise<ReportJob[]> {
    const ids = await this.redis.zrevrange(INDEX, 0, LIST_MAX * 4 - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map(KEY));
    return raws
      .filter((r): r is string => r !== null)
      .map((r) => JSON.parse(r) as ReportJob)
      .filter((j) => j.unit.startsWith(scope))
      .slice(0, LIST_MAX);
  }
}
