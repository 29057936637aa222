/**
 * SIGKILL while a stream of events is being ingested and judged; restart on the same DATA_DIR → every
 * violation is raised exactly once (none lost, none duplicated), the same as the pure engine computes from
 * the stored events.
 */
import { afterAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import { memoryEngine } from '../../alerts/orchestrator/index.js';
import { readRules } from '../../alerts/rules-file.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';
import { generateScenario } from '../../ingest/simulator/scenario.js';
import { cleanupDataDir, startChildVigil, untilSettled } from '../helpers/child-vigil.js';
import type { ChildVigil } from '../helpers/child-vigil.js';
import { tempDir } from '../helpers/system.js';

const TOKEN = 'alert-crash-token-0123456789';
const dataDir = tempDir('alert-crash');
let child: ChildVigil | null = null;

afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await cleanupDataDir(dataDir);
});

const violation = (a: Alert) => a.stage === 'overdue' && a.resolution !== 'on_time';

it('SIGKILL mid-stream and restart: no alert lost or duplicated', async () => {
  const env = { ALERT_GRACE_SECONDS: '1', RECONCILE_INTERVAL_SECONDS: '0' };
  const end = Date.now() - 60_000;
  const events = generateScenario({ seed: 'crash', start: end - 5 * 86_400_000, end, ratePerHour: 8 }).events;
  const half = Math.floor(events.length / 2);
  const first = await startChildVigil(dataDir, TOKEN, env);
  child = first;
  // The sender sees the connection drop when the process dies: that rejection is expected.
  const sending = (async () => {
    for (let i = 0; i < half; i += 500) await first.post(events.slice(i, i + 500));
  })().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1_500));
  await first.kill('SIGKILL'); // while batches are being ingested and judged
  await sending;
  child = await startChildVigil(dataDir, TOKEN, env);
  for (let i = 0; i < events.length; i += 500) await child.post(events.slice(i, i + 500)); // resend all
  await untilSettled(child);
  await new Promise((r) => setTimeout(r, 1_500)); // grace
  await untilSettled(child);
  const checkedAt = Date.now();
  await child.kill('SIGTERM');
  child = null;

  const ch = await openClickHouse({ database: 'vigil', dataDir });
  const rows = await queryRows<EventRow>(ch.client, 'SELECT * FROM events');
  const current = (
    await queryRows<{ alert: string }>(ch.client, 'SELECT alert FROM alerts_current FINAL')
  ).map((r) => JSON.parse(r.alert) as Alert);
  const raisedTwice = await queryRows<{ alert_id: string; n: string }>(
    ch.client,
    `SELECT alert_id, count() AS n FROM alert_events FINAL WHERE change = 'raised' GROUP BY alert_id HAVING n > 1`,
  );
  const seqs = await queryRows<{ rows: string; distinct: string }>(
    ch.client,
    'SELECT count() AS rows, uniqExact(seq) AS distinct FROM alert_events FINAL',
  );
  await ch.close();

  expect(rows.length).toBe(new Set(events.map((e) => e.event_id)).size);
  expect(raisedTwice).toEqual([]);
  expect(seqs[0]?.rows).toBe(seqs[0]?.distinct);

  const engine = memoryEngine(readRules(undefined), { graceMs: 1_000 });
  await engine.ingest(rows.map(fromRow), checkedAt);
  await engine.tick(checkedAt);
  const expected = engine.state
    .allAlerts()
    .filter(violation)
    .map((a) => a.alert_id)
    .sort();
  const actual = current
    .filter(violation)
    .map((a) => a.alert_id)
    .sort();
  console.log(`events ${rows.length}, violations expected ${expected.length}, raised ${actual.length}`);
  expect(expected.length).toBeGreaterThan(10);
  expect(actual).toEqual(expected);
}, 300_000);
