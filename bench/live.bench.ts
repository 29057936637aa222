/**
 * `npm run bench -- live [--events N]` (env BENCH_CLIENTS=1000, BENCH_SECONDS=30, BENCH_RATE=100,
 * BENCH_CLIENT_PROCS=2, BENCH_IO_CLIENTS=10, BENCH_WS=raw|ws, BENCH_CPU_PROFILE=<dir>, BENCH_SKIP_REST=1):
 * the live server with a large history, in one run on one fresh embedded ClickHouse.
 *  0. History written straight into ClickHouse (bench/live-bench-data.ts): N events (default 10M)
 *     over 90 days at Guangxi's stations, 80k alerts' lifecycle rows, 1M obligations.
 *  a. Push: BENCH_CLIENTS Socket.IO clients over WebSocket in BENCH_CLIENT_PROCS child processes on this
 *     machine, connected to the real system with real tokens: BENCH_IO_CLIENTS of them socket.io-client,
 *     the others protocol-level clients (bench/live-bench-wire.ts); 90 % see everything, 10 % are
 *     scoped to Nanning (4501). BENCH_RATE alert changes a second for BENCH_SECONDS through the real engine
 *     (AlertDesk.acknowledge, then .resolve, of alerts the engine raised from posted events). Latency per
 *     delivery = receive time − the change's own time. Every client's log of seqs is then checked against
 *     the change stream itself (every change of its scope, once, in order, nothing else): lost = expected
 *     deliveries that never arrived.
 *  b. REST p50/p95/p99 of the dashboard's endpoints over that history (sequential, after warm-up).
 * Bars: push p99 ≤ 250 ms, lost = 0; trend queries p95 ≤ 300 ms.
 * BENCH_CPU_PROFILE writes CPU profiles of the push phase there: the server process (inspector) and each
 * client process (--cpu-prof). BENCH_SKIP_REST=1 measures the push only. BENCH_QUIET_PSI=<percent> waits for
 * the machine's CPU pressure to fall below that before the push (the run says how long it waited). BENCH_WS=ws runs the protocol-level
 * clients on the `ws` package instead of their own minimal WebSocket.
 * The machine's other work disturbs the figures: the run prints the load average, the CPU used by everything
 * else during the push, and CPU pressure (the share of time some task waited for a CPU).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchConfig } from './bench-config.js';
import { silentLogger } from '../common/node/logger.js';
import { Redis } from 'ioredis';
import { KEYS } from '../alerts/redis/keys.js';
import { ChangeStream } from '../alerts/stream/change-stream.js';
import { alertChanges } from '../alerts/stream/entries.js';
import type { AlertChange } from '../common/alerts.js';
import type { PushCounters } from '../server/realtime/socket-server.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { fillHistory, raiseLiveAlerts, settleMerges } from './live-bench-data.js';
import type { ClientGroup } from './live-bench-clients.js';
import { startFleet } from './live-bench-fleet.js';
import type { FleetReport } from './live-bench-fleet.js';
import type { VerifyReport } from './live-bench-clients.js';
import { openSocket } from '../tests/helpers/live-socket.js';
import { tempDir } from '../tests/helpers/system.js';
import { cpuPressure10s, fmt, machineMeter, rssSampler, summarise, threadMeter } from './stats.js';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: string | undefined, d: number): number => (v ? Number(v) : d);

export async function benchLive(args: { events?: number }): Promise<void> {
  const events = args.events ?? 10_000_000;
  const clients = num(process.env.BENCH_CLIENTS, 1_000);
  const seconds = num(process.env.BENCH_SECONDS, 30);
  const rate = num(process.env.BENCH_RATE, 100);
  const procs = num(process.env.BENCH_CLIENT_PROCS, 2);
  const ioClients = num(process.env.BENCH_IO_CLIENTS, 10);
  const dataDir = tempDir('bench-live');
  const sys = await startSystem({
    config: benchConfig(dataDir, {
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
    const push = await benchPush(sys, { clients, seconds, rate, procs, ioClients });
    const rest = process.env.BENCH_SKIP_REST === '1' ? [] : await benchRest(sys);
    const ok = (met: boolean): string => (met ? 'MET' : 'MISSED');
    const head = `  ${'measure'.padEnd(46)}${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(9)).join('')}   bar`;
    const lines = [
      `\nlive benchmark — ${fmt(events)} stored events; 2 cores; server, engine and embedded ClickHouse in one process`,
      `  history: ${fmt(made.events)} events over 90 days at ${made.stations} Guangxi stations, written with insertEventRows + toRow in 50k-row batches (${fmt(made.seconds.events)} s);`,
      `           ${fmt(made.alertEvents)} alert_events rows (alertEventRow) for ${fmt(made.alerts)} alerts, ${fmt(made.activeAlerts)} left open; ${fmt(made.obligations)} obligations (recordObligations); events parts after merges: ${parts}`,
      `  push: ${fmt(push.clients)} Socket.IO clients over WebSocket (${push.groups}) in ${push.procs} child processes on this machine,`,
      `        ${fmt(push.ioClients)} of them socket.io-client, the others protocol-level (${process.env.BENCH_WS === 'ws' ? 'ws package' : 'minimal RFC 6455 client'}, Engine.IO v4/Socket.IO v5); load average at start ${push.loadAtStart}`,
      `        ${fmt(push.changes)} changes through AlertDesk.acknowledge/resolve at ${rate}/s (${fmt(push.achievedRate, 1)}/s achieved) for ${seconds} s; ${fmt(push.active)} alerts active in Redis`,
      head,
      `  ${'push delivery latency (ms)'.padEnd(46)}${cols(push.report.latency)}   p99 ≤ 250 ms ${ok(push.report.latency.p99 <= 250)}`,
      `  ${'  socket.io-client clients alone (ms)'.padEnd(46)}${cols(push.report.ioLatency)}   ${fmt(push.report.ioLatency.n)} deliveries`,
      `  ${'  probe client in the server process (ms)'.padEnd(46)}${cols(push.probe)}   publish → received`,
      `  ${'  server event-loop delay (ms)'.padEnd(46)}${cols({ ...push.loopDelay, p95: NaN })}`,
      `  server process during the push: CPU ${fmt(push.serverCpuMs / 1000, 1)} s in ${fmt(push.wallMs / 1000, 1)} s (${fmt((100 * push.serverCpuMs) / push.wallMs)} % of one core; engine, ClickHouse, kernel time of its writes), peak RSS ${fmt(push.peakRssMb)} MiB`,
      `  server process CPU by thread: ${push.serverThreads
        .slice(0, 6)
        .map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)} s`)
        .join(', ')}`,
      `  machine during the push: ${fmt(push.machine.busyMs / 1000, 1)} CPU-s used of ${fmt(push.machine.capacityMs / 1000, 1)} — server ${fmt(push.serverCpuMs / 1000, 1)}, clients ${fmt(push.report.cpuMs / 1000, 1)}, everything else (other work on the machine, Redis) ${fmt((push.machine.busyMs - push.serverCpuMs - push.report.cpuMs) / 1000, 1)}; some task waited for a CPU ${fmt(push.machine.cpuWaitPct)} % of the time (PSI)`,
      `  at rest before the changes (5 s, clients connected): server ${fmt(push.rest.serverCpuPct)} % of one core; machine ${fmt((100 * push.rest.machine.busyMs) / Math.max(1, push.rest.machine.capacityMs))} % busy, CPU wait ${fmt(push.rest.machine.cpuWaitPct)} %`,
      `  realtime server: ${fmt(push.pushes.changes)} changes in ${fmt(push.pushes.batches)} batches; ${fmt(push.pushes.directWrites)} socket writes (${fmt(push.pushes.directBytes / 1024 / 1024, 1)} MiB), ${fmt(push.pushes.emits)} emits the ordinary way, ${push.pushes.cutOff} slow clients cut off; server CPU in the kernel ${fmt((100 * push.serverSystemMs) / Math.max(1, push.serverCpuMs))} %`,
      `  CPU per delivery: server ${fmt((1000 * push.serverCpuMs) / Math.max(1, push.expected), 1)} µs, clients ${fmt((1000 * push.report.cpuMs) / Math.max(1, push.received), 1)} µs (${fmt((100 * push.report.cpuMs) / push.wallMs)} % of one core, ${fmt((100 * push.report.cpuSystemMs) / Math.max(1, push.report.cpuMs))} % in the kernel); ${os.cpus().length} cores`,
      `  deliveries expected ${fmt(push.expected)} (${fmt(push.streamChanges)} changes in the stream × the connected clients of their scope), received ${fmt(push.received)}, lost ${fmt(push.lost)}, clients that failed to connect ${push.failed} (bar 0 and 0: ${ok(push.lost === 0 && push.failed === 0)})`,
      `  every client's seqs against the stream: ${verifyLine(push.verify)}; disconnects ${push.report.disconnects}; fields cross-checked with JSON.parse ${fmt(push.report.crossChecked)}, mismatches ${push.report.mismatches}`,
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

const verifyLine = (v: VerifyReport): string =>
  v.scopes
    .map(
      (s) =>
        `scope ${s.scope || 'all'}: ${fmt(s.exact)}/${fmt(s.clients)} exact, missing ${fmt(s.missing)}, duplicates ${fmt(s.duplicates)}, out of order ${fmt(s.outOfOrder)}, outside scope ${fmt(s.foreign)}`,
    )
    .join('; ');

/** The changes in the stream with seq > since, oldest first. */
async function changesAfter(redis: Redis, since: number): Promise<AlertChange[]> {
  const stream = new ChangeStream(redis);
  const out: AlertChange[] = [];
  for (let from = since; ;) {
    const entries = await stream.after(from, 10_000);
    out.push(...alertChanges(entries));
    if (entries.length < 10_000) return out;
    from = entries.at(-1)!.seq;
  }
}

interface PushResult {
  clients: number;
  failed: number;
  procs: number;
  ioClients: number;
  groups: string;
  loadAtStart: string;
  streamChanges: number;
  verify: VerifyReport;
  wallMs: number;
  peakRssMb: number;
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
  /** CPU time of the server process during the changes and their delivery, ms (of which in the kernel). */
  serverCpuMs: number;
  serverSystemMs: number;
  /** The realtime server's own counts over the same time. */
  pushes: PushCounters;
  /** CPU ms of the server process's threads by name over the same time, most first. */
  serverThreads: [string, number][];
  /** The whole machine over the same time. */
  machine: ReturnType<ReturnType<typeof machineMeter>>;
  /** 5 s before the changes, clients connected: server process CPU (% of one core) and the machine. */
  rest: { serverCpuPct: number; machine: ReturnType<ReturnType<typeof machineMeter>> };
}

async function benchPush(
  sys: RunningSystem,
  o: { clients: number; seconds: number; rate: number; procs: number; ioClients: number },
): Promise<PushResult> {
  const live = sys.live;
  const total = o.rate * o.seconds;
  const pairs = Math.ceil(total / 2);
  const ids = await raiseLiveAlerts(sys.url!, sys.secrets.ingestToken, live.alerts, pairs + 2_000);
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
  const scopedIo = Math.round(o.ioClients / 10);
  const groups: ClientGroup[] = [
    { token: tokens['']!, scope: '', count: o.clients - scoped, io: o.ioClients - scopedIo },
    { token: tokens['4501']!, scope: '4501', count: scoped, io: scopedIo },
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
  // BENCH_QUIET_PSI=<percent>: wait (at most BENCH_QUIET_WAIT_S, default 600 s) until the machine's other
  // work leaves the CPUs mostly free — CPU pressure over 10 s below that — before measuring.
  const quietPsi = num(process.env.BENCH_QUIET_PSI, NaN);
  const quietUntil = Date.now() + 1000 * num(process.env.BENCH_QUIET_WAIT_S, 600);
  const waited0 = Date.now();
  while (cpuPressure10s() >= quietPsi && Date.now() < quietUntil) await sleep(5_000);
  const quietWaitS = (Date.now() - waited0) / 1000;
  // At rest (clients connected, no changes): what the server process and the machine spend anyway.
  const restCpu0 = process.cpuUsage();
  const restMachine = machineMeter();
  await sleep(5_000);
  const restCpu = process.cpuUsage(restCpu0);
  const rest = { serverCpuPct: (restCpu.user + restCpu.system) / 50_000, machine: restMachine() };
  const since = await live.alerts.currentSeq();
  fleet.start(since);
  await sleep(500);
  const loadAtStart = `${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, CPU pressure (10 s) ${fmt(cpuPressure10s())} %${
    Number.isNaN(quietPsi) ? '' : ` after waiting ${fmt(quietWaitS)} s for it to fall below ${quietPsi} %`
  }`;
  const profileDir = process.env.BENCH_CPU_PROFILE;
  const inspector = profileDir ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const rss = rssSampler();
  const pushes0 = { ...sys.realtime!.counters };
  const machine = machineMeter();
  const threads = threadMeter();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();

  // The changes: acknowledge alerts 0..pairs-1, then resolve them, one every 1000/rate ms.
  const units: string[] = [];
  const work: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const wait = t0 + (k * 1000) / o.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const id = ids[k % pairs]!;
    const op =
      k < pairs
        ? live.desk.acknowledge(id, 'bench', { note: 'seen' })
        : live.desk.resolve(id, 'bench', 'handled');
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
  // What each client must receive: every change in the stream after `since` within its scope (the bench's
  // own changes and anything else the engine did meanwhile), read back from Redis.
  const redis = new Redis(sys.redis.options);
  const stream = await changesAfter(redis, since);
  redis.disconnect();
  const until = stream.at(-1)?.alert.seq ?? since;
  const expectedSeqs: Record<string, number[]> = {};
  for (const g of groups)
    expectedSeqs[g.scope] = stream
      .filter((c) => c.alert.unit_code.startsWith(g.scope))
      .map((c) => c.alert.seq);
  const connectedIn = (scope: string) => fleet.connectedByScope.get(scope) ?? 0;
  const expected = groups.reduce((s, g) => s + connectedIn(g.scope) * expectedSeqs[g.scope]!.length, 0);
  // Until every delivery arrived, or nothing more arrived for 10 s (a client lost some), at most 60 s.
  let report: FleetReport;
  let progress = { n: -1, at: Date.now() };
  const end = Date.now() + 60_000;
  do {
    await sleep(1_000);
    report = await fleet.report();
    if (report.latency.n !== progress.n) progress = { n: report.latency.n, at: Date.now() };
  } while (report.latency.n < expected && Date.now() < end && Date.now() - progress.at < 10_000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const machineUse = machine();
  const serverThreads = threads();
  const pushes = Object.fromEntries(
    Object.entries(sys.realtime!.counters).map(([k, v]) => [k, v - pushes0[k as keyof PushCounters]]),
  ) as unknown as PushCounters;
  rss.stop();
  if (inspector && profileDir) {
    const { profile } = await inspector.post('Profiler.stop');
    fs.mkdirSync(profileDir, { recursive: true });
    const file = path.join(profileDir, `server-${process.pid}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    inspector.disconnect();
    console.log(`  … server CPU profile of the push phase: ${file}`);
  }
  const verify = await fleet.verify(expectedSeqs, since, until);
  fleet.stop();
  probe.close();
  const received = verify.scopes.reduce((s, v) => s + v.received, 0);
  const lost = verify.scopes.reduce((s, v) => s + v.missing, 0);
  const ms = (ns: number) => ns / 1e6;
  return {
    clients: fleet.connected,
    failed: fleet.failed,
    procs: o.procs,
    ioClients: groups.reduce((s, g) => s + (g.io ?? 0), 0),
    groups: groups.map((g) => `${g.count} scope ${g.scope || 'all'}`).join(', '),
    loadAtStart,
    streamChanges: stream.length,
    verify,
    wallMs,
    peakRssMb: rss.peakMb(),
    changes: units.length,
    achievedRate,
    expected,
    received,
    lost,
    active: (await live.alerts.unresolvedIds()).length,
    report,
    probe: summarise([...published].map(([seq, t]) => (arrived.get(seq) ?? NaN) - t)),
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    serverCpuMs: (cpu.user + cpu.system) / 1000,
    serverSystemMs: cpu.system / 1000,
    machine: machineUse,
    rest,
    serverThreads,
    pushes,
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
