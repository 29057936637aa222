import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertChange } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { until } from '../helpers/live-system.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
const published: AlertChange[] = [];
beforeAll(async () => {
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1' }, { onAlertChanges: (c) => published.push(...c) });
});
afterAll(async () => {
  await sys?.cleanup();
});

const hoursAgo = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();

it('raises an overdue alert after the grace, resolves it late when the satisfier arrives, records it all', async () => {
  const live = sys.live;
  const res = await sys.post([
    {
      event_id: 'ae-closed-1',
      type: 'incident.closed',
      occurred_at: hoursAgo(30),
      unit_code: '450103520000',
      incident_id: 'AE-I1',
      attrs: { nature: 'criminal' },
    },
    // A pre-warning case: closed 21 h ago, due in 3 h, lead 4 h → due_soon.
    {
      event_id: 'ae-closed-2',
      type: 'incident.closed',
      occurred_at: hoursAgo(21),
      unit_code: '450103520000',
      incident_id: 'AE-I2',
      attrs: { nature: 'public_order' },
    },
  ]);
  expect(res.status).toBe(202);
  const id1 = 'R-INC-01:incident_id:AE-I1';
  const overdue = await until(async () => {
    const a = await live.alerts.get(id1);
    return a?.stage === 'overdue' ? a : null;
  });
  expect(overdue).toMatchObject({
    rule_id: 'R-INC-01',
    severity: 'P1',
    state: 'open',
    unit_code: '450103520000',
  });
  const soon = await until(() => live.alerts.get('R-INC-01:incident_id:AE-I2'));
  expect(soon).toMatchObject({ stage: 'due_soon', severity: 'P4', state: 'open' });
  expect(await live.alerts.unresolvedIds()).toEqual(expect.arrayContaining([id1, soon.alert_id]));

  await sys.post({
    event_id: 'ae-reg-1',
    type: 'case.registered',
    occurred_at: hoursAgo(1),
    unit_code: '450103520000',
    incident_id: 'AE-I1',
    case_id: 'AE-C1',
    attrs: { case_kind: 'criminal' },
  });
  const resolved = await until(async () => {
    const a = await live.alerts.get(id1);
    return a?.state === 'resolved' ? a : null;
  });
  expect(resolved).toMatchObject({ resolution: 'late', satisfied_by_event_id: 'ae-reg-1' });
  expect(await live.alerts.unresolvedIds()).not.toContain(id1);

  // Every change published in seq order, replayable from the stream, and recorded in ClickHouse.
  const last = await live.alerts.currentSeq();
  await until(async () => published.length >= last);
  const seqs = published.map((c) => c.alert.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const replay = await live.changes.alertChangesSince(0);
  expect(replay?.map((c) => c.alert.seq)).toEqual(seqs);
  await sys.engine!.settled();
  const rows = await queryRows<{ alert_id: string; change: string; state: string }>(
    sys.clickhouse.client,
    'SELECT alert_id, change, state FROM alert_events ORDER BY seq',
  );
  expect(rows.filter((r) => r.alert_id === id1).map((r) => `${r.change}:${r.state}`)).toEqual([
    'raised:open',
    'resolved:resolved',
  ]);
});

it('acknowledge racing automatic resolution never reopens a resolved alert', async () => {
  const live = sys.live;
  for (let i = 0; i < 20; i++) {
    const incident = `RACE-${i}`;
    await sys.post({
      event_id: `race-closed-${i}`,
      type: 'incident.closed',
      occurred_at: hoursAgo(30),
      unit_code: '450103520000',
      incident_id: incident,
      attrs: { nature: 'criminal' },
    });
    const id = `R-INC-01:incident_id:${incident}`;
    await until(() => live.alerts.get(id));
    const satisfier = sys.post({
      event_id: `race-reg-${i}`,
      type: 'case.registered',
      occurred_at: hoursAgo(1),
      unit_code: '450103520000',
      incident_id: incident,
      case_id: `RACE-C${i}`,
      attrs: { case_kind: 'criminal' },
    });
    const acks = Array.from({ length: 5 }, () => live.desk.acknowledge(id, 'officer1', { note: 'on it' }));
    await Promise.all([satisfier, ...acks]);
    const final = await until(async () => {
      const a = await live.alerts.get(id);
      return a?.state === 'resolved' ? a : null;
    });
    expect(final.resolution).toBe('late');
    const after = await live.desk.acknowledge(id, 'officer1');
    expect(after).toEqual({ ok: false, reason: 'resolved' });
    const history = (await live.changes.alertChangesSince(0))!.filter((c) => c.alert_id === id);
    const firstResolved = history.findIndex((c) => c.alert.state === 'resolved');
    expect(history.slice(firstResolved).every((c) => c.alert.state === 'resolved')).toBe(true);
    expect(history.filter((c) => c.kind === 'acknowledged').length).toBeLessThanOrEqual(1);
  }
});
