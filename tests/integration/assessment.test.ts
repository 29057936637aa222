/**
 * GET /api/assessment against real embedded ClickHouse: obligations written to the ledger (as the engine
 * records them), the snapshot refreshed, and every category's rate, the lateness and the score compared with
 * figures computed here independently from the same rows, for the period and the one just before it. The same
 * rows check the trends page's figures: unit counts that add up, condition checks apart, the rule × unit cells,
 * and monthly trends over three years.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AssessmentFile, AssessmentResponse } from '../../common/assessment.js';
import type { TrendsResponse, UnitsStatsResponse } from '../../common/api.js';
import { recordObligations, refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import type { Obligation, ObligationStatus } from '../../alerts/engine/types.js';
import { readAssessmentFile } from '../../alerts/assessment-file.js';
import { readRules } from '../../alerts/rules-file.js';
import { saveUnits } from '../../ingest/store/units-store.js';
import { adminToken, call } from '../helpers/live-system.js';
import { ledgerRow } from '../helpers/ledger-rows.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.now();
const FROM = NOW - 10 * DAY;
const PREV = FROM - 10 * DAY;
const FILE: AssessmentFile = readAssessmentFile(
  undefined,
  readRules(undefined).map((r) => r.id),
);
const UNITS = [
  '450103520000',
  '450103530000',
  '450105520000',
  '450201520000',
  '450105530000',
  '450103540000',
  '450105540000',
];
const RULES = ['R-INC-01', 'R-PRO-02', 'R-REC-07', 'R-PER-19', 'R-PER-01'];
const STATUSES: ObligationStatus[] = ['on_time', 'late', 'pending', 'on_time', 'on_time'];

let sys: TestSystem;
let token: string;
const rows: Obligation[] = [];

function obligation(i: number): Obligation {
  const rule = RULES[i % RULES.length] as string;
  const condition = rule === 'R-PER-19';
  const status: ObligationStatus = condition
    ? i % 3 === 0
      ? 'violation'
      : 'clear'
    : (STATUSES[Math.floor(i / 5) % STATUSES.length] as ObligationStatus);
  const due = PREV + ((i * 7_919) % 20) * DAY + (i % 23) * H + 1_000;
  const unit = UNITS[i % UNITS.length] as string;
  return ledgerRow({ id: `A-${i}`, rule, unit, due, status, lateH: (i % 5) * 30 + 1 });
}

beforeAll(async () => {
  sys = await startTestSystem({ RECONCILE_INTERVAL_SECONDS: '0' });
  await saveUnits(sys.clickhouse.client, [
    {
      code: '450103000000',
      name: '青秀区',
      parent: '450100000000',
      level: 'county',
      time_zone: 'Asia/Shanghai',
    },
    {
      code: '450105000000',
      name: '江南区',
      parent: '450100000000',
      level: 'county',
      time_zone: 'Asia/Shanghai',
    },
    {
      code: '450107000000',
      name: '西乡塘区',
      parent: '450100000000',
      level: 'county',
      time_zone: 'Asia/Shanghai',
    },
  ]);
  token = await adminToken(sys);
  for (let i = 0; i < 400; i++) rows.push(obligation(i));
  await recordObligations(sys.clickhouse.client, rows, 1);
  await refreshLedgerSnapshot(sys.clickhouse.client);
});
afterAll(async () => {
  await sys?.cleanup();
});

/** The expected rate of a category (or lateness) for a county prefix in (from, to], from the rows. */
function expected(prefix: string, from: number, to: number) {
  const mine = rows.filter((o) => o.unit_code.startsWith(prefix) && o.due_at > from && o.due_at <= to);
  const cats = new Map<string, { n: number; d: number }>();
  for (const o of mine) {
    const cat = FILE.categories.find((c) =>
      c.rules.some((p) => (p.endsWith('*') ? o.rule_id.startsWith(p.slice(0, -1)) : p === o.rule_id)),
    );
    const c = cats.get(cat!.id) ?? { n: 0, d: 0 };
    c.d++;
    if (['late', 'pending', 'violation'].includes(o.status)) c.n++;
    cats.set(cat!.id, c);
  }
  const late = mine.filter((o) => o.status === 'late');
  const full = FILE.lateness.full_at_hours;
  const lateness = late.length
    ? late.reduce((s, o) => s + Math.min((o.satisfied_at! - o.due_at) / H, full) / full, 0) / late.length
    : null;
  let lost = 0;
  for (const c of FILE.categories) {
    const f = cats.get(c.id);
    if (f) lost += (c.weight * f.n) / f.d;
  }
  if (lateness !== null) lost += FILE.lateness.weight * lateness;
  return { cats, lateness, score: Math.round(Math.max(0, FILE.base - lost) * 10) / 10 };
}

it('scores each county of 4501 from the same rates computed independently, this period and the last', async () => {
  const q = new URLSearchParams({
    unit: '4501',
    from: new Date(FROM).toISOString(),
    to: new Date(NOW).toISOString(),
  });
  const res = await call<AssessmentResponse>(sys.url, 'GET', `/api/assessment?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  expect(res.json.level).toBe('county');
  expect(res.json.units.map((u) => u.prefix)).toEqual(['450103', '450105', '450107']);
  for (const prefix of ['450103', '450105']) {
    const u = res.json.units.find((x) => x.prefix === prefix)!;
    const cur = expected(prefix, FROM, NOW);
    const prev = expected(prefix, PREV, FROM);
    for (const c of u.components.filter((x) => x.kind === 'category')) {
      const e = cur.cats.get(c.id);
      expect([c.id, c.numerator, c.denominator]).toEqual([c.id, e?.n ?? 0, e?.d ?? 0]);
      const p = prev.cats.get(c.id);
      if (p) expect(c.previous_rate).toBeCloseTo(p.n / p.d, 9);
      else expect(c.previous_rate).toBeNull();
    }
    const lateness = u.components.find((c) => c.kind === 'lateness')!;
    expect(lateness.rate).toBeCloseTo(cur.lateness!, 4);
    expect(u.score).toBeCloseTo(cur.score, 1);
    expect(u.previous_score).toBeCloseTo(prev.score, 1);
    expect(u.status).toBe('scored');
  }
  // 西乡塘区 is in the directory with nothing due: 无应办事项, not 100.
  expect(res.json.units.find((x) => x.prefix === '450107')).toMatchObject({
    score: null,
    status: 'nothing_due',
  });
  // 4502's rows are someone else's.
  expect(res.json.units.some((u) => u.prefix.startsWith('4502'))).toBe(false);
});

it('unit figures add up (due = on time + late + missing), condition checks apart, and per rule for the heat map', async () => {
  const q = new URLSearchParams({
    from: new Date(FROM).toISOString(),
    to: new Date(NOW).toISOString(),
    level: 'county',
    parent: '4501',
    by_rule: 'true',
  });
  const res = await call<UnitsStatsResponse>(sys.url, 'GET', `/api/stats/units?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  for (const u of res.json.units) {
    const mine = rows.filter((o) => o.unit_code.startsWith(u.prefix) && o.due_at > FROM && o.due_at <= NOW);
    const deadline = mine.filter((o) => o.kind === 'deadline');
    const condition = mine.filter((o) => o.kind === 'condition');
    expect(u).toMatchObject({
      due: deadline.length,
      on_time: deadline.filter((o) => o.status === 'on_time').length,
      late: deadline.filter((o) => o.status === 'late').length,
      missing: deadline.filter((o) => o.status === 'pending').length,
      condition_checked: condition.length,
      condition_violations: condition.filter((o) => o.status === 'violation').length,
    });
    expect(u.on_time + (u.late ?? 0) + (u.missing ?? 0)).toBe(u.due);
    for (const rule of RULES) {
      const r = mine.filter((o) => o.rule_id === rule);
      const cell = res.json.cells?.find((c) => c.prefix === u.prefix && c.rule_id === rule);
      expect([rule, cell?.judged ?? 0, cell?.violations ?? 0]).toEqual([
        rule,
        r.length,
        r.filter((o) => ['late', 'pending', 'violation'].includes(o.status)).length,
      ]);
    }
  }
});

it('trends over three years by month: one point per local month', async () => {
  const q = new URLSearchParams({
    from: '2023-12-31T16:00:00.000Z',
    to: '2026-12-31T16:00:00.000Z',
    bucket: 'month',
    unit: '4501',
  });
  const res = await call<TrendsResponse>(sys.url, 'GET', `/api/stats/trends?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  expect(res.json.points).toHaveLength(36);
  expect(res.json.points[0]?.t).toBe('2023-12-31T16:00:00.000Z');
  expect(res.json.points[2]?.t).toBe('2024-02-29T16:00:00.000Z');
  const tooLong = new URLSearchParams({ ...Object.fromEntries(q), from: '2022-01-01T00:00:00.000Z' });
  const refused = await call(sys.url, 'GET', `/api/stats/trends?${tooLong}`, { token });
  expect(refused.status).toBe(400);
});
