/**
 * rule-figures.ts against real embedded ClickHouse: obligations written to the ledger, some due exactly at a UTC
 * midnight or a millisecond either side, some held; the snapshot and the daily table refreshed; then for periods
 * aligned and not, long and shorter than a day, the figures per (county, rule, period) must equal those computed
 * here from the rows (held ones not judged), with the capped lateness exact for a cap that is not a whole hour.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertChange } from '../../common/alerts.js';
import { alertEventRow } from '../../alerts/store/alert-recorder.js';
import { recordObligations, refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import type { Obligation, ObligationStatus } from '../../alerts/engine/types.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { RuleFigures } from '../../server/services/rule-figures.js';
import type { RuleFigureRow } from '../../server/services/rule-figures.js';
import { ledgerRow } from '../helpers/ledger-rows.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const H = 3_600_000;
const DAY = 24 * H;
const D0 = Math.floor(Date.now() / DAY) * DAY - 40 * DAY; // a UTC midnight 40 days ago
const UNITS = ['450103520000', '450105530000', '450201520000', '450103540000'];
const RULES = ['R-INC-01', 'R-PRO-02', 'R-PER-19'];
const STATUSES: ObligationStatus[] = ['on_time', 'late', 'pending', 'late', 'on_time', 'violation', 'clear'];
const CAP = 30.5;
const rows: Obligation[] = [];
const held = new Set<string>();
let sys: TestSystem;

function obligation(i: number): Obligation {
  const rule = RULES[i % RULES.length]!;
  const status = STATUSES[Math.floor(i / 3) % STATUSES.length]!;
  // every 4th due exactly at a midnight, or 1 ms either side of it; the rest anywhere in the day
  const edge = [0, -1, 1][i % 3]!;
  const due = D0 + (i % 41) * DAY + (i % 4 === 0 ? edge : ((i * 7_919) % DAY) + 1);
  const unit = UNITS[i % UNITS.length]!;
  return ledgerRow({ id: `F-${i}`, rule, unit, due, status, lateH: (i % 9) * 7 + 0.25 });
}

function heldChange(o: Obligation, seq: number): AlertChange {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    alert_id: o.alert_id,
    kind: 'held',
    at: iso(o.due_at + 1_000),
    alert: {
      alert_id: o.alert_id,
      seq,
      rule_id: o.rule_id,
      severity: 'P2',
      stage: 'overdue',
      state: 'held',
      resolution: null,
      unit_code: o.unit_code,
      subject: {},
      trigger_event_id: o.trigger_event_id,
      satisfied_by_event_id: null,
      due_at: iso(o.due_at),
      opened_at: iso(o.due_at),
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      title: 't',
      legal_basis: 'b',
      held_by: 'case:4501',
    },
  };
}

beforeAll(async () => {
  sys = await startTestSystem({ RECONCILE_INTERVAL_SECONDS: '0' });
  for (let i = 0; i < 900; i++) rows.push(obligation(i));
  const toHold = rows.filter((o, i) => o.status === 'pending' && i % 5 === 0);
  for (const o of toHold) held.add(o.alert_id);
  await recordObligations(sys.clickhouse.client, rows, 1);
  await sys.clickhouse.client.insert({
    table: 'alert_events',
    values: toHold.map((o, i) => alertEventRow(heldChange(o, i + 1), 'stream')),
    format: 'JSONEachRow',
  });
  await refreshLedgerSnapshot(sys.clickhouse.client);
});
afterAll(async () => {
  await sys?.cleanup();
});

function expected(
  unit: string,
  len: number,
  periods: Array<[number, number]>,
  rule?: string,
): RuleFigureRow[] {
  const out = new Map<string, RuleFigureRow>();
  periods.forEach(([a, b], period) => {
    for (const o of rows) {
      if (!o.unit_code.startsWith(unit) || held.has(o.alert_id) || !(o.due_at > a && o.due_at <= b)) continue;
      if (rule && o.rule_id !== rule) continue;
      const prefix = o.unit_code.slice(0, len);
      const key = `${prefix}|${o.rule_id}|${period}`;
      const f = out.get(key) ?? {
        prefix,
        rule_id: o.rule_id,
        period,
        judged: 0,
        violations: 0,
        late_n: 0,
        late_sum: 0,
      };
      f.judged++;
      if (['late', 'pending', 'violation'].includes(o.status)) f.violations++;
      if (o.status === 'late') {
        f.late_n++;
        f.late_sum += Math.min((o.satisfied_at! - o.due_at) / H, CAP) / CAP;
      }
      out.set(key, f);
    }
  });
  return [...out.values()].sort((x, y) =>
    x.prefix !== y.prefix
      ? x.prefix < y.prefix
        ? -1
        : 1
      : x.rule_id !== y.rule_id
        ? x.rule_id < y.rule_id
          ? -1
          : 1
        : x.period - y.period,
  );
}

const round = (rs: RuleFigureRow[]) =>
  rs.map((r) => ({ ...r, late_sum: Math.round(r.late_sum * 1e6) / 1e6 }));

it('reads whole days from the daily table: the table holds every obligation once', async () => {
  const [t] = await queryRows<{ n: string; days: string }>(
    sys.clickhouse.client,
    'SELECT sum(judged) AS n, uniqExact(day) AS days FROM obligations_daily',
  );
  expect(Number(t?.n)).toBe(rows.length);
  expect(Number(t?.days)).toBeGreaterThan(30);
});

it('equals the rows for periods aligned on midnights or not, longer and shorter than a day', async () => {
  const figures = new RuleFigures(sys.clickhouse.client);
  const cases: Array<{ unit: string; len: number; periods: Array<[number, number]>; rule?: string }> = [
    {
      unit: '4501',
      len: 6,
      periods: [
        [D0, D0 + 20 * DAY],
        [D0 + 20 * DAY, D0 + 40 * DAY],
      ],
    },
    {
      unit: '4501',
      len: 6,
      periods: [
        [D0 - 8 * H, D0 + 19 * DAY + 16 * H],
        [D0 + 19 * DAY + 16 * H, D0 + 39 * DAY + 16 * H],
      ],
    },
    { unit: '45', len: 4, periods: [[D0 - 1, D0 + 41 * DAY + 1]] },
    { unit: '45', len: 4, periods: [[D0 + 1, D0 + 30 * DAY - 1]], rule: 'R-INC-01' },
    {
      unit: '450103',
      len: 12,
      periods: [
        [D0 + 3 * DAY + 5 * H, D0 + 4 * DAY + 2 * H],
        [D0 + 5 * DAY, D0 + 6 * DAY],
      ],
    },
  ];
  for (const c of cases) {
    const got = await figures.read({
      unit: c.unit,
      len: c.len,
      periods: c.periods,
      fullAtHours: CAP,
      ...(c.rule ? { ruleId: c.rule } : {}),
    });
    const want = expected(c.unit, c.len, c.periods, c.rule);
    expect(want.length).toBeGreaterThan(0);
    expect(round(got)).toEqual(round(want));
  }
});

it('takes held obligations off: they are not judged until their source is back', async () => {
  const all = await new RuleFigures(sys.clickhouse.client).read({
    unit: '45',
    len: 2,
    periods: [[D0 - DAY, D0 + 42 * DAY]],
    fullAtHours: CAP,
  });
  const judged = all.reduce((s, r) => s + r.judged, 0);
  expect(held.size).toBeGreaterThan(5);
  expect(judged).toBe(rows.length - held.size);
});
