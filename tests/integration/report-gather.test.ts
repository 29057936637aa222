/**
 * A report's content (server/services/reports/gather.ts) on the real system (embedded ClickHouse, Redis, the
 * engine): its figures equal what GET /api/stats/units and GET /api/stats/supervisions answer for the same unit
 * and period — the unit itself, each direct subordinate, previous period included — and equal the counts
 * written into the ledger by hand below. Held obligations and other cities' rows stay out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitsStatsResponse, SupervisionStatsResponse } from '../../common/api.js';
import type { ReportContent, ReportJob } from '../../common/report.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { alertEventRow } from '../../alerts/store/alert-recorder.js';
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { listUnits } from '../../ingest/store/units-store.js';
import { gatherReport } from '../../server/services/reports/gather.js';
import { addDays, localDateOf, resolvePeriod } from '../../server/services/reports/period.js';
import type { ResolvedPeriod } from '../../server/services/reports/period.js';
import { adminToken, alertIdOf, call, raiseAlerts, until } from '../helpers/live-system.js';
import { docxTables, pdfText, readXlsx, unzipText } from '../helpers/office-readers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const TZ = 'Asia/Shanghai';
const UNITS = [
  ['450100000000', '南宁市公安局', '450000000000', 'city'],
  ['450102000000', '兴宁分局', '450100000000', 'county'],
  ['450103000000', '青秀分局', '450100000000', 'county'],
  ['450105000000', '江南分局', '450100000000', 'county'],
  ['450107000000', '西乡塘分局', '450100000000', 'county'],
].map(([code, name, parent, level]) => ({ code, name, parent, level, time_zone: TZ }));

let sys: TestSystem;
let token: string;
let n = 0;

/** A ledger row due at a local time of October (or September) 2026. */
function row(unit: string, due: string, status: string, kind = 'deadline', rule = 'R-INC-01') {
  const at = chTimeOfMs(Date.parse(`${due}+08:00`));
  return {
    obligation_id: `${rule}:incident_id:RPT-${++n}`,
    rule_id: rule,
    kind,
    unit_code: unit,
    trigger_event_id: `rpt-${n}`,
    occurred_at: at,
    due_at: at,
    status,
    satisfied_by: '',
    satisfied_at: null,
    severity: kind === 'deadline' ? 'P1' : 'P2',
    version: 1,
  };
}

const rows = [
  // 青秀 in October: 6 due, 4 on time, 1 late, 1 missing → 66.7 %; in September 1 of 2 → 50 %.
  ...['01', '05', '09', '13'].map((d) => row('450103520000', `2026-10-${d}T10:00:00`, 'on_time')),
  row('450103520000', '2026-10-20T10:00:00', 'late'),
  row('450103520000', '2026-10-31T23:59:00', 'pending'),
  row('450103520000', '2026-09-10T10:00:00', 'on_time'),
  row('450103520000', '2026-09-11T10:00:00', 'late'),
  // 兴宁: 2 of 4 → 50 %, and a condition-rule violation (apart from 应办).
  ...['02', '03'].map((d) => row('450102510000', `2026-10-${d}T08:00:00`, 'on_time')),
  ...['04', '06'].map((d) => row('450102510000', `2026-10-${d}T08:00:00`, 'late', 'deadline', 'R-ADM-01')),
  row('450102510000', '2026-10-07T08:00:00', 'violation', 'condition', 'R-PRO-01'),
  // 江南: a condition violation only — nothing due, so unranked.
  row('450105500000', '2026-10-08T08:00:00', 'violation', 'condition', 'R-PRO-01'),
  // Another city, and November: not in 南宁's October.
  row('450203520000', '2026-10-08T08:00:00', 'late'),
  row('450103520000', '2026-11-01T00:00:01', 'late'),
];
const held = row('450103520000', '2026-10-15T10:00:00', 'pending');

beforeAll(async () => {
  const dir = tempDir('rpt-units');
  const unitsFile = path.join(dir, 'units.json');
  fs.writeFileSync(unitsFile, JSON.stringify(UNITS));
  sys = await startTestSystem({
    ALERT_GRACE_SECONDS: '1',
    RECONCILE_INTERVAL_SECONDS: '0',
    UNITS_FILE: unitsFile,
    TIME_ZONE: TZ,
  });
  token = await adminToken(sys);
  await sys.clickhouse.client.insert({
    table: 'obligations',
    values: [...rows, held],
    format: 'JSONEachRow',
  });
  // The held obligation's alert waits on a silent source: neither due nor violated yet.
  const due = new Date(Date.parse('2026-10-15T10:00:00+08:00')).toISOString();
  const alert = {
    ...{ alert_id: held.obligation_id, seq: 1, rule_id: 'R-INC-01', severity: 'P1' as const },
    ...{ stage: 'overdue' as const, state: 'held' as const, resolution: null, unit_code: held.unit_code },
    ...{
      subject: { incident_id: 'held' },
      trigger_event_id: held.trigger_event_id,
      satisfied_by_event_id: null,
    },
    ...{ due_at: due, opened_at: due, acknowledged_at: null, acknowledged_by: null, resolved_at: null },
    ...{ title: 't', legal_basis: 'b' },
  };
  await sys.clickhouse.client.insert({
    table: 'alert_events',
    values: [alertEventRow({ alert_id: alert.alert_id, kind: 'raised', at: due, alert }, 'stream')],
    format: 'JSONEachRow',
  });
  await refreshLedgerSnapshot(sys.clickhouse.client);
}, 120_000);
afterAll(async () => {
  await sys?.cleanup();
});

const deps = () => ({
  clickhouse: sys.clickhouse.client,
  timeZone: TZ,
  rules: sys.rules,
  units: () => listUnits(sys.clickhouse.client),
  orders: async () => sys.live.supervisions.getMany(await sys.live.supervisions.ids({})),
  now: Date.now,
});
const period = (p: ReturnType<typeof resolvePeriod>): ResolvedPeriod => {
  if (!p.ok) throw new Error(p.error);
  return p.value;
};
const get = async <T>(route: string): Promise<T> => {
  const res = await call<T>(sys.url, 'GET', route, { token });
  expect(res.status, res.text).toBe(200);
  return res.json;
};
const range = (from: string, to: string) =>
  `from=${new Date(`${from}T00:00:00+08:00`).toISOString()}&to=${new Date(`${to}T00:00:00+08:00`).toISOString()}`;

describe('a monthly report of 南宁 for October 2026', () => {
  let c: ReportContent;
  beforeAll(async () => {
    c = await gatherReport(
      deps(),
      '4501',
      period(resolvePeriod({ period: 'month', from: '2026-10-01' }, Date.now(), TZ)),
    );
  });

  it('has its title, unit and periods', () => {
    expect(c.title).toBe('南宁市公安局执法监督通报（2026年10月）');
    expect(c.unit).toEqual({ code: '450100000000', name: '南宁市公安局', level: 'city' });
    expect(c.previous.label).toBe('2026年9月');
  });

  it('sums the city as written in the ledger, and as GET /api/stats/units says', async () => {
    expect(c.summary).toMatchObject({
      due: 10,
      on_time: 6,
      late_or_missing: 4,
      condition_violations: 2,
      compliance_rate: 0.6,
      previous_rate: 0.5,
    });
    expect(c.summary.change_pp).toBeCloseTo(10, 9);
    expect(c.summary.by_severity).toEqual({ P1: 4, P2: 2, P3: 0, P4: 0 });
    const api = await get<UnitsStatsResponse>(
      `/api/stats/units?${range('2026-10-01', '2026-11-01')}&level=city&parent=4501`,
    );
    expect(api.units).toHaveLength(1);
    const u = api.units[0]!;
    expect([c.summary.due, c.summary.on_time, c.summary.compliance_rate]).toEqual([
      u.due,
      u.on_time,
      u.compliance_rate,
    ]);
    expect(c.summary.late_or_missing + c.summary.condition_violations).toBe(u.violations);
  });

  it('ranks the districts by compliance rate, the one with nothing due last and unranked', async () => {
    expect(c.units.map((u) => [u.rank, u.code, u.name, u.due, u.on_time, u.condition_violations])).toEqual([
      [1, '450103000000', '青秀分局', 6, 4, 0],
      [2, '450102000000', '兴宁分局', 4, 2, 1],
      [null, '450105000000', '江南分局', 0, 0, 1],
      [null, '450107000000', '西乡塘分局', 0, 0, 0],
    ]);
    expect(c.units[0]!.previous_rate).toBe(0.5);
    const api = await get<UnitsStatsResponse>(
      `/api/stats/units?${range('2026-10-01', '2026-11-01')}&level=county&parent=4501`,
    );
    for (const a of api.units) {
      const mine = c.units.find((u) => u.code === a.code)!;
      expect([
        mine.due,
        mine.on_time,
        mine.compliance_rate,
        mine.late_or_missing + mine.condition_violations,
      ]).toEqual([a.due, a.on_time, a.compliance_rate, a.violations]);
    }
  });

  it('lists the rules with legal basis, condition rules without a rate, and a daily series', () => {
    const inc = c.rules.find((r) => r.rule_id === 'R-INC-01')!;
    expect(inc).toMatchObject({ kind: 'deadline', due: 8, violations: 2, violation_rate: 0.25 });
    expect(inc.legal_basis.length).toBeGreaterThan(0);
    expect(c.rules.find((r) => r.rule_id === 'R-ADM-01')).toMatchObject({
      due: 2,
      violations: 2,
      violation_rate: 1,
    });
    expect(c.rules.find((r) => r.rule_id === 'R-PRO-01')).toMatchObject({
      kind: 'condition',
      due: null,
      violations: 2,
      violation_rate: null,
    });
    expect(c.rules[0]!.rule_id).toBe('R-ADM-01'); // worst rate first
    expect(c.series.bucket).toBe('day');
    expect(c.series.points.find((p) => p.t === '2026-10-31')).toEqual({
      t: '2026-10-31',
      due: 1,
      violations: 1,
      compliance_rate: 0,
    });
    expect(c.series.points.reduce((s, p) => s + p.due, 0)).toBe(10);
  });
});

it('counts the orders as GET /api/stats/supervisions does, and lists every 挂牌督办 by rule, not by free text', async () => {
  const [alert] = await raiseAlerts(sys, [{ incident: 'RPT-ORDER', unit: '450103520000' }]);
  const issued = await call(sys.url, 'POST', '/api/supervisions', {
    token,
    body: {
      alert_ids: [alertIdOf('RPT-ORDER')],
      unit_code: '450103520000',
      level: 'listed',
      instructions: '张三立即整改',
    },
  });
  expect(issued.status, issued.text).toBe(201);
  expect(alert).toBeDefined();
  const today = localDateOf(Date.now(), TZ);
  const p = period(resolvePeriod({ period: 'custom', from: today, to: today }, Date.now(), TZ));
  const c = await gatherReport(deps(), '4501', p);
  const tomorrow = addDays(today, 1);
  const api = await get<SupervisionStatsResponse>(
    `/api/stats/supervisions?${range(today, tomorrow)}&level=city&parent=4501`,
  );
  expect(c.orders.issued).toBe(1);
  expect(c.orders.issued).toBe(api.units[0]!.issued);
  expect(c.orders.received_on_time).toBe(api.units[0]!.received_on_time);
  expect(c.orders.listed).toHaveLength(1);
  expect(c.orders.listed[0]).toMatchObject({ unit_code: '450103520000', unit_name: null, state: 'issued' });
  expect(c.orders.listed[0]!.rules).toEqual([sys.rules.find((r) => r.id === 'R-INC-01')!.name.zh]);
  expect(JSON.stringify(c)).not.toContain('张三');
  // Another city's report has none of it.
  const other = await gatherReport(deps(), '4502', p);
  expect([other.orders.issued, other.orders.listed.length, other.summary.due]).toEqual([0, 0, 0]);
}, 120_000);

describe('the files made through the API carry the API’s figures', () => {
  const files: Record<string, string> = {};
  let api: UnitsStatsResponse;
  beforeAll(async () => {
    const made = await call<{ report_id: string }>(sys.url, 'POST', '/api/reports', {
      token,
      body: { unit: '4501', period: 'month', from: '2026-10-01', formats: ['docx', 'pdf', 'xlsx'] },
    });
    expect(made.status, made.text).toBe(202);
    const id = made.json.report_id;
    await until(
      async () => (await get<ReportJob>(`/api/reports/${id}`)).state === 'done',
      60_000,
      'report done',
    );
    const dir = tempDir('rpt-files');
    for (const format of ['docx', 'pdf', 'xlsx']) {
      const res = await fetch(`${sys.url}/api/reports/${id}/${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      files[format] = path.join(dir, `report.${format}`);
      fs.writeFileSync(files[format], Buffer.from(await res.arrayBuffer()));
    }
    api = await get<UnitsStatsResponse>(
      `/api/stats/units?${range('2026-10-01', '2026-11-01')}&level=county&parent=4501`,
    );
  }, 120_000);

  it('XLSX: each district’s 应办, 按期 and rate are the API’s, as numbers', () => {
    const sheet = readXlsx(files.xlsx!).sheet('单位排名');
    const rows = [...sheet.values()].filter((c) => c.ref.startsWith('C') && c.ref !== 'C1');
    const withDue = api.units.filter((u) => u.due > 0);
    expect(withDue.length).toBe(2);
    for (const u of withDue) {
      const row = rows.find((c) => c.value === u.code)!.ref.slice(1);
      expect(Number(sheet.get(`D${row}`)!.value)).toBe(u.due);
      expect(Number(sheet.get(`E${row}`)!.value)).toBe(u.on_time);
      expect(Number(sheet.get(`H${row}`)!.value)).toBeCloseTo(u.compliance_rate!, 12);
    }
  });

  it('DOCX and PDF: the same districts with the same figures', () => {
    const tables = docxTables(unzipText(files.docx!, 'word/document.xml')).flat();
    const text = pdfText(files.pdf!).replace(/\s+/g, ' ');
    for (const u of api.units.filter((x) => x.due > 0)) {
      const pct = `${(100 * u.compliance_rate!).toFixed(1)}%`;
      const row = tables.find((r) => r.includes(u.code));
      expect(row, u.code).toBeDefined();
      expect(row).toEqual(expect.arrayContaining([String(u.due), String(u.on_time), pct]));
      expect(text).toContain(`${u.code} ${u.due} ${u.on_time}`);
    }
    expect(text).toContain('南宁市公安局执法监督通报（2026年10月）');
  });
});
