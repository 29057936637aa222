/**
 * `held` alerts (overdue, waiting on a late or silent source) in the dashboard's numbers: counted apart in
 * GET /api/stats/summary, and left out of everything active (open or acknowledged), of "new today" and of
 * the per-unit active count, from the same `alerts_current` the active counts read; and their obligations are
 * not yet judged in compliance (neither due nor violated).
 */
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { SummaryResponse, UnitsStatsResponse } from '../../common/api.js';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { alertEventRow } from '../../alerts/store/alert-recorder.js';
import { adminToken, call } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const NOW = Date.now();
const iso = (ms: number): string => new Date(ms).toISOString();
let sys: TestSystem;
let token: string;
let seq = 0;

function change(n: number, kind: AlertChange['kind'], over: Partial<Alert>): AlertChange {
  const alert: Alert = {
    alert_id: `R-INC-01:incident_id:HELD-${n}`,
    seq: ++seq,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: '450903520000',
    subject: { incident_id: `HELD-${n}` },
    trigger_event_id: `held-${n}`,
    satisfied_by_event_id: null,
    due_at: iso(NOW - 1_000),
    opened_at: iso(NOW - 500),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: 't',
    legal_basis: 'b',
    ...over,
  };
  return { alert_id: alert.alert_id, kind, at: iso(NOW - 500 + seq), alert };
}

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' });
  token = await adminToken(sys);
  const changes = [
    change(1, 'raised', {}),
    change(2, 'raised', { severity: 'P2' }),
    change(2, 'acknowledged', { severity: 'P2', state: 'acknowledged', acknowledged_by: 'duty' }),
    change(3, 'held', { state: 'held', held_by: 'case:4509' }),
    change(4, 'held', { state: 'held', severity: 'P3', held_by: 'case:4509' }),
    change(5, 'raised', { stage: 'due_soon', severity: 'P2', due_at: iso(NOW + 3_600_000) }),
    change(6, 'resolved', { state: 'resolved', resolution: 'late', resolved_at: iso(NOW - 100) }),
    // Held, then judged: raised (open) — active again.
    change(7, 'held', { state: 'held', held_by: 'case:4509' }),
    change(7, 'raised', { state: 'open' }),
  ];
  await sys.clickhouse.client.insert({
    table: 'alert_events',
    values: changes.map((c) => alertEventRow(c, 'stream')),
    format: 'JSONEachRow',
  });
  // the ledger: HELD-1 pending (a violation), HELD-3 pending but held (not judged yet), HELD-8 met on time
  await sys.clickhouse.client.insert({
    table: 'obligations',
    values: [
      ['HELD-1', 'pending'],
      ['HELD-3', 'pending'],
      ['HELD-8', 'on_time'],
    ].map(([n, status]) => ({
      obligation_id: `R-INC-01:incident_id:${n}`,
      rule_id: 'R-INC-01',
      kind: 'deadline',
      unit_code: '450903520000',
      trigger_event_id: `held-${n}`,
      occurred_at: chTimeOfMs(NOW - 86_400_000 - 1_000),
      due_at: chTimeOfMs(NOW - 1_000),
      status,
      satisfied_by: status === 'on_time' ? 'x' : '',
      satisfied_at: status === 'on_time' ? chTimeOfMs(NOW - 2_000) : null,
      severity: 'P1',
      version: 1,
    })),
    format: 'JSONEachRow',
  });
  await refreshLedgerSnapshot(sys.clickhouse.client);
});
afterAll(async () => {
  await sys?.cleanup();
});

it('counts held alerts apart from the active ones', async () => {
  const res = await call<SummaryResponse>(sys.url, 'GET', '/api/stats/summary?unit=4509', { token });
  expect(res.status, res.text).toBe(200);
  expect(res.json).toMatchObject({
    active: { P1: 2, P2: 1, P3: 0, total: 3, acknowledged: 1 },
    due_soon: 1,
    held: 2,
    new_today: 4, // 1, 2, 6 and 7: not the held 3 and 4, nor the due_soon 5
    resolved_today: 1,
    // held obligations are not judged yet: neither due nor violated
    compliance: { due: 2, on_time: 1, rate: 0.5 },
  });
  const other = await call<SummaryResponse>(sys.url, 'GET', '/api/stats/summary?unit=4501', { token });
  expect(other.json).toMatchObject({ held: 0, active: { total: 0 } });
});

it('leaves held alerts out of the per-unit active count', async () => {
  const q = new URLSearchParams({
    from: iso(NOW - 86_400_000),
    to: iso(NOW + 3_600_000),
    level: 'city',
    parent: '4509',
  });
  const res = await call<UnitsStatsResponse>(sys.url, 'GET', `/api/stats/units?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  expect(res.json.units.find((u) => u.prefix === '4509')).toMatchObject({
    active: 3,
    due: 2,
    on_time: 1,
    violations: 1,
  });
});
