/**
 * `npm run bench -- supervision [--events N]` (N = open orders, default 50,000): 督办 at scale on the real
 * system (embedded ClickHouse, its own redis-server, the engine runner, HTTP), in one run:
 *  1. N alerts written into the live state (the alert book, as the engine writes them): Redis bytes per alert,
 *     the baseline for
 *  2. N orders issued through the desk the API uses (16 at a time), one alert each: Redis bytes per open order
 *     (INFO used_memory: orders, their indexes and wake-ups) against bytes per alert;
 *  3. with the N orders open, over HTTP (8 concurrent clients): POST /api/alerts/:id/ack (the baseline), then
 *     2,000 POST /api/supervisions and their 2,000 answers: p50/p95/p99 and the ratio to ack p95;
 *  4. escalation latency: 500 orders whose receive deadline (20 s, level 挂牌督办 in this run's
 *     SUPERVISION_FILE) passes while we watch → SUP-OVERDUE published (the engine's onChanges), against the
 *     rule engine's own deadline → published for 500 R-INC-01 obligations falling due in the same seconds
 *     (grace 0): both ride on the same wake-ups, so the ratio says what an order's deadline costs beyond an
 *     obligation's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Alert, AlertChange } from '../common/alerts.js';
import type { PoliceEvent } from '../common/events.js';
import { SUP_OVERDUE } from '../common/supervision.js';
import { AlertStore } from '../alerts/redis/alert-store.js';
import { defaultLegalClock } from '../alerts/engine/default-clock.js';
import { SupervisionDeadlines } from '../alerts/supervision/deadlines.js';
import { SupervisionDesk } from '../alerts/supervision/desk.js';
import { OrderWriter } from '../alerts/supervision/order-writer.js';
import { call, makePersonas } from '../tests/helpers/live-system.js';
import type { Personas } from '../tests/helpers/live-system.js';
import { startTestSystem, tempDir } from '../tests/helpers/system.js';
import type { TestSystem } from '../tests/helpers/system.js';
import { fmt, summarise } from './stats.js';

const STATIONS = ['450103520000', '450105510000', '450202500000', '450303500000'];
const LEVELS = {
  reminder: { receive_within: '24h', feedback_within: '3d' },
  order: { receive_within: '24h', feedback_within: '3d' },
  listed: { receive_within: '20s', feedback_within: '7d' },
};
const SAMPLE = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function syntheticAlert(i: number, now: number): Alert {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    alert_id: `R-INC-01:incident_id:BENCH-${i}`,
    seq: 0,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: STATIONS[i % STATIONS.length]!,
    subject: { incident_id: `BENCH-${i}` },
    trigger_event_id: `bench-closed-${i}`,
    satisfied_by_event_id: null,
    due_at: iso(now - 3_600_000),
    opened_at: iso(now - 3_000_000),
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: '刑事、行政案件类警情超期未接报案登记',
    legal_basis: '《公安机关办理刑事案件程序规定》第一百七十四条',
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Runs `fn` over `items` with `concurrency` workers; returns each call's milliseconds. */
async function timed<T>(
  items: readonly T[],
  concurrency: number,
  fn: (t: T) => Promise<void>,
): Promise<number[]> {
  const ms: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        await fn(item);
        ms.push(performance.now() - t0);
      }
    }),
  );
  return ms;
}

async function writeAlerts(
  sys: TestSystem,
  redis: Redis,
  n: number,
  now: number,
): Promise<{ ids: string[]; bytes: number }> {
  const before = await usedMemory(redis);
  const store = new AlertStore(redis);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 200) {
    const writes = [];
    for (let j = i; j < Math.min(n, i + 200); j++) {
      const a = syntheticAlert(j, now);
      ids.push(a.alert_id);
      writes.push({
        expectedSeq: 0,
        changes: [{ alert_id: a.alert_id, kind: 'raised' as const, at: a.opened_at, alert: a }],
      });
    }
    await store.apply(writes);
  }
  await sys.engine!.settled();
  return { ids, bytes: ((await usedMemory(redis)) - before) / n };
}

function line(name: string, s: ReturnType<typeof summarise>, base?: ReturnType<typeof summarise>): string {
  const ratio = base ? `  (${(s.p95 / base.p95).toFixed(2)}× ack p95)` : '';
  return `  ${name.padEnd(28)} p50 ${fmt(s.p50)} ms  p95 ${fmt(s.p95)} ms  p99 ${fmt(s.p99)} ms  n=${s.n}${ratio}`;
}

export async function benchSupervision(args: { events?: number }): Promise<void> {
  const n = args.events ?? 50_000;
  const dir = tempDir('bench-sup');
  const file = path.join(dir, 'supervision.json');
  fs.writeFileSync(file, JSON.stringify({ version: 1, levels: LEVELS, policies: [] }));
  const published = new Map<string, number>();
  const onAlertChanges = (changes: AlertChange[]) => {
    const t = Date.now();
    // Published as a violation: raised overdue, or escalated from a pre-warning (the first time only).
    for (const c of changes)
      if (
        (c.kind === 'raised' || c.kind === 'escalated') &&
        c.alert.stage === 'overdue' &&
        !published.has(c.alert_id)
      )
        published.set(c.alert_id, t);
  };
  const sys = await startTestSystem(
    { ALERT_GRACE_SECONDS: '0', SUPERVISION_FILE: file, RECONCILE_INTERVAL_SECONDS: '0' },
    { onAlertChanges },
  );
  const redis = new Redis(sys.redis.options);
  try {
    const managers = await makePersonas(sys, '45', 'bench');
    const officers = await makePersonas(sys, '45', 'benchoff');
    const now = Date.now();
    const alerts = await writeAlerts(sys, redis, n + 3 * SAMPLE + 500, now);
    console.log(`\nsupervision: ${n} open orders on the real system (Redis, embedded ClickHouse, HTTP)`);
    console.log(`  Redis per alert (baseline):   ${fmt(alerts.bytes)} B`);
    const bytes = await issueBulk(sys, redis, alerts.ids.slice(0, n));
    const sample = (k: number) => alerts.ids.slice(n + k * SAMPLE, n + (k + 1) * SAMPLE);
    const ack = summarise(
      await timed(sample(0), 8, async (id) => {
        const r = await call(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/ack`, {
          token: officers.token.officer,
        });
        if (r.status !== 200) throw new Error(`ack ${r.status} ${r.text}`);
      }),
    );
    const orders = await issueHttp(sys, managers, sample(1));
    const answer = summarise(
      await timed(orders.ids, 8, async (id) => {
        const r = await call(sys.url, 'POST', `/api/supervisions/${id}/answer`, {
          token: officers.token.officer,
          body: { text: '已整改，附说明' },
        });
        if (r.status !== 200) throw new Error(`answer ${r.status} ${r.text}`);
      }),
    );
    console.log(line('alert ack (baseline)', ack));
    console.log(line('issue', orders.issue, ack));
    console.log(line('answer', answer, ack));
    console.log(
      `  Redis per open order:         ${fmt(bytes)} B  (${(bytes / alerts.bytes).toFixed(2)}× per alert)`,
    );
    await escalation(sys, managers, alerts.ids.slice(n + 3 * SAMPLE, n + 3 * SAMPLE + 500), published);
  } finally {
    redis.disconnect();
    await sys.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const stationOf = (alertId: string): string =>
  STATIONS[Number(alertId.slice(alertId.lastIndexOf('-') + 1)) % STATIONS.length]!;

/** The bulk of the open orders, through the desk the API uses (without HTTP and the audit insert). */
async function issueBulk(sys: TestSystem, redis: Redis, ids: readonly string[]): Promise<number> {
  const deadlines = new SupervisionDeadlines(LEVELS, defaultLegalClock());
  const writer = new OrderWriter(sys.live.supervisions, sys.live.alerts, deadlines, 'Asia/Shanghai');
  const desk = new SupervisionDesk(writer, sys.live.alerts, () => Promise.resolve([]));
  const user = { username: 'bench-bulk', role: 'manager' as const, scope: '45' };
  const before = await usedMemory(redis);
  const t0 = performance.now();
  await timed(ids, 16, async (id) => {
    const body = {
      alert_ids: [id],
      unit_code: stationOf(id),
      level: 'order' as const,
      instructions: '请整改',
    };
    const r = await desk.issue(user, body);
    if (!r.ok) throw new Error(`issue: ${r.error}`);
  });
  await sys.engine!.settled();
  console.log(`  ${ids.length} orders issued through the desk in ${fmt((performance.now() - t0) / 1000)} s`);
  return ((await usedMemory(redis)) - before) / ids.length;
}

/** Orders issued over HTTP while the bulk is open: the API's latency. */
async function issueHttp(
  sys: TestSystem,
  managers: Personas,
  ids: readonly string[],
): Promise<{ ids: string[]; issue: ReturnType<typeof summarise> }> {
  const orderIds: string[] = [];
  const ms = await timed(ids, 8, async (id) => {
    const r = await call<{ supervision_id: string }>(sys.url, 'POST', '/api/supervisions', {
      token: managers.token.manager,
      body: { alert_ids: [id], unit_code: stationOf(id), level: 'order', instructions: '请整改' },
    });
    if (r.status !== 201) throw new Error(`issue ${r.status} ${r.text}`);
    orderIds.push(r.json.supervision_id);
  });
  return { ids: orderIds, issue: summarise(ms) };
}

/** Deadline → published: 500 orders missing a 20 s receive deadline, and 500 R-INC-01 obligations due over the same seconds. */
async function escalation(
  sys: TestSystem,
  managers: Personas,
  ids: readonly string[],
  published: Map<string, number>,
): Promise<void> {
  const incidents: PoliceEvent[] = ids.map((_, i) => ({
    event_id: `bench-esc-closed-${i}`,
    type: 'incident.closed',
    occurred_at: new Date(Date.now() - 24 * 3_600_000 + 25_000 + i * 20).toISOString(),
    unit_code: STATIONS[i % STATIONS.length]!,
    incident_id: `BENCH-ESC-${i}`,
    attrs: { nature: 'criminal' },
  }));
  const res = await sys.post(incidents);
  if (res.status !== 202) throw new Error(`events ${res.status}`);
  const due = new Map<string, number>();
  await timed(ids, 8, async (id) => {
    const i = Number(id.slice(id.lastIndexOf('-') + 1));
    const r = await call<{ supervision_id: string; receive_due_at: string }>(
      sys.url,
      'POST',
      '/api/supervisions',
      {
        token: managers.token.manager,
        body: {
          alert_ids: [id],
          unit_code: STATIONS[i % STATIONS.length],
          level: 'listed',
          instructions: '挂牌督办',
        },
      },
    );
    if (r.status !== 201) throw new Error(`issue ${r.status} ${r.text}`);
    due.set(
      `${SUP_OVERDUE}:supervision_id:${r.json.supervision_id}.receive.1`,
      Date.parse(r.json.receive_due_at),
    );
  });
  const ruleDue = new Map(
    incidents.map((e) => [
      `R-INC-01:incident_id:${e.incident_id}`,
      Date.parse(e.occurred_at) + 24 * 3_600_000,
    ]),
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && [...due.keys(), ...ruleDue.keys()].some((k) => !published.has(k)))
    await sleep(200);
  const lat = (m: Map<string, number>) =>
    summarise([...m].flatMap(([k, d]) => (published.has(k) ? [published.get(k)! - d] : [])));
  const order = lat(due);
  const rule = lat(ruleDue);
  console.log(
    `  deadline → published (200 ms engine tick): R-INC-01 obligations (baseline) p50 ${fmt(rule.p50)} ms  p99 ${fmt(rule.p99)} ms  n=${rule.n}`,
  );
  console.log(
    `  deadline → published: order receive → SUP-OVERDUE          p50 ${fmt(order.p50)} ms  p99 ${fmt(order.p99)} ms  n=${order.n}  (${(order.p99 / rule.p99).toFixed(2)}× p99)`,
  );
}
