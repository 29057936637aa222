/**
 * `npm run bench -- live [--events N]` (env BENCH_CLIENTS=1000, BENCH_SECONDS=25, BENCH_RATE=100,
 * BENCH_CLIENT_PROCS=2):
 * the live server with a large history, in one run on one fresh embedded ClickHouse.
 *  0. History written straight into ClickHouse (tests/helpers/live-bench-data.ts): N events (default 10M)
 *     over 90 days at Guangxi's stations, 80k alerts' lifecycle rows, 1M obligations.
 *  a. Push: BENCH_CLIENTS socket.io-client clients (websocket) in child processes on this machine, connected
 *     to the real system; BENCH_RATE alert changes a second for BENCH_SECONDS through the real engine
 *     (AlertEngine.acknowledge, then .resolve, of alerts the engine raised from posted events). Latency per
 *     delivery = receive time − the change's own time; lost = expected deliveries − unique received.
 *  b. REST p50/p95/p99 of the dashboard's endpoints over that history (sequential, after warm-up).
 * Bars: push p99 ≤ 250 ms, lost = 0; trend queries p95 ≤ 300 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../common/node/config.js';
import { silentLogger } from '../common/node/logger.js';
import { Redis } from 'ioredis';
import { KEYS } from '../alerts/shell/keys.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { fillHistory, raiseLiveAlerts, settleMerges } from '../tests/helpers/live-bench-data.js';
import type { ClientGroup } from '../tests/helpers/live-bench-clients.js';
import { startFleet } from '../tests/helpers/live-bench-fleet.js';
import type { FleetReport } from '../tests/helpers/live-bench-fleet.js';
import { openSocket } from '../tests/helpers/live-socket.js';
import { tempDir } from '../tests/helpers/system.js';
import { fmt, rssSampler, summarise } from './stats.js';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: string | undefined, d: number): number => (v ? Number(v) : d);

export async function benchLive(args: { events?: number }): Promise<void> {
  const events = args.events ?? 10_000_000;
  const clients = num(process.env.BENCH_CLIENTS, 1_000);
  const seconds = num(process.env.BENCH_SECONDS, 25);
  const rate = num(process.env.BENCH_RATE, 100);
  const procs = num(process.env.BENCH_CLIENT_PROCS, 2);
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
      // The history is written straight to ClickHouse, past the engine: reconciliation would (rightly)
      // re-evaluate all of it as missed. It is not what is measured here.
      RECONCILE_INTERVAL_SECONDS: '0',
    }),
    logger: silentLogger,
  });
  const rss = rssSampler();
  try {
    // The engine rebuilds Redis from ClickHouse when it starts on an empty Redis; the history must come
    // after that, or it would be loaded into Redis as live state (as `npm run rebuild` would).
    const redis = new Redis(sys.redis.options);
    while (!(await redis.exists(KEYS.ready))) await sleep(200);
    redis.disconnect();
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
    const parts = await settleMerges(sys.clickhouse.client);
    const push = await benchPush(sys, { clients, seconds, rate, procs });
    const rest = await benchRest(sys);
    const ok = (met: boolean): string => (met ? 'MET' : 'MISSED');
    const head = `  ${'measure'.padEnd(46)}${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(9)).join('')}   bar`;
    const lines = [
      `\nlive benchmark — ${fmt(events)} stored events; 2 cores; server, engine and embedded ClickHouse in one process`,
      `  history: ${fmt(made.events)} events over 90 days at ${made.stations} Guangxi stations, written with insertEventRows + toRow in 50k-row batches (${fmt(made.seconds.events)} s);`,
      `           ${fmt(made.alertEvents)} alert_events rows (alertEventRow) for ${fmt(made.alerts)} alerts, ${fmt(made.activeAlerts)} left open; ${fmt(made.obligations)} obligations (recordObligations); events parts after merges: ${parts}`,
      `  push: ${fmt(push.clients)} socket.io-client clients (${push.groups}; websocket) in ${push.procs} child processes on this machine;`,
      `        ${fmt(push.changes)} changes through AlertEngine.acknowledge/resolve at ${rate}/s (${fmt(push.achievedRate, 1)}/s achieved) for ${seconds} s; ${fmt(push.active)} alerts active in Redis`,
      head,
      `  ${'push delivery latency (ms)'.padEnd(46)}${cols(push.report.latency)}   p99 ≤ 250 ms ${ok(push.report.latency.p99 <= 250)}`,
      `  ${'  probe client in the server process (ms)'.padEnd(46)}${cols(push.probe)}   publish → received`,
      `  ${'  server event-loop delay (ms)'.padEnd(46)}${cols({ ...push.loopDelay, p95: NaN })}`,
      `  CPU per delivery: server ${fmt((1000 * push.serverCpuMs) / Math.max(1, push.expected), 1)} µs (whole process: engine, ClickHouse, kernel time of its writes), clients ${fmt((1000 * push.report.cpuMs) / Math.max(1, push.received), 1)} µs; ${os.cpus().length} cores`,
      `  deliveries expected ${fmt(push.expected)}, received ${fmt(push.received)}, lost ${fmt(push.lost)} (bar 0: ${ok(push.lost === 0)}); duplicates ${push.report.duplicates}, out of order ${push.report.outOfOrder}, disconnects ${push.report.disconnects}`,
      `  REST (ms; admin token; ${REPEAT} sequential requests each after ${WARMUP} warm-up; socket clients closed):`,
      ...rest.map(
        (r) => `  ${r.name.padEnd(46)}${cols(r.s)}   ${r.trend ? `p95 ≤ 300 ms ${ok(r.s.p95 <= 300)}` : ''}`,
      ),
      `  peak RSS of the server process ${fmt(rss.peakMb())} MiB; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    rss.stop();
    await sys.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const cols = (s: { p50: number; p95: number; p99: number; max: number }): string =>
  [s.p50, s.p95, s.p99, s.max].map((v) => fmt(v, 1).padStart(9)).join('');

interface PushResult {
  clients: number;
  procs: number;
  groups: string;
  changes: number;
  achievedRate: number;
  expected: number;
  received: number;
  lost: number;
  active: number;
  report: FleetReport;
  /** One more client in the server's own process: publish (the engine call returned) → received. */
  probe: ReturnType<typeof summarise>;
  loopDelay: { p50: number; p99: number; max: number };
  /** CPU time of the server process during the changes and their delivery, ms. */
  serverCpuMs: number;
}

async function benchPush(
  sys: RunningSystem,
  o: { clients: number; seconds: number; rate: number; procs: number },
): Promise<PushResult> {
  const engine = sys.engine!.engine;
  const total = o.rate * o.seconds;
  const pairs = Math.ceil(total / 2);
  const ids = await raiseLiveAlerts(sys.url!, sys.secrets.ingestToken, engine.alerts, pairs + 2_000);
  await sys.engine!.settled();
  const tokens: Record<string, string> = {};
  for (const [username, scope] of [
    ['bench-wall', ''],
    ['bench-nanning', '4501'],
  ] as const) {
    await sys.auth.users.create({ username, password: `${username}-password`, role: 'viewer', scope });
    tokens[scope] = (await sys.auth.tokens.issueKiosk(username)).token;
  }
  const scoped = Math.round(o.clients / 10);
  const groups: ClientGroup[] = [
    { token: tokens['']!, scope: '', count: o.clients - scoped },
    { token: tokens['4501']!, scope: '4501', count: scoped },
  ];
  const fleet = await startFleet(sys.url!, groups, o.procs);
  console.log(
    `  … ${fmt(fleet.connected)} clients connected in ${fmt(fleet.ms)} ms (${fleet.failed} failed)`,
  );
  const probe = openSocket(sys.url!, tokens['']!);
  const published = new Map<number, number>();
  const arrived = new Map<number, number>();
  probe.on('alert:changed', (a) => arrived.set(a.seq, performance.now()));
  await sleep(2_000);
  const since = await engine.alerts.currentSeq();
  fleet.start(since);
  await sleep(500);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();

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
        for (const c of r.changes) {
          units.push(c.alert.unit_code);
          published.set(c.alert.seq, performance.now());
        }
      }),
    );
  }
  await Promise.all(work);
  const achievedRate = total / ((performance.now() - t0) / 1000);
  loop.disable();
  const expectedFor = (scope: string) => units.filter((u) => u.startsWith(scope)).length;
  const expected = groups.reduce((s, g) => s + g.count * expectedFor(g.scope), 0);
  let report: FleetReport;
  const end = Date.now() + 60_000;
  do {
    await sleep(1_000);
    report = await fleet.report();
  } while (report.latency.n < expected && Date.now() < end);
  const cpu = process.cpuUsage(cpu0);
  fleet.stop();
  probe.close();
  let received = 0;
  let lost = 0;
  for (const [scope, counts] of report.received)
    for (const r of counts) {
      received += r;
      lost += Math.max(0, expectedFor(scope) - r);
    }
  const ms = (ns: number) => ns / 1e6;
  return {
    clients: fleet.connected,
    procs: o.procs,
    groups: groups.map((g) => `${g.count} scope ${g.scope || 'all'}`).join(', '),
    changes: units.length,
    achievedRate,
    expected,
    received,
    lost,
    active: (await engine.alerts.activeIds()).length,
    report,
    probe: summarise([...published].map(([seq, t]) => (arrived.get(seq) ?? NaN) - t)),
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    serverCpuMs: (cpu.user + cpu.system) / 1000,
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
