/**
 * The push phase of `npm run bench -- live`: the client fleet connected with real kiosk tokens, a probe
 * client in the server's own process, alert changes through the real engine at a fixed rate, and every
 * client's log checked against the change stream. See live.bench.ts for what is measured and the bars.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { LiveAlerts } from '../alerts/redis/live-alerts.js';
import { ChangeStream } from '../alerts/stream/change-stream.js';
import { alertChanges } from '../alerts/stream/entries.js';
import type { AlertChange } from '../common/alerts.js';
import type { PushCounters } from '../server/realtime/socket-server.js';
import type { RunningSystem } from '../server/system.js';
import { openSocket } from '../tests/helpers/live-socket.js';
import type { ClientGroup, VerifyReport } from './live-bench-clients.js';
import { raiseLiveAlerts } from './live-bench-data.js';
import { startFleet } from './live-bench-fleet.js';
import type { Fleet, FleetReport } from './live-bench-fleet.js';
import { cpuPressure10s, fmt, machineMeter, rssSampler, summarise, threadMeter } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PushOptions {
  clients: number;
  seconds: number;
  /** Alert changes a second. */
  rate: number;
  procs: number;
  ioClients: number;
  /** Wait for CPU pressure (10 s) below this percent before measuring; NaN: do not wait. */
  quietPsi: number;
  /** The longest that wait may be, s. */
  quietWaitS: number;
  /** Where to write the server's CPU profile of the push, if anywhere. */
  profileDir: string | undefined;
}

type MachineUse = ReturnType<ReturnType<typeof machineMeter>>;

export interface PushResult {
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
  machine: MachineUse;
  /** 5 s before the changes, clients connected: server process CPU (% of one core) and the machine. */
  rest: { serverCpuPct: number; machine: MachineUse };
}

/** A viewer with a kiosk token for all units (scope '') and one for Nanning ('4501'), by scope. */
async function issueBenchTokens(sys: RunningSystem): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [username, scope] of [
    ['bench-wall', ''],
    ['bench-nanning', '4501'],
  ] as const) {
    await sys.auth.users.create({ username, password: `${username}-password`, role: 'viewer', scope });
    tokens[scope] = (await sys.auth.tokens.issueKiosk(username)).token;
  }
  return tokens;
}

/** 90 % of the clients see everything, 10 % are scoped to Nanning; the socket.io-client ones split alike. */
function clientGroups(tokens: Record<string, string>, o: PushOptions): ClientGroup[] {
  const scoped = Math.round(o.clients / 10);
  const scopedIo = Math.round(o.ioClients / 10);
  return [
    { token: tokens['']!, scope: '', count: o.clients - scoped, io: o.ioClients - scopedIo },
    { token: tokens['4501']!, scope: '4501', count: scoped, io: scopedIo },
  ];
}

/** One more client, in the server's own process: when each change was published, and when it arrived. */
function startProbe(url: string, token: string) {
  const socket = openSocket(url, token);
  const published = new Map<number, number>();
  const arrived = new Map<number, number>();
  socket.on('alert:changed', (a) => arrived.set(a.seq, performance.now()));
  return {
    published,
    latency: () => summarise([...published].map(([seq, t]) => (arrived.get(seq) ?? NaN) - t)),
    close: () => socket.close(),
  };
}

/**
 * BENCH_QUIET_PSI=<percent>: waits (at most BENCH_QUIET_WAIT_S) until the machine's other work leaves the
 * CPUs mostly free — CPU pressure over 10 s below that — before measuring. Returns the seconds waited.
 */
async function waitForQuiet(quietPsi: number, quietWaitS: number): Promise<number> {
  const quietUntil = Date.now() + 1000 * quietWaitS;
  const waited0 = Date.now();
  while (cpuPressure10s() >= quietPsi && Date.now() < quietUntil) await sleep(5_000);
  return (Date.now() - waited0) / 1000;
}

/** At rest (clients connected, no changes) for 5 s: what the server process and the machine spend anyway. */
async function measureAtRest(): Promise<PushResult['rest']> {
  const restCpu0 = process.cpuUsage();
  const restMachine = machineMeter();
  await sleep(5_000);
  const restCpu = process.cpuUsage(restCpu0);
  return { serverCpuPct: (restCpu.user + restCpu.system) / 50_000, machine: restMachine() };
}

/** Load average and CPU pressure as the changes begin (and how long the run waited for quiet). */
function loadLine(quietPsi: number, quietWaitS: number): string {
  return `${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, CPU pressure (10 s) ${fmt(cpuPressure10s())} %${
    Number.isNaN(quietPsi) ? '' : ` after waiting ${fmt(quietWaitS)} s for it to fall below ${quietPsi} %`
  }`;
}

/** BENCH_CPU_PROFILE: profiles the server process (inspector) from now; `save` writes it to profileDir. */
async function startServerProfile(profileDir: string | undefined): Promise<{ save(): Promise<void> } | null> {
  if (!profileDir) return null;
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
  return {
    async save() {
      const { profile } = await inspector.post('Profiler.stop');
      fs.mkdirSync(profileDir, { recursive: true });
      const file = path.join(profileDir, `server-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      inspector.disconnect();
      console.log(`  … server CPU profile of the push phase: ${file}`);
    },
  };
}

/** Meters over the push: event-loop delay (until the changes are made), RSS, realtime counts, CPU, time. */
function startPushMeters(sys: RunningSystem) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const rss = rssSampler();
  const pushes0 = { ...sys.realtime!.counters };
  const machine = machineMeter();
  const threads = threadMeter();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const ms = (ns: number) => ns / 1e6;
  return {
    stopLoop: () => loop.disable(),
    /** Once every delivery arrived (or the wait gave up). */
    read() {
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - wall0;
      const machineUse = machine();
      const serverThreads = threads();
      const pushes = Object.fromEntries(
        Object.entries(sys.realtime!.counters).map(([k, v]) => [k, v - pushes0[k as keyof PushCounters]]),
      ) as unknown as PushCounters;
      rss.stop();
      return {
        wallMs,
        peakRssMb: rss.peakMb(),
        loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
        serverCpuMs: (cpu.user + cpu.system) / 1000,
        serverSystemMs: cpu.system / 1000,
        machine: machineUse,
        serverThreads,
        pushes,
      };
    },
  };
}

/**
 * The changes: acknowledge alerts 0..pairs-1, then resolve them, one every 1000/rate ms; each published
 * change's time goes into `published`. Returns how many changes were published and the rate achieved.
 */
async function driveChanges(
  live: LiveAlerts,
  ids: readonly string[],
  total: number,
  rate: number,
  published: Map<number, number>,
): Promise<{ changes: number; achievedRate: number }> {
  const pairs = Math.ceil(total / 2);
  let changes = 0;
  const work: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const wait = t0 + (k * 1000) / rate - performance.now();
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
          changes++;
          published.set(c.alert.seq, performance.now());
        }
      }),
    );
  }
  await Promise.all(work);
  return { changes, achievedRate: total / ((performance.now() - t0) / 1000) };
}

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

/**
 * What each client must receive: every change in the stream after `since` within its scope (the bench's
 * own changes and anything else the engine did meanwhile), read back from Redis; in all, per connected client.
 */
async function expectedDeliveries(sys: RunningSystem, since: number, groups: ClientGroup[], fleet: Fleet) {
  const redis = new Redis(sys.redis.options);
  const stream = await changesAfter(redis, since);
  redis.disconnect();
  const expectedSeqs: Record<string, number[]> = {};
  for (const g of groups)
    expectedSeqs[g.scope] = stream
      .filter((c) => c.alert.unit_code.startsWith(g.scope))
      .map((c) => c.alert.seq);
  const connectedIn = (scope: string) => fleet.connectedByScope.get(scope) ?? 0;
  return {
    streamChanges: stream.length,
    until: stream.at(-1)?.alert.seq ?? since,
    expectedSeqs,
    expected: groups.reduce((s, g) => s + connectedIn(g.scope) * expectedSeqs[g.scope]!.length, 0),
  };
}

/** Until every delivery arrived, or nothing more arrived for 10 s (a client lost some), at most 60 s. */
async function awaitDeliveries(fleet: Fleet, expected: number): Promise<FleetReport> {
  let report: FleetReport;
  let progress = { n: -1, at: Date.now() };
  const end = Date.now() + 60_000;
  do {
    await sleep(1_000);
    report = await fleet.report();
    if (report.latency.n !== progress.n) progress = { n: report.latency.n, at: Date.now() };
  } while (report.latency.n < expected && Date.now() < end && Date.now() - progress.at < 10_000);
  return report;
}

export async function benchPush(sys: RunningSystem, o: PushOptions): Promise<PushResult> {
  const live = sys.live;
  const total = o.rate * o.seconds;
  const ids = await raiseLiveAlerts(
    sys.url!,
    sys.secrets.ingestToken,
    live.alerts,
    Math.ceil(total / 2) + 2_000,
  );
  await sys.engine!.settled();
  const tokens = await issueBenchTokens(sys);
  const groups = clientGroups(tokens, o);
  const fleet = await startFleet(sys.url!, groups, o.procs);
  console.log(
    `  … ${fmt(fleet.connected)} clients connected in ${fmt(fleet.ms)} ms (${fleet.failed} failed)`,
  );
  const probe = startProbe(sys.url!, tokens['']!);
  await sleep(2_000);
  const quietWaitS = await waitForQuiet(o.quietPsi, o.quietWaitS);
  const rest = await measureAtRest();
  const since = await live.alerts.currentSeq();
  fleet.start(since);
  await sleep(500);
  const loadAtStart = loadLine(o.quietPsi, quietWaitS);
  const profile = await startServerProfile(o.profileDir);
  const meters = startPushMeters(sys);
  const driven = await driveChanges(live, ids, total, o.rate, probe.published);
  meters.stopLoop();
  const due = await expectedDeliveries(sys, since, groups, fleet);
  const report = await awaitDeliveries(fleet, due.expected);
  const used = meters.read();
  await profile?.save();
  const verify = await fleet.verify(due.expectedSeqs, since, due.until);
  fleet.stop();
  probe.close();
  return {
    clients: fleet.connected,
    failed: fleet.failed,
    procs: o.procs,
    ioClients: groups.reduce((s, g) => s + (g.io ?? 0), 0),
    groups: groups.map((g) => `${g.count} scope ${g.scope || 'all'}`).join(', '),
    loadAtStart,
    streamChanges: due.streamChanges,
    verify,
    ...used,
    ...driven,
    expected: due.expected,
    received: verify.scopes.reduce((s, v) => s + v.received, 0),
    lost: verify.scopes.reduce((s, v) => s + v.missing, 0),
    active: (await live.alerts.unresolvedIds()).length,
    report,
    probe: probe.latency(),
    rest,
  };
}
