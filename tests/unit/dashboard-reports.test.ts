import { describe, expect, it } from 'vitest';
import type { ReportJob } from '../../common/report.js';
import type { Unit } from '../../common/units.js';
import {
  applyProgress,
  applyReply,
  fileName,
  mergeList,
  prefixOf,
  recentQuarters,
  reportableUnits,
  requestOf,
  upsert,
} from '../../dashboard/src/views/reports/report-book.js';

const form = {
  unit: '4501',
  period: 'month' as const,
  pick: '',
  from: '',
  to: '',
  formats: ['docx' as const, 'pdf' as const],
};
const job = (id: string, over: Partial<ReportJob> = {}): ReportJob => ({
  report_id: id,
  state: 'queued',
  progress: 0,
  unit: '4501',
  unit_name: '南宁市公安局',
  period: 'month',
  from: '2026-11-01',
  to: '2026-11-30',
  title: '南宁市公安局执法监督通报（2026年11月）',
  requested_by: 'm',
  requested_at: '2026-12-03T01:00:00.000Z',
  finished_at: null,
  files: [],
  error: null,
  ...over,
});

describe('the Reports page', () => {
  it('turns the form into a request: the period picked by its first day, or the last complete one', () => {
    expect(requestOf(form)).toEqual({
      ok: true,
      body: { unit: '4501', period: 'month', formats: ['docx', 'pdf'] },
    });
    expect(requestOf({ ...form, pick: '2026-10' })).toMatchObject({ body: { from: '2026-10-01' } });
    expect(requestOf({ ...form, period: 'quarter', pick: '2026-Q4' })).toMatchObject({
      body: { from: '2026-10-01' },
    });
    expect(requestOf({ ...form, period: 'quarter', pick: '2026-Q2' })).toMatchObject({
      body: { from: '2026-04-01' },
    });
    expect(requestOf({ ...form, period: 'year', pick: '2025' })).toMatchObject({
      body: { from: '2025-01-01' },
    });
    expect(requestOf({ ...form, period: 'custom', from: '2026-11-03', to: '2026-12-02' })).toMatchObject({
      body: { period: 'custom', from: '2026-11-03', to: '2026-12-02' },
    });
    expect(requestOf({ ...form, period: 'custom', from: '2026-11-03', to: '2026-11-02' })).toEqual({
      ok: false,
      error: 'dates',
    });
    expect(requestOf({ ...form, period: 'custom', from: '', to: '' })).toEqual({ ok: false, error: 'dates' });
    expect(requestOf({ ...form, formats: [] })).toEqual({ ok: false, error: 'formats' });
  });

  it('offers the last eight quarters and the units in scope down to districts', () => {
    expect(recentQuarters('2026-02-10', 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    const u = (code: string, level: Unit['level']): Unit => ({
      code,
      name: code,
      parent: null,
      level,
      time_zone: 'Asia/Shanghai',
    });
    const all = [
      u('450000000000', 'province'),
      u('450100000000', 'city'),
      u('450103000000', 'county'),
      u('450103520000', 'station'),
      u('450200000000', 'city'),
    ];
    expect(reportableUnits(all, '4501').map(prefixOf)).toEqual(['4501', '450103']);
    expect(reportableUnits(all, '').map(prefixOf)).toEqual(['45', '4501', '450103', '4502']);
  });

  it('moves a report’s bar forward with the pushes, never back, and re-reads it when it ends', () => {
    let list = [job('A'), job('B')];
    let r = applyProgress(list, { report_id: 'A', progress: 0.4, state: 'running' });
    expect([r.list[0]!.state, r.list[0]!.progress, r.reread]).toEqual(['running', 0.4, false]);
    list = r.list;
    r = applyProgress(list, { report_id: 'A', progress: 0.2 }); // a late, older push
    expect(r.list[0]!.progress).toBe(0.4);
    r = applyProgress(list, { report_id: 'A', progress: 1, state: 'done' });
    expect([r.list[0]!.state, r.reread]).toEqual(['done', true]);
    expect(applyProgress(list, { report_id: 'C', progress: 0.1 }).reread).toBe(true); // not listed yet
    expect(upsert(list, job('C')).map((j) => j.report_id)).toEqual(['C', 'A', 'B']);
    expect(upsert(list, job('B', { state: 'done' }))[1]!.state).toBe('done');
    expect(fileName(job('A'), 'xlsx')).toBe('南宁市公安局执法监督通报（2026年11月）.xlsx');
  });

  it('a re-read record that left the server before a push never moves the bar back nor un-finishes it', () => {
    // The CI failure: the bar read 2 %, 15 %, then 2 % again — the reply to a re-read asked for before the
    // 15 % push arrived after it.
    const list = [job('A', { state: 'running', progress: 0.15 })];
    const stale = upsert(list, job('A', { state: 'queued', progress: 0.02 }))[0]!;
    expect([stale.state, stale.progress]).toEqual(['running', 0.15]);
    const newer = upsert(list, job('A', { state: 'running', progress: 0.3 }))[0]!;
    expect(newer.progress).toBe(0.3);
    const done = upsert(list, job('A', { state: 'done', progress: 1, files: [] }));
    expect([done[0]!.state, done[0]!.progress]).toEqual(['done', 1]);
    const late = upsert(done, job('A', { state: 'running', progress: 0.5 }))[0]!;
    expect([late.state, late.progress]).toEqual(['done', 1]);
    const failed = upsert(list, job('A', { state: 'failed', progress: 0.15, error: 'x' }))[0]!;
    expect(failed.state).toBe('failed');
  });

  it('a list read again (on connecting) never moves a bar back and keeps a report it does not hold yet', () => {
    // The whole list is read again on visiting and when the live connection comes up; that read may leave the
    // server before a push and arrive after it. It used to replace the list whole.
    const now = [job('N', { state: 'running', progress: 0.15 }), job('A', { state: 'done', progress: 1 })];
    const fetched = [job('A', { state: 'done', progress: 1 }), job('B', { state: 'done', progress: 1 })];
    const merged = mergeList(now, [job('N', { state: 'queued', progress: 0.02 }), ...fetched]);
    expect(merged.map((j) => [j.report_id, j.state, j.progress])).toEqual([
      ['N', 'running', 0.15],
      ['A', 'done', 1],
      ['B', 'done', 1],
    ]);
    // A report requested after the list left the server is kept, first; the server's order otherwise.
    expect(mergeList(now, fetched).map((j) => j.report_id)).toEqual(['N', 'A', 'B']);
    // A newer read wins: progress forward, finished state and its files.
    const done = job('N', { state: 'done', progress: 1, files: [{ format: 'docx', bytes: 10 }] });
    expect(mergeList(now, [done, ...fetched])[0]).toEqual(done);
  });

  it('a reply is merged into the list as it is when the reply arrives, with the pushes applied meanwhile', async () => {
    // The cause of both CI failures: `list.value = upsert(list.value, await api.report(id))` read the list
    // before the request left, so the 15 % push that arrived during it was thrown away with the stale list.
    const shown = { value: [job('A', { state: 'running', progress: 0.02 })] };
    let answer: (j: ReportJob) => void = () => undefined;
    const reply = new Promise<ReportJob>((r) => (answer = r));
    const done = applyReply(shown, reply, upsert);
    shown.value = applyProgress(shown.value, { report_id: 'A', progress: 0.15 }).list; // a push meanwhile
    answer(job('A', { state: 'running', progress: 0.02 })); // the reply left before the push
    await done;
    expect(shown.value[0]!.progress).toBe(0.15);
  });
});
