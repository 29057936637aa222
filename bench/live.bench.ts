/**
 * `npm run bench -- live [--events N]` (env BENCH_CLIENTS=1000, BENCH_SECONDS=25, BENCH_RATE=100):
 * the live server with a large history, in one run on one fresh embedded ClickHouse.
 *  0. History written straight into ClickHouse (tests/helpers/live-bench-data.ts): N events (default 10M)
 *     over 90 days at Guangxi's stations, 80k alerts' lifecycle rows, 1M obligations.
 *  a. Push: BENCH_CLIENTS socket.io-client clients (websocket) in a child process on this machine, connected
 *     to the real system; BENCH_RATE alert changes a second for BENCH_SECONDS through the real engine
 *     (AlertEngine.acknowledge, then .resolve, of alerts the engine raised from posted events). Latency per
 *     delivery = receive time − the change's own time; lost = expected deliveries − unique received.
 *  b. REST p50/p95/p99 of the dashboard's endpoints over that history (sequential, after warm-up).
 * Bars: push p99 ≤ 250 ms, lost = 0; trend queries p95 ≤ 300 ms.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../common/node/config.js';
import { queryRows } from '../common/node/clickhouse.js';
import { silentLogger } from '../common/node/logger.js';
import { guangxiUnits } from '../ingest/simulator/guangxi-units.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { fillHistory } from '../tests/helpers/live-bench-data.js';
import type { BenchReport, ClientGroup } from '../tests/helpers/live-bench-clients.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt, rssSampler, summarise } from './stats.js';

const CLIENTS_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../tests/helpers/live-bench-clients.ts',
);
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: string | undefined, d: number): number => (v ? Number(v) : d);

export async function benchLive(args: { events?: number }): Promise<void> {
  const events = args.events ?? 10_000_000;
  const clients = num(process.env.BENCH_CLIENTS, 1_000);
  const seconds = num(process.env.BENCH_SECONDS, 25);
  const rate = num(process.env.BENCH_RATE, 100);
  const dataDir = tempDir('bench-live');
  const sys = await startSystem({
    config: loadConfig({
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
      ALERT_GRACE_SECONDS: '1',
    }),
    logger: silentLogger,
  });
  const rss = rssSampler();
  try {
    const made = await fillHistory(sys.clickhouse.client, {
      events,
      alerts: 80_000,
      obligations: 1_000_000,
      days: 90,
      now: Date.now(),
      rules: sys.rules,
      progress: (what, done, total) => {
        if (done % 1_000_000 === 0 || done === total) console.log(`  … ${what} ${fmt(done)} / ${fmt(total)}`);
      },
    });
    const parts = await settleMerges(sys);
    const push = await benchPush(sys, { clients, seconds, rate });
    const rest = await benchRest(sys);
    console.log(
      `\nlive benchmark — ${fmt(events)} stored events; 2 cores; server, engine, Redis client and embedded ClickHouse in one process`,
    );
    console.log(
      `  history: ${fmt(made.events)} events over 90 days at ${made.stations} Guangxi stations (insertEventRows + toRow, 50k-row batches, ${fmt(made.seconds.events)} s),`,
    );
    console.log(
      `           ${fmt(made.alertEvents)} alert_events rows for ${fmt(made.alerts)} alerts (${fmt(made.activeAlerts)} left open), ${fmt(made.obligations)} obligations (recordObligations); events parts after merges: ${parts}`,
    );
    console.log(
      `\n  push: ${fmt(push.clients)} clients (${push.groups}) in a child process, websocket transport;`,
    );
    console.log(
      `        ${fmt(push.changes)} changes through AlertEngine.acknowledge/resolve at ${rate}/s (${fmt(push.achievedRate, 1)}/s achieved) over ${seconds} s`,
    );
    const pushOk = push.report.latency.p99 <= 250;
    console.log(
      `  ${'measure'.padEnd(44)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}   bar`,
    );
    console.log(
      `  ${'delivery latency (ms)'.padEnd(44)}${cols(push.report.latency)}   p99 ≤ 250 ms ${pushOk ? 'MET' : 'MISSED'}`,
    );
    console.log(
      `  deliveries expected ${fmt(push.expected)}, received ${fmt(push.received)}, lost ${fmt(push.lost)} (bar 0: ${push.lost === 0 ? 'MET' : 'MISSED'}), duplicates ${push.report.duplicates}, out of order ${push.report.outOfOrder}, disconnects ${push.report.disconnects}`,
    );
    console.log(
      `\n  REST over the history (admin, all units; ${REPEAT} sequential requests each after ${WARMUP} warm-up; clients closed):`,
    );
    for (const r of rest) {
      const bar = r.trend ? `p95 ≤ 300 ms ${r.s.p95 <= 300 ? 'MET' : 'MISSED'}` : '';
      console.log(`  ${r.name.padEnd(44)}${cols(r.s)}   ${bar}`);
    }
    console.log(`  peak RSS (server + engine + embedded ClickHouse; clients apart) ${fmt(rss.peakMb())} MiB`);
  } finally {
    rss.stop();
    await sys.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const cols = (s: { p50: number; p95: number; p99: number; max: number }): string =>
  [s.p50, s.p95, s.p99, s.max].map((v) => fmt(v, 1).padStart(9)).join('');

async function settleMerges(sys: RunningSystem): Promise<number> {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    const [m] = await queryRows<{ n: string }>(
      sys.clickhouse.client,
      'SELECT count() AS n FROM system.merges',
    );
    if (Number(m?.n ?? 0) === 0) break;
    await sleep(2_000);
  }
  const [p] = await queryRows<{ n: string }>(
    sys.clickhouse.client,
    "SELECT count() AS n FROM system.parts WHERE active AND table = 'events' AND database = currentDatabase()",
  );
  return Number(p?.n ?? 0);
}

interface PushResult {
  clients: number;
  groups: string;
  changes: number;
  achievedRate: number;
  expected: number;
  received: number;
  lost: number;
  report: BenchReport;
}

async function benchPush(
  sys: RunningSystem,
  o: { clients: number; seconds: number; rate: number },
): Promise<PushResult> {
  const engine = sys.engine!.engine;
  const total = o.rate * o.seconds;
  const pairs = Math.ceil(total / 2);
  // Alerts raised by the engine from posted events: criminal incidents closed 30 h ago (R-INC-01 overdue).
  const stations = guangxiUnits().filter((u) => u.level === 'station');
  const incidents = Array.from({ length: pairs + 500 }, (_, i) => ({
    id: `LIVE-${i}`,
    unit: stations[i % stations.length]!.code,
  }));
  const closed = new Date(Date.now() - 30 * HOUR).toISOString();
  for (let i = 0; i < incidents.length; i += 2_000) {
    const body = incidents.slice(i, i + 2_000).map((x) => ({
      event_id: `live-${x.id}`,
      type: 'incident.closed',
      occurred_at: closed,
      unit_code: x.unit,
      incident_id: x.id,
      attrs: { nature: 'criminal' },
    }));
    const res = await fetch(`${sys.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sys.secrets.ingestToken}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`POST /api/events: ${res.status}`);
  }
  const ids = incidents.map((x) => `R-INC-01:incident_id:${x.id}`);
  for (;;) {
    const got = await engine.alerts.getMany(ids);
    if ([...got.values()].filter((a) => a.stage === 'overdue').length === ids.length) break;
    await sleep(500);
  }
  await sys.engine!.settled();

  for (const [username, scope] of [
    ['bench-wall', ''],
    ['bench-nanning', '4501'],
  ] as const)
    await sys.auth.users.create({ username, password: `${username}-password`, role: 'viewer', scope });
  const wall = (await sys.auth.tokens.issueKiosk('bench-wall')).token;
  const nanning = (await sys.auth.tokens.issueKiosk('bench-nanning')).token;
  const scoped = Math.round(o.clients / 10);
  const groups: ClientGroup[] = [
    { token: wall, scope: '', count: o.clients - scoped },
    { token: nanning, scope: '4501', count: scoped },
  ];
  const child = fork(CLIENTS_FILE, [], {
    env: { ...process.env, VIGIL_URL: sys.url!, VIGIL_GROUPS: JSON.stringify(groups) },
    execArgv: ['--import', 'tsx'],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const connected = await next('connected');
  console.log(
    `  … ${fmt(Number(connected.clients))} clients connected in ${fmt(Number(connected.ms))} ms (${connected.failed} failed)`,
  );
  await sleep(2_000);
  const since = await engine.alerts.currentSeq();
  child.send({ type: 'start', since });
  await sleep(500);

  // The changes: acknowledge alerts 0..pairs-1, then resolve them, one every 1000/rate ms.
  const units: string[] = [];
  const work: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const wait = t0 + (k * 1000) / o.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const id = ids[k % pairs]!;
    const op = k < pairs ? engine.acknowledge(id, 'bench', 'seen') : engine.resolve(id, 'bench', 'handled');
    work.push(
      op.then((r) => {
        if (!r.ok) throw new Error(`${id}: ${r.reason}`);
        for (const c of r.changes) units.push(c.alert.unit_code);
      }),
    );
  }
  await Promise.all(work);
  const achievedRate = total / ((performance.now() - t0) / 1000);
  const expectedFor = (scope: string) => units.filter((u) => u.startsWith(scope)).length;
  const expected = groups.reduce((s, g) => s + g.count * expectedFor(g.scope), 0);
  let report: BenchReport;
  const end = Date.now() + 30_000;
  for (;;) {
    child.send({ type: 'report' });
    report = (await next('report')) as unknown as BenchReport;
    const got = report.groups.reduce((s, g) => s + g.received.reduce((x, y) => x + y, 0), 0);
    if (got >= expected || Date.now() > end) break;
    await sleep(1_000);
  }
  child.send({ type: 'stop' });
  let received = 0;
  let lost = 0;
  for (const g of report.groups) {
    const want = expectedFor(g.scope);
    for (const r of g.received) {
      received += r;
      lost += Math.max(0, want - r);
    }
  }
  return {
    clients: Number(connected.clients),
    groups: groups.map((g) => `${g.count} scope ${g.scope || 'all'}`).join(', '),
    changes: units.length,
    achievedRate,
    expected,
    received,
    lost,
    report,
  };
}

const WARMUP = 5;
const REPEAT = 40;

async function benchRest(sys: RunningSystem) {
  const login = await fetch(`${sys.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: sys.secrets.adminPassword }),
  });
  const { token } = (await login.json()) as { token: string };
  const now = Date.now();
  const range = (days: number) =>
    `from=${new Date(now - days * 24 * HOUR).toISOString()}&to=${new Date(now).toISOString()}`;
  const endpoints: { name: string; path: string; trend?: boolean }[] = [
    { name: 'GET /api/stats/summary', path: '/api/stats/summary' },
    { name: 'GET /api/stats/summary?unit=4501', path: '/api/stats/summary?unit=4501' },
    {
      name: 'GET /api/stats/trends 7 days hourly',
      path: `/api/stats/trends?${range(7)}&bucket=hour`,
      trend: true,
    },
    {
      name: 'GET /api/stats/trends 30 days daily',
      path: `/api/stats/trends?${range(30)}&bucket=day`,
      trend: true,
    },
    {
      name: 'GET /api/stats/trends 90 d daily, unit 4501',
      path: `/api/stats/trends?${range(90)}&bucket=day&unit=4501`,
      trend: true,
    },
    {
      name: 'GET /api/stats/units city, 30 days',
      path: `/api/stats/units?${range(30)}&level=city`,
      trend: true,
    },
    {
      name: 'GET /api/stats/units county in 4501, 30 d',
      path: `/api/stats/units?${range(30)}&level=county&parent=4501`,
      trend: true,
    },
    { name: 'GET /api/stats/countdown', path: '/api/stats/countdown' },
    { name: 'GET /api/alerts?state=active', path: '/api/alerts?state=active' },
  ];
  const out = [];
  for (const e of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < WARMUP + REPEAT; i++) {
      const t = performance.now();
      const res = await fetch(sys.url + e.path, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${e.path}: ${res.status}`);
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    out.push({ name: e.name, trend: e.trend ?? false, s: summarise(times) });
  }
  return out;
}
