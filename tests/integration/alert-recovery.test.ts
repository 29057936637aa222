/**
 * Recovery of the alert engine's live state: Redis flushed → rebuild from ClickHouse gives the same open
 * alerts; live state sabotaged → reconciliation raises what the streaming path missed.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { silentLogger } from '../../common/node/logger.js';
import { reconcile } from '../../alerts/recovery/reconcile.js';
import { rebuildFromClickHouse } from '../../alerts/recovery/rebuild.js';
import { KEYS } from '../../alerts/redis/keys.js';
import { generateScenario } from '../../ingest/simulator/scenario.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let redis: Redis;
beforeAll(async () => {
  // Reconciliation is driven by the test, not the timer.
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' });
  redis = new Redis(sys.redis.options);
});
afterAll(async () => {
  redis?.disconnect();
  await sys?.cleanup();
});

const view = (a: Alert) => `${a.alert_id}|${a.stage}|${a.state}|${a.resolution}|${a.severity}|${a.due_at}`;

async function activeAlerts(): Promise<string[]> {
  const store = sys.live.alerts;
  return [...(await store.getMany(await store.unresolvedIds())).values()].map(view).sort();
}

async function settle(): Promise<void> {
  await sys.ingest.drained();
  await sys.engine!.settled();
}

it('a simulated week makes alerts; after FLUSHALL a rebuild from ClickHouse restores the same open alerts', async () => {
  const end = Date.now() - 60_000;
  const scenario = generateScenario({ seed: 'recovery', start: end - 7 * 86_400_000, end, ratePerHour: 6 });
  const events = scenario.events;
  for (let i = 0; i < events.length; i += 1_000) await sys.post(events.slice(i, i + 1_000));
  await settle();
  await new Promise((r) => setTimeout(r, 1_500)); // grace
  await settle();
  const before = await activeAlerts();
  expect(before.length).toBeGreaterThan(20);
  const seqBefore = await sys.live.alerts.currentSeq();

  await redis.flushall();
  const report = await rebuildFromClickHouse({
    redis,
    clickhouse: sys.clickhouse.client,
    rules: sys.rules,
    graceMs: 1_000,
    logger: silentLogger,
  });
  expect(report.alerts).toBeGreaterThanOrEqual(before.length);
  expect(await activeAlerts()).toEqual(before);
  expect(await sys.live.alerts.currentSeq()).toBe(seqBefore);
  // Nothing new was raised: the record already had everything.
  expect(report.raised).toBe(0);
  // Events resent after the flush are still stored once (the claims are rebuilt from ClickHouse too).
  const count = async () =>
    Number((await queryRows<{ n: string }>(sys.clickhouse.client, 'SELECT count() AS n FROM events'))[0]?.n);
  const stored = await count();
  await sys.post(events.slice(0, 100));
  await settle();
  expect(await count()).toBe(stored);
  expect(await activeAlerts()).toEqual(before);
});

it('reconciliation raises violations the streaming path missed, marked and recorded as such', async () => {
  const engine = sys.engine!.engine;
  const victims = (await engine.state.alerts.unresolvedIds())
    .filter((id) => id.startsWith('R-INC-13:') || id.startsWith('R-REC-01:'))
    .slice(0, 5);
  expect(victims.length).toBeGreaterThan(0);
  const originals = await engine.state.alerts.getMany(victims);
  // Sabotage: the alerts, their wake-ups and the facts of their subjects vanish from the live state.
  for (const id of victims) {
    const a = originals.get(id)!;
    await redis.del(KEYS.alert(id));
    await redis.zrem(KEYS.active, id);
    for (const [k, v] of Object.entries(a.subject)) await redis.del(KEYS.record(`${k}=${v}`));
  }
  const report = await reconcile({
    clickhouse: sys.clickhouse.client,
    engine,
    rules: sys.rules,
    graceMs: 1_000,
    logger: silentLogger,
  });
  const raisedIds = report.raised.map((c) => c.alert_id);
  expect(raisedIds).toEqual(expect.arrayContaining(victims));
  // the re-derived obligations are handed back for the ledger (the runner records them)
  expect(report.obligations.map((o) => o.alert_id)).toEqual(expect.arrayContaining(victims));
  for (const id of victims) {
    const a = await engine.state.alerts.get(id);
    expect(a).toMatchObject({ stage: 'overdue', state: 'open', rule_id: originals.get(id)!.rule_id });
    expect(a?.due_at).toBe(originals.get(id)!.due_at);
  }
  await settle();
  const rows = await queryRows<{ alert_id: string; found_by: string }>(
    sys.clickhouse.client,
    `SELECT alert_id, found_by FROM alert_events WHERE found_by = 'reconciliation'`,
  );
  expect(rows.map((r) => r.alert_id)).toEqual(expect.arrayContaining(victims));
  // A second run finds nothing missing.
  const second = await reconcile({
    clickhouse: sys.clickhouse.client,
    engine,
    rules: sys.rules,
    graceMs: 1_000,
    logger: silentLogger,
  });
  expect(second.raised).toEqual([]);
});
