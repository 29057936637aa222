/**
 * The Reports page's logic, pure: the request a form makes, the units one may choose (in scope, down to
 * districts), and the list of reports kept current by `report:progress` pushes (the record itself is re-read
 * when a report finishes, for its files).
 */
import type {
  ReportFormat,
  ReportJob,
  ReportPeriodKind,
  ReportProgressEvent,
  ReportRequest,
} from '../../../../common/report.js';
import type { Unit } from '../../../../common/units.js';

export interface ReportForm {
  unit: string;
  period: ReportPeriodKind;
  /** month: YYYY-MM; quarter: YYYY-Qn; year: YYYY; '' = the last complete one. */
  pick: string;
  from: string;
  to: string;
  formats: ReportFormat[];
}

export type FormCheck = { ok: true; body: ReportRequest } | { ok: false; error: 'formats' | 'dates' };

/** The request body of a form; `pick` is turned into the first day of the period. */
export function requestOf(f: ReportForm): FormCheck {
  if (f.formats.length === 0) return { ok: false, error: 'formats' };
  const base = { unit: f.unit, period: f.period, formats: [...f.formats] };
  if (f.period === 'custom') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.from) || !/^\d{4}-\d{2}-\d{2}$/.test(f.to) || f.to < f.from)
      return { ok: false, error: 'dates' };
    return { ok: true, body: { ...base, from: f.from, to: f.to } };
  }
  const from = firstDay(f.period, f.pick);
  return { ok: true, body: from ? { ...base, from } : base };
}

function firstDay(period: Exclude<ReportPeriodKind, 'custom'>, pick: string): string | null {
  if (period === 'month' && /^\d{4}-\d{2}$/.test(pick)) return `${pick}-01`;
  if (period === 'year' && /^\d{4}$/.test(pick)) return `${pick}-01-01`;
  const q = /^(\d{4})-Q([1-4])$/.exec(pick);
  if (period === 'quarter' && q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return null;
}

/** The quarters to offer: the last eight, newest first (YYYY-Qn), from a local date YYYY-MM-DD. */
export function recentQuarters(today: string, n = 8): string[] {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

/** Units one may report on: the scope's own and those under it, province to district (not stations), by code. */
export function reportableUnits(units: Iterable<Unit>, scope: string): Unit[] {
  return [...units]
    .filter((u) => u.level !== 'station' && prefixOf(u).startsWith(scope))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** The prefix a unit is asked for by: 45, 4501, 450103. */
export function prefixOf(u: Pick<Unit, 'code' | 'level'>): string {
  return u.code.slice(0, { province: 2, city: 4, county: 6, station: 12 }[u.level]);
}

/** A push applied to the list: progress (never backwards) and state; true when the record should be re-read. */
export function applyProgress(
  list: ReportJob[],
  p: ReportProgressEvent,
): { list: ReportJob[]; reread: boolean } {
  const i = list.findIndex((j) => j.report_id === p.report_id);
  if (i < 0) return { list, reread: true };
  const j = list[i]!;
  const state = p.state ?? (p.progress >= 1 ? 'done' : 'running');
  const next: ReportJob = { ...j, state, progress: Math.max(j.progress, Math.min(1, p.progress)) };
  const out = [...list];
  out[i] = next;
  return { list: out, reread: state === 'done' || state === 'failed' };
}

const FINAL: ReadonlySet<ReportJob['state']> = new Set(['done', 'failed']);

/**
 * A re-read record put in its place (or first, when new). The reply may have left the server before a push
 * the list already applied: see `reconcile`.
 */
export function upsert(list: ReportJob[], job: ReportJob): ReportJob[] {
  const i = list.findIndex((j) => j.report_id === job.report_id);
  if (i < 0) return [job, ...list];
  const out = [...list];
  out[i] = reconcile(list[i]!, job);
  return out;
}

/**
 * The whole list read again (on visiting, on connecting) merged into the one shown: the server's order, each
 * record reconciled with what the page holds, and reports the page holds but the read does not (requested
 * after it left the server) kept first.
 */
export function mergeList(shown: ReportJob[], read: ReportJob[]): ReportJob[] {
  const held = new Map(shown.map((j) => [j.report_id, j]));
  const inRead = new Set(read.map((j) => j.report_id));
  const newer = shown.filter((j) => !inRead.has(j.report_id));
  return [
    ...newer,
    ...read.map((j) => {
      const was = held.get(j.report_id);
      return was ? reconcile(was, j) : j;
    }),
  ];
}

/**
 * A record read from the server against the one shown, which pushes may have moved on since the reply left:
 * a record that is not finished never moves the bar back or the state from running to queued, and a finished
 * entry stays finished.
 */
function reconcile(was: ReportJob, job: ReportJob): ReportJob {
  if (FINAL.has(job.state)) return job;
  if (FINAL.has(was.state)) return was;
  return {
    ...job,
    state: was.state === 'running' ? 'running' : job.state, // neither is finished: queued or running
    progress: Math.max(was.progress, job.progress),
  };
}

/**
 * A server's reply applied to the list as it is when the reply arrives — not as it was when the request left
 * (`list.value = merge(list.value, await reply)` reads the list first, and loses every push in between).
 */
export async function applyReply<T>(
  shown: { value: ReportJob[] },
  reply: Promise<T>,
  merge: (now: ReportJob[], got: T) => ReportJob[],
): Promise<void> {
  const got = await reply;
  shown.value = merge(shown.value, got);
}

/** The file name a download is saved under: the title and the format. */
export function fileName(job: Pick<ReportJob, 'title'>, format: ReportFormat): string {
  return `${job.title}.${format}`;
}
