/**
 * The trend chart's one time basis (GET /api/stats/trends): violations are counted in the hour their deadline
 * passed, and so are the ones of them resolved since — not in the hour someone resolved them. Counted by when
 * they were resolved, a day of violations resolved in one sweep sat at 0 all day and spiked in the last hour
 * beside bars counted by event time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { TrendsResponse } from '../../common/api.js';
import { alertEventRow } from '../../alerts/store/alert-recorder.js';
import { adminToken, call } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const HOUR = 3_600_000;
const NOW = Date.now();
const iso = (ms: number): string => new Date(ms).toISOString();
let sys: TestSystem;
let token: string;
let seq = 0;

function change(
  n: number,
  kind: AlertChange['kind'],
  dueAgoHours: number,
  over: Partial<Alert>,
): AlertChange {
  const due = NOW - dueAgoHours * HOUR;
  const alert: Alert = {
    alert_id: `R-INC-01:incident_id:BASIS-${n}`,
    seq: ++seq,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: '450903520000',
    subject: { incident_id: `BASIS-${n}` },
    trigger_event_id: `basis-${n}`,
    satisfied_by_event_id: null,
    due_at: iso(due),
    opened_at: iso(due + 60_000),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: 't',
    legal_basis: 'b',
    ...over,
  };
  return { alert_id: alert.alert_id, kind, at: iso(NOW - 1_000 + seq), alert };
}

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' });
  token = await adminToken(sys);
  const resolvedNow = {
    state: 'resolved' as const,
    resolution: 'late' as const,
    resolved_at: iso(NOW - 500),
  };
  const changes = [
    change(1, 'raised', 10, {}),
    change(1, 'resolved', 10, resolvedNow),
    change(2, 'raised', 10, {}),
    change(3, 'raised', 5, {}),
    change(3, 'resolved', 5, resolvedNow),
  ];
  await sys.clickhouse.client.insert({
    table: 'alert_events',
    values: changes.map((c) => alertEventRow(c, 'stream')),
    format: 'JSONEachRow',
  });
});
afterAll(async () => {
  await sys?.cleanup();
});

it('counts resolutions in the hour the violation happened, like the violations', async () => {
  const q = new URLSearchParams({
    from: iso(NOW - 24 * HOUR),
    to: iso(NOW + HOUR),
    bucket: 'hour',
    unit: '4509',
  });
  const res = await call<TrendsResponse>(sys.url, 'GET', `/api/stats/trends?${q}`, { token });
  expect(res.status, res.text).toBe(200);
  const at = (agoHours: number) => {
    const hour = Math.floor((NOW - agoHours * HOUR) / HOUR) * HOUR;
    return res.json.points.find((p) => Date.parse(p.t) === hour);
  };
  expect(at(10)).toMatchObject({ raised: 2, P1: 2, resolved: 1 });
  expect(at(5)).toMatchObject({ raised: 1, resolved: 1 });
  expect(at(0)).toMatchObject({ raised: 0, resolved: 0 });
  expect(res.json.points.reduce((s, p) => s + p.resolved, 0)).toBe(2);
});
