/**
 * Per-unit compliance (GET /api/stats/units) on a known ledger written straight into ClickHouse: due,
 * on time, violations, rate, and lateness of late satisfiers (hours past the deadline, from `events`),
 * with superseded ledger versions ignored. Guards the query against regressions when it is tuned.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UnitStats, UnitsStatsResponse } from '../../common/api.js';
import type { PoliceEvent } from '../../common/events.js';
import type { Obligation } from '../../alerts/engine/index.js';
import { recordObligations } from '../../alerts/store/obligation-ledger.js';
import { insertEventRows, toRow } from '../../ingest/store/event-store.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { adminToken, call } from '../helpers/live-system.js';

const HOUR = 3_600_000;
const NOW = Date.now();
let sys: TestSystem;
let token: string;

function obligation(n: number, unit: string, dueHoursAgo: number, status: Obligation['status'], by?: string) {
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
    satisfied_by: by ?? null,
    title: 't',
    legal_basis: 'b',
  };
  return o;
}

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
  const events = [
    satisfier('st-late-1', A, 2, 100),
    satisfier('st-late-2', A, 6, 90),
    satisfier('st-late-3', B, 10, 80),
    satisfier('st-late-4', B, 1, 70),
    satisfier('st-late-5', B, 4, 60),
    satisfier('st-ok-1', A, -1, 50),
  ];
  await insertEventRows(
    sys.clickhouse.client,
    events.map((e) => toRow(e, new Date().toISOString(), 'st')),
  );
  const ch = sys.clickhouse.client;
  // An older version of ST-2 (pending) superseded by the newer one (late).
  await recordObligations(ch, [obligation(2, A, 90, 'pending')], NOW - 10_000);
  await recordObligations(
    ch,
    [
      obligation(1, A, 100, 'late', 'st-late-1'),
      obligation(2, A, 90, 'late', 'st-late-2'),
      obligation(3, A, 50, 'on_time', 'st-ok-1'),
      obligation(4, A, 20, 'on_time', 'st-ok-1'),
      obligation(5, B, 80, 'late', 'st-late-3'),
      obligation(6, B, 70, 'late', 'st-late-4'),
      obligation(7, B, 60, 'late', 'st-late-5'),
      obligation(8, B, 30, 'pending'),
      obligation(9, C, 30, 'violation'),
      obligation(10, C, 20, 'on_time', 'st-ok-1'),
      obligation(11, A, 40 * 24, 'late', 'st-late-1'), // due before the range
      obligation(12, A, -5, 'pending'), // not yet due
    ],
    NOW,
  );
});
afterAll(async () => {
  await sys?.cleanup();
});

async function units(level: string, parent?: string): Promise<Map<string, UnitStats>> {
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

it('measures lateness in hours past the deadline from the satisfying events', async () => {
  const county = await units('county', '4501');
  expect(county.get('450102')).toMatchObject({ lateness_p50_h: 6, lateness_p90_h: 6 });
  expect(county.get('450103')).toMatchObject({ lateness_p50_h: 4, lateness_p90_h: 10 });
  const city = await units('city');
  expect(city.get('4501')).toMatchObject({ lateness_p50_h: 4, lateness_p90_h: 10 });
  expect(city.get('4502')).toMatchObject({ lateness_p50_h: null, lateness_p90_h: null });
});

it('counts a satisfier stored twice (a resend not merged away yet) once', async () => {
  await sys.clickhouse.client.command({ query: 'SYSTEM STOP MERGES events' });
  const dup = satisfier('st-late-3', '450103520000', 10, 80);
  await insertEventRows(sys.clickhouse.client, [toRow(dup, new Date().toISOString(), 'st-again')]);
  const county = await units('county', '4501');
  expect(county.get('450103')).toMatchObject({ lateness_p50_h: 4, lateness_p90_h: 10 });
});
