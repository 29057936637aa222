/**
 * Report jobs on the real system (Redis, BullMQ, embedded ClickHouse, Socket.IO): a manager's request is
 * queued, made in the background with its progress pushed to the manager's socket as `report:progress`, stored
 * under DATA_DIR/reports/<id>/, listed within scope and downloaded with its Chinese title as the file name.
 * The monthly schedule is installed (1st, 08:00 unit time) and makes every city's report once.
 *
 * The renderer injected here writes the content as JSON: the real DOCX/PDF/XLSX renderers are another
 * branch's (server/services/reports/render/), and this test is about the job mechanics only — queue,
 * progress, storage, listing, download, scope. Its `pdf` throws, to see a failed report.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ReportContent, ReportFormat, ReportJob, ReportProgressEvent } from '../../common/report.js';
import { QUEUE_PREFIX } from '../../ingest/queue.js';
import { openReportQueue, MONTHLY_PATTERN } from '../../server/services/reports/service.js';
import { auditRows, call, makePersonas, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { connectSocket } from '../helpers/live-socket.js';
import type { ClientSocket } from '../helpers/live-socket.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const TZ = 'Asia/Shanghai';
const UNITS = [
  ['450100000000', '南宁市公安局', '450000000000', 'city'],
  ['450200000000', '柳州市公安局', '450000000000', 'city'],
  ['450103000000', '青秀分局', '450100000000', 'county'],
].map(([code, name, parent, level]) => ({ code, name, parent, level, time_zone: TZ }));

const rendered: string[] = [];
async function jsonRenderer(content: ReportContent, format: ReportFormat): Promise<Buffer> {
  rendered.push(`${content.unit.code}:${format}`);
  if (format === 'pdf') throw new Error('pdf renderer broke (on purpose)');
  // The xlsx comes last and slowly: a download asked for at once finds the report not made yet.
  if (format === 'xlsx') await new Promise((r) => setTimeout(r, 1_000));
  return Buffer.from(JSON.stringify({ format, content }));
}

let sys: TestSystem;
let mgr: Personas;
let other: Personas;
let socket: ClientSocket;
const progress: ReportProgressEvent[] = [];

beforeAll(async () => {
  const unitsFile = path.join(tempDir('rpt-units'), 'units.json');
  fs.writeFileSync(unitsFile, JSON.stringify(UNITS));
  sys = await startTestSystem(
    { UNITS_FILE: unitsFile, TIME_ZONE: TZ, RECONCILE_INTERVAL_SECONDS: '0' },
    { renderReport: jsonRenderer },
  );
  mgr = await makePersonas(sys, '4501', 'nn');
  other = await makePersonas(sys, '4502', 'lz');
  socket = await connectSocket(sys.url, mgr.token.manager);
  socket.on('report:progress', (p) => progress.push(p));
}, 120_000);
afterAll(async () => {
  socket?.close();
  await sys?.cleanup();
});

const as = (p: Personas, role: 'officer' | 'manager' | 'admin') => ({ token: p.token[role] });
const job = async (id: string, who = mgr): Promise<ReportJob> =>
  (await call<ReportJob>(sys.url, 'GET', `/api/reports/${id}`, as(who, 'manager'))).json;
const request = (body: unknown, who = mgr, role: 'officer' | 'manager' | 'admin' = 'manager') =>
  call<{ report_id: string; code?: string; error?: string }>(sys.url, 'POST', '/api/reports', {
    ...as(who, role),
    body,
  });

it('makes a report in the background, pushing its progress to the requester, and serves its files', async () => {
  const res = await request({ unit: '4501', period: 'month', from: '2026-10-01', formats: ['docx', 'xlsx'] });
  expect(res.status, res.text).toBe(202);
  const id = res.json.report_id;
  expect(id).toMatch(/^RPT-\d{8}-[0-9A-F]{8}$/);
  const early = await call(sys.url, 'GET', `/api/reports/${id}/xlsx`, as(mgr, 'manager'));
  expect([early.status, early.json.code]).toEqual([409, 'report_not_ready']);
  expect((await auditRows(sys, id)).map((r) => [r.actor, r.action, r.outcome])).toEqual([
    ['nn-manager', 'report.request', 'ok'],
  ]);
  const done = await until(async () => {
    const j = await job(id);
    return j.state === 'done' ? j : null;
  });
  expect(done).toMatchObject({
    unit: '4501',
    unit_name: '南宁市公安局',
    period: 'month',
    from: '2026-10-01',
    to: '2026-10-31',
    title: '南宁市公安局执法监督通报（2026年10月）',
    requested_by: 'nn-manager',
    progress: 1,
    error: null,
  });
  expect(done.files.map((f) => f.format)).toEqual(['docx', 'xlsx']);
  // The pushes: rising to 1, the last one saying done (the record already was when it came).
  const mine = await until(async () => {
    const p = progress.filter((e) => e.report_id === id);
    return p.at(-1)?.state === 'done' ? p : null;
  });
  expect(mine.length).toBeGreaterThanOrEqual(4);
  expect(mine.map((p) => p.progress)).toEqual([...mine.map((p) => p.progress)].sort((a, b) => a - b));
  expect(mine.at(-1)!.progress).toBe(1);
  // Stored under DATA_DIR/reports/<id>/, downloaded with the title as the file name (RFC 5987).
  const onDisk = fs.readFileSync(path.join(sys.dataDir, 'reports', id, 'report.docx'), 'utf8');
  const dl = await fetch(`${sys.url}/api/reports/${id}/docx`, {
    headers: { authorization: `Bearer ${mgr.token.manager}` },
  });
  expect(dl.status).toBe(200);
  expect(dl.headers.get('content-type')).toContain('wordprocessingml');
  expect(dl.headers.get('content-disposition')).toContain(
    `filename*=UTF-8''${encodeURIComponent('南宁市公安局执法监督通报（2026年10月）.docx')}`,
  );
  const body = await dl.text();
  expect(body).toBe(onDisk);
  const content = (JSON.parse(body) as { content: ReportContent }).content;
  expect(content.title).toBe(done.title);
  expect(content.range.label).toBe('2026年10月');
  expect(done.files.find((f) => f.format === 'docx')!.bytes).toBe(Buffer.byteLength(body));
  // Not asked for: no such file.
  const pdf = await call(sys.url, 'GET', `/api/reports/${id}/pdf`, as(mgr, 'manager'));
  expect([pdf.status, pdf.json.code]).toEqual([404, 'not_found']);
}, 120_000);

it('a renderer that fails makes the report failed, with its message, and says so on the socket', async () => {
  const res = await request({
    unit: '450103',
    period: 'custom',
    from: '2026-11-01',
    to: '2026-11-15',
    formats: ['pdf'],
  });
  expect(res.status, res.text).toBe(202);
  const id = res.json.report_id;
  const failed = await until(async () => {
    const j = await job(id);
    return j.state === 'failed' ? j : null;
  });
  expect(failed.error).toBe('pdf renderer broke (on purpose)');
  expect(failed.title).toBe('青秀分局执法监督通报（2026年11月1日至11月15日）');
  await until(async () => progress.some((p) => p.report_id === id && p.state === 'failed'));
}, 60_000);

it('keeps to scope and role: requests, records, lists and downloads', async () => {
  expect((await request({ unit: '4502', period: 'month' })).json.code).toBe('out_of_scope');
  expect((await request({ unit: '45', period: 'year' })).json.code).toBe('out_of_scope');
  expect((await request({ unit: '4501', period: 'month' }, mgr, 'officer')).json.code).toBe('forbidden');
  expect((await request({ unit: '450', period: 'month' })).json.code).toBe('invalid_body');
  const bad = await request({ unit: '4501', period: 'custom', from: '2026-11-01' });
  expect([bad.status, bad.json.code]).toEqual([400, 'invalid_body']);
  expect(bad.json.error).toMatch(/from and to/);
  const mine = await call<{ reports: ReportJob[] }>(sys.url, 'GET', '/api/reports', as(mgr, 'manager'));
  expect(mine.json.reports.length).toBeGreaterThanOrEqual(2);
  const id = mine.json.reports[0]!.report_id;
  const theirs = await call<{ reports: ReportJob[] }>(sys.url, 'GET', '/api/reports', as(other, 'manager'));
  expect(theirs.json.reports.some((r) => r.unit.startsWith('4501'))).toBe(false);
  expect((await call(sys.url, 'GET', `/api/reports/${id}`, as(other, 'manager'))).json.code).toBe(
    'out_of_scope',
  );
  expect((await call(sys.url, 'GET', `/api/reports/${id}/docx`, as(other, 'manager'))).json.code).toBe(
    'out_of_scope',
  );
  expect(
    (await call(sys.url, 'GET', '/api/reports/RPT-19990101-00000000', as(mgr, 'manager'))).json.code,
  ).toBe('not_found');
  expect((await call(sys.url, 'GET', '/api/reports/x/docx', as(mgr, 'manager'))).json.code).toBe(
    'invalid_path',
  );
  expect((await call(sys.url, 'GET', `/api/reports/${id}/doc`, as(mgr, 'manager'))).json.code).toBe(
    'invalid_path',
  );
});

it('schedules the monthly reports at 08:00 on the 1st in the unit zone, and makes each city’s once', async () => {
  const queue = openReportQueue({ ...sys.redis.options, maxRetriesPerRequest: null } as ConnectionOptions);
  try {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
      ['monthly-reports', MONTHLY_PATTERN, TZ],
    ]);
    expect(MONTHLY_PATTERN).toBe('0 8 1 * *');
    expect(QUEUE_PREFIX).toBe('vigil');
  } finally {
    await queue.close();
  }
  const made = await sys.reports.service.monthly();
  expect(made.sort()).toEqual([
    expect.stringMatching(/^RPT-AUTO-4501-\d{4}-\d{2}$/),
    expect.stringMatching(/^RPT-AUTO-4502-/),
  ]);
  expect(await sys.reports.service.monthly()).toEqual([]); // made once
  const auto = await until(async () => {
    const j = await job(made[0]!);
    return j.state === 'failed' ? j : null; // the pdf of the JSON renderer fails on purpose
  });
  expect(auto).toMatchObject({ requested_by: 'system', unit: '4501', period: 'month' });
  expect(auto.files.map((f) => f.format)).toEqual(['docx']);
  const listed = await call<{ reports: ReportJob[] }>(sys.url, 'GET', '/api/reports', as(mgr, 'manager'));
  expect(listed.json.reports.map((r) => r.report_id)).toContain(made[0]);
  expect(listed.json.reports.map((r) => r.report_id)).not.toContain(made[1]);
}, 120_000);
