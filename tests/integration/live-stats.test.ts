/**
 * Per-unit compliance (GET /api/stats/units) on a known ledger written straight into ClickHouse: due,
 * on time, violations, rate, and lateness of late satisfiers (hours past the deadline, from the ledger's
 * `satisfied_at`: no satisfying event is stored here, so none can be read), with superseded ledger versions
 * ignored; and the alerts/0003 backfill of `satisfied_at` for rows written before the column. Guards the
 * query against regressions when it is tuned.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UnitStats, UnitsStatsResponse } from '../../common/api.js';
import type { PoliceEvent } from '../../common/events.js';
import type { Obligation } from '../../alerts/engine/index.js';
import { alertMigrations } from '../../alerts/store/migrations.js';
import { recordObligations, refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { insertEventRows, toRow } from '../../ingest/store/event-store.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { adminToken, call } from '../helpers/live-system.js';

const HOUR = 3_600_000;
const NOW = Date.now();
let sys: TestSystem;
let token: string;

/** Obligation n of `unit`, due `dueHoursAgo`; with `by`, satisfied by that event `hoursAfterDue` after the deadline. */
function obligation(
  n: number,
  unit: string,
  dueHoursAgo: number,
  status: Obligation['status'],
  by?: { id: string; hoursAfterDue: number },
) {
  const due = NOW - dueHoursAgo * HOUR;
  const o: Obligation = {
    alert_id: `R-INC-01:incident_id:ST-${n}`,
    rule_id: 'R-INC-01',
    kind: status === 'violation' || status === 'clear' ? 'condition' : 'deadline',
    subject: { incident_id: `ST-${n}` },
    trigger_event_id: `st-trigger-${n}`,
    unit_code: unit,
    occurred_at: due - 24 * HOUR,
    seen: due - 24 * HOUR,
    due_at: due,
    lead_ms: null,
    severity: 'P2',
    status,
    satisfied_by: by?.id ?? null,
    satisfied_at: by ? due + by.hoursAfterDue * HOUR : null,
    title: 't',
    legal_basis: 'b',
  };
  return o;
}

const late = (id: string, hoursAfterDue: number) => ({ id, hoursAfterDue });

function satisfier(id: string, unit: string, hoursAfterDue: number, dueHoursAgo: number): PoliceEvent {
  return {
    event_id: id,
    type: 'case.registered',
    occurred_at: new Date(NOW - dueHoursAgo * HOUR + hoursAfterDue * HOUR).toISOString(),
    unit_code: unit,
    case_id: `C-${id}`,
    attrs: { case_kind: 'criminal' },
  };
}

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' });
  token = await adminToken(sys);
  const A = '450102520000';
  const B = '450103520000';
  const C = '450203520000';
  const ch = sys.clickhouse.client;
  // An older version of ST-2 (pending) superseded by the newer one (late).
  await recordObligations(ch, [obligation(2, A, 90, 'pending')], NOW - 10_000);
  await recordObligations(
    ch,
    [
      obligation(1, A, 100, 'late', late('st-late-1', 2)),
      obligation(2, A, 90, 'late', late('st-late-2', 6)),
      obligation(3, A, 50, 'on_time', late('st-ok-1', -1)),
      obligation(4, A, 20, 'on_time', late('st-ok-1', -31)),
      obligation(5, B, 80, 'late', late('st-late-3', 10)),
      obligation(6, B, 70, 'late', late('st-late-4', 1)),
      obligation(7, B, 60, 'late', late('st-late-5', 4)),
      obligation(8, B, 30, 'pending'),
      obligation(9, C, 30, 'violation'),
      obligation(10, C, 20, 'on_time', late('st-ok-1', -41)),
      obligation(11, A, 40 * 24, 'late', late('st-late-1', 2)), // due before the range
      obligation(12, A, -5, 'pending'), // not yet due
    ],
    NOW,
  );
  await refreshLedgerSnapshot(ch);
});
afterAll(async () => {
  await sys?.cleanup();
});

/** Per-unit figures as the API gives them once the ledger's snapshot has caught up (it refreshes every 30 s). */
async function units(level: string, parent?: string): Promise<Map<string, UnitStats>> {
  await refreshLedgerSnapshot(sys.clickhouse.client);
  const q = new URLSearchParams({
    from: new Date(NOW - 30 * 24 * HOUR).toISOString(),
    to: new Date(NOW + HOUR).toISOString(),
    level,
    ...(parent ? { parent } : {}),
  });
  const res = await call<UnitsStatsResponse>(sys.url, 'GET', `/api/stats/units?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  return new Map(res.json.units.map((u) => [u.prefix, u]));
}

it('counts due, on time and violations per unit from the latest ledger version', async () => {
  const county = await units('county', '4501');
  expect([...county.keys()]).toEqual(['450102', '450103']);
  expect(county.get('450102')).toMatchObject({ due: 4, on_time: 2, violations: 2, compliance_rate: 0.5 });
  expect(county.get('450103')).toMatchObject({ due: 4, on_time: 0, violations: 4, compliance_rate: 0 });
  const city = await units('city');
  expect(city.get('4501')).toMatchObject({ due: 8, on_time: 2, violations: 6, compliance_rate: 0.25 });
  expect(city.get('4502')).toMatchObject({ due: 1, on_time: 1, violations: 1, compliance_rate: 1 });
});

it('measures lateness in hours past the deadline from the ledger alone', async () => {
  const stored = await queryRows<{ n: string }>(sys.clickhouse.client, 'SELECT count() AS n FROM events');
  expect(Number(stored[0]?.n)).toBe(0);
  const county = await units('county', '4501');
  expect(county.get('450102')).toMatchObject({ lateness_p50_h: 6, lateness_p90_h: 6 });
  expect(county.get('450103')).toMatchObject({ lateness_p50_h: 4, lateness_p90_h: 10 });
  const city = await units('city');
  expect(city.get('4501')).toMatchObject({ lateness_p50_h: 4, lateness_p90_h: 10 });
  expect(city.get('4502')).toMatchObject({ lateness_p50_h: null, lateness_p90_h: null });
});

it('alerts/0003 fills satisfied_at of rows written before it from the satisfying events', async () => {
  const ch = sys.clickhouse.client;
  const D = '450303520000';
  // Rows as they were before the column: satisfied_at NULL, whatever the writer says.
  const old = [
    obligation(21, D, 100, 'late', late('st-old-1', 3)),
    obligation(22, D, 90, 'late', late('st-old-2', 7)),
    obligation(23, D, 80, 'on_time', late('st-old-3', -2)),
    obligation(24, D, 70, 'late', late('st-old-lost', 5)), // its satisfier was never stored
    obligation(25, D, 60, 'pending'),
  ].map((o) => ({ ...o, satisfied_at: null }));
  await recordObligations(ch, old, NOW - 5_000);
  const events = [
    satisfier('st-old-1', D, 3, 100),
    satisfier('st-old-2', D, 7, 90),
    satisfier('st-old-3', D, -2, 80),
  ];
  await insertEventRows(
    ch,
    events.map((e) => toRow(e, new Date().toISOString(), 'st')),
  );
  // A resend of one satisfier not merged away yet must not duplicate the ledger row.
  await ch.command({ query: 'SYSTEM STOP MERGES events' });
  await insertEventRows(ch, [toRow(events[0]!, new Date().toISOString(), 'st-again')]);
  const measured = async () => (await units('county', '4503')).get('450303');
  expect(await measured()).toMatchObject({ due: 5, on_time: 1, lateness_p50_h: null, lateness_p90_h: null });

  const backfill = alertMigrations.find((m) => m.id === 'alerts/0003')!;
  for (let run = 0; run < 2; run++)
    // idempotent: the second run rewrites nothing
    for (const statement of backfill.statements) await ch.command({ query: statement });

  const rows = await queryRows<{ id: string; at: string | null; n: string }>(
    ch,
    `SELECT obligation_id AS id, any(toUnixTimestamp64Milli(satisfied_at)) AS at, count() AS n
     FROM obligations FINAL WHERE startsWith(unit_code, '4503') GROUP BY id ORDER BY id`,
  );
  const due = (h: number) => NOW - h * HOUR;
  expect(
    rows.map((r) => [
      r.id.replace('R-INC-01:incident_id:', ''),
      r.at === null ? null : Number(r.at),
      Number(r.n),
    ]),
  ).toEqual([
    ['ST-21', due(100) + 3 * HOUR, 1],
    ['ST-22', due(90) + 7 * HOUR, 1],
    ['ST-23', due(80) - 2 * HOUR, 1],
    ['ST-24', null, 1],
    ['ST-25', null, 1],
  ]);
  // The late rows measured (ST-24 still unmeasured), and statuses kept.
  expect(await measured()).toMatchObject({
    due: 5,
    on_time: 1,
    violations: 4,
    lateness_p50_h: 7,
    lateness_p90_h: 7,
  });
  // A newer derivation still wins over the backfilled row.
  await recordObligations(ch, [obligation(21, D, 100, 'on_time', late('st-old-1', -1))], NOW);
  expect(await measured()).toMatchObject({ on_time: 2, lateness_p50_h: 7, lateness_p90_h: 7 });
  await ch.command({ query: 'SYSTEM START MERGES events' });
});

it('keeps the snapshot fresh by itself: a refreshable view every 30 s', async () => {
  const rows = await queryRows<{ status: string }>(
    sys.clickhouse.client,
    `SELECT status FROM system.view_refreshes WHERE view = 'obligations_snapshot_refresh'`,
  );
  expect(rows).toHaveLength(1);
  expect(['Scheduled', 'Running']).toContain(rows[0]!.status);
  const [t] = await queryRows<{ q: string }>(
    sys.clickhouse.client,
    `SELECT create_table_query AS q FROM system.tables WHERE name = 'obligations_snapshot_refresh'`,
  );
  expect(t?.q).toMatch(/REFRESH EVERY 30 SECOND/);
  // …at the lowest thread priority, so that the figures read while it runs do not wait on it (alerts/0009)
  expect(t?.q).toMatch(/os_thread_priority = 19/);
});
