/**
 * The obligations ledger as the running engine writes it: a late satisfier's occurred_at lands in
 * `satisfied_at`, and GET /api/stats/units measures lateness from it.
 */
import { refreshLedgerSnapshot } from '../../alerts/store/obligation-ledger.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UnitsStatsResponse } from '../../common/api.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { adminToken, call, until } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const HOUR = 3_600_000;
const NOW = Date.now();
const at = (hoursAgo: number): string => new Date(NOW - hoursAgo * HOUR).toISOString();
let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' });
});
afterAll(async () => {
  await sys?.cleanup();
});

it('records the satisfier’s time with the obligation, and lateness is measured from it', async () => {
  // R-INC-01: a criminal incident closed 30 h ago is due 24 h later (6 h ago); registered 1 h ago: 5 h late.
  const res = await sys.post([
    {
      event_id: 'ls-closed-1',
      type: 'incident.closed',
      occurred_at: at(30),
      unit_code: '450103520000',
      incident_id: 'LS-I1',
      attrs: { nature: 'criminal' },
    },
    {
      event_id: 'ls-reg-1',
      type: 'case.registered',
      occurred_at: at(1),
      unit_code: '450103520000',
      incident_id: 'LS-I1',
      case_id: 'LS-C1',
      attrs: { case_kind: 'criminal' },
    },
  ]);
  expect(res.status).toBe(202);
  const row = await until(async () => {
    const [r] = await queryRows<{ status: string; satisfied_by: string; satisfied_at: string | null }>(
      sys.clickhouse.client,
      `SELECT status, satisfied_by, toUnixTimestamp64Milli(satisfied_at) AS satisfied_at
       FROM obligations FINAL WHERE obligation_id = 'R-INC-01:incident_id:LS-I1'`,
    );
    return r?.status === 'late' ? r : null;
  });
  expect(row.satisfied_by).toBe('ls-reg-1');
  expect(Number(row.satisfied_at)).toBe(Date.parse(at(1)));

  await refreshLedgerSnapshot(sys.clickhouse.client);
  const token = await adminToken(sys);
  const q = new URLSearchParams({ from: at(48), to: new Date(NOW + HOUR).toISOString(), level: 'county' });
  const stats = await call<UnitsStatsResponse>(sys.url, 'GET', `/api/stats/units?${q}`, { token });
  expect(stats.status, stats.text).toBe(200);
  expect(stats.json.units.find((u) => u.prefix === '450103')).toMatchObject({
    due: 1,
    on_time: 0,
    lateness_p50_h: 5,
    lateness_p90_h: 5,
  });
});
