/** The printed report of `npm run bench -- live`: the history, the push, the REST timings, the machine. */
import os from 'node:os';
import type { VerifyReport } from './live-bench-clients.js';
import type { HistoryMade } from './live-bench-data.js';
import type { PushResult } from './live-bench-push.js';
import { REPEAT, WARMUP } from './live-bench-rest.js';
import type { RestTiming } from './live-bench-rest.js';
import { fmt } from './stats.js';

export interface LiveRun {
  /** Stored events asked for. */
  events: number;
  made: HistoryMade;
  /** Active parts of `events` after the merges. */
  parts: number;
  push: PushResult;
  /** Asked-for change rate (a second) and duration (s) of the push. */
  rate: number;
  seconds: number;
  /** The protocol-level clients' WebSocket: the `ws` package, or their own minimal one. */
  ws: 'ws' | 'raw';
  rest: RestTiming[];
  peakRssMb: number;
}

const ok = (met: boolean): string => (met ? 'MET' : 'MISSED');

const cols = (s: { p50: number; p95: number; p99: number; max: number }): string =>
  [s.p50, s.p95, s.p99, s.max].map((v) => fmt(v, 1).padStart(9)).join('');

const verifyLine = (v: VerifyReport): string =>
  v.scopes
    .map(
      (s) =>
        `scope ${s.scope || 'all'}: ${fmt(s.exact)}/${fmt(s.clients)} exact, missing ${fmt(s.missing)}, duplicates ${fmt(s.duplicates)}, out of order ${fmt(s.outOfOrder)}, outside scope ${fmt(s.foreign)}`,
    )
    .join('; ');

function historyLines({ events, made, parts }: LiveRun): string[] {
  return [
    `\nlive benchmark — ${fmt(events)} stored events; 2 cores; server, engine and embedded ClickHouse in one process`,
    `  history: ${fmt(made.events)} events over 90 days at ${made.stations} Guangxi stations, written with insertEventRows + toRow in 50k-row batches (${fmt(made.seconds.events)} s);`,
    `           ${fmt(made.alertEvents)} alert_events rows (alertEventRow) for ${fmt(made.alerts)} alerts, ${fmt(made.activeAlerts)} left open; ${fmt(made.obligations)} obligations (recordObligations); events parts after merges: ${parts}`,
  ];
}

/** Who was connected and what changed, then the latency table. */
function pushSetupLines({ push, rate, seconds, ws }: LiveRun): string[] {
  const head = `  ${'measure'.padEnd(46)}${['p50', 'p95', 'p99', 'max'].map((h) => h.padStart(9)).join('')}   bar`;
  return [
    `  push: ${fmt(push.clients)} Socket.IO clients over WebSocket (${push.groups}) in ${push.procs} child processes on this machine,`,
    `        ${fmt(push.ioClients)} of them socket.io-client, the others protocol-level (${ws === 'ws' ? 'ws package' : 'minimal RFC 6455 client'}, Engine.IO v4/Socket.IO v5); load average at start ${push.loadAtStart}`,
    `        ${fmt(push.changes)} changes through AlertDesk.acknowledge/resolve at ${rate}/s (${fmt(push.achievedRate, 1)}/s achieved) for ${seconds} s; ${fmt(push.active)} alerts active in Redis`,
    head,
    `  ${'push delivery latency (ms)'.padEnd(46)}${cols(push.report.latency)}   p99 ≤ 250 ms ${ok(push.report.latency.p99 <= 250)}`,
    `  ${'  socket.io-client clients alone (ms)'.padEnd(46)}${cols(push.report.ioLatency)}   ${fmt(push.report.ioLatency.n)} deliveries`,
    `  ${'  probe client in the server process (ms)'.padEnd(46)}${cols(push.probe)}   publish → received`,
    `  ${'  server event-loop delay (ms)'.padEnd(46)}${cols({ ...push.loopDelay, p95: NaN })}`,
  ];
}

/** Where the CPU went during the push, and whether every delivery arrived. */
function pushCostLines({ push }: LiveRun): string[] {
  return [
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
  ];
}

function restLines({ rest }: LiveRun): string[] {
  return [
    `  REST (ms; admin token; ${REPEAT} sequential requests each after ${WARMUP} warm-up; socket clients closed):`,
    ...rest.map(
      (r) => `  ${r.name.padEnd(46)}${cols(r.s)}   ${r.trend ? `p95 ≤ 300 ms ${ok(r.s.p95 <= 300)}` : ''}`,
    ),
  ];
}

export function liveReport(run: LiveRun): string {
  return [
    ...historyLines(run),
    ...pushSetupLines(run),
    ...pushCostLines(run),
    ...restLines(run),
    `  peak RSS of the server process ${fmt(run.peakRssMb)} MiB; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  ].join('\n');
}
