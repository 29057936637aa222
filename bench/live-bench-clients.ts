/**
 * The socket clients of `npm run bench -- live`, in a process of their own (so that decoding 100k pushes a
 * second does not run on the server's event loop; same machine, same clock). Spawned by
 * bench/live-bench-fleet.ts with an IPC channel:
 *   env VIGIL_URL, VIGIL_GROUPS = [{token, scope, count, io}]
 *   → {type:'connected', clients, failed, ms, byScope}
 *   ← {type:'start', since}    latency of changes with seq > since from now on
 *   ← {type:'report'}          → {type:'report', ...BenchReport}            (progress and latency)
 *   ← {type:'verify', expected, since, until}  → {type:'verify', ...VerifyReport}  (every client, every
 *                               seq in (since, until])
 *   ← {type:'stop'}
 * Of each group's `count` clients, `io` are real socket.io-client clients and the rest protocol-level
 * clients (bench/live-bench-wire.ts) on real WebSockets with the real handshake and token.
 * Latency of one delivery = receive time − the change's own time (acknowledged_at / resolved_at /
 * opened_at of the pushed alert, set by the engine when it made the change, before writing it to Redis).
 * Every client logs the seq of every push it receives, in arrival order; 'verify' compares each log with
 * the seqs of the changes in its scope taken from the change stream: nothing missing, nothing twice,
 * nothing out of order, nothing outside the scope.
 */
import type { Alert } from '../common/alerts.js';
import { openSocket } from '../tests/helpers/live-socket.js';
import type { ClientSocket } from '../tests/helpers/live-socket.js';
import { readPushJson, WireClient } from './live-bench-wire.js';
import type { PushFields } from './live-bench-wire.js';

export interface ClientGroup {
  token: string;
  scope: string;
  count: number;
  /** How many of `count` are socket.io-client clients (default 0). */
  io?: number;
}

export interface BenchReport {
  /** Per group: pushes (seq > since) received by each client so far. */
  groups: { scope: string; received: number[] }[];
  /** Deliveries by latency in whole ms (index = ms; the last bucket holds everything slower). */
  histogram: number[];
  /** The same for the socket.io-client clients alone. */
  ioHistogram: number[];
  disconnects: number;
  /** Pushes whose fields were read a second time with JSON.parse, and how many of those disagreed. */
  crossChecked: number;
  mismatches: number;
  /** CPU time of this process since 'start' (user + system), in ms, and of it in the kernel. */
  cpuMs: number;
  cpuSystemMs: number;
}

export interface VerifyReport {
  /** Per scope, summed over its clients. */
  scopes: {
    scope: string;
    clients: number;
    /** Clients whose log is exactly the expected seqs, in order. */
    exact: number;
    expected: number;
    received: number;
    missing: number;
    duplicates: number;
    outOfOrder: number;
    /** seqs outside the client's scope (or unknown). */
    foreign: number;
  }[];
}

type Msg =
  | { type: 'start'; since: number }
  | { type: 'report' }
  | { type: 'verify'; expected: Record<string, number[]>; since: number; until: number }
  | { type: 'stop' };

interface Client {
  group: number;
  io: boolean;
  /** seq of every push since the client connected, in arrival order. */
  log: number[];
  /** How many of them have seq > since. */
  measured: number;
  close(): void;
}

function changeTime(a: Alert): number {
  const t =
    a.state === 'resolved' ? a.resolved_at : a.state === 'acknowledged' ? a.acknowledged_at : a.opened_at;
  return Date.parse(t ?? a.opened_at);
}

export const HISTOGRAM_MS = 60_000;
/** One push in CROSS_CHECK_EVERY is read again with JSON.parse and compared. */
const CROSS_CHECK_EVERY = 97;

const url = process.env.VIGIL_URL ?? '';
/** The protocol-level clients' WebSocket: the minimal one in live-bench-wire.ts, or BENCH_WS=ws. */
const impl = process.env.BENCH_WS === 'ws' ? 'ws' : 'raw';
const groups = JSON.parse(process.env.VIGIL_GROUPS ?? '[]') as ClientGroup[];
const send = (m: unknown): void => void process.send?.(m);

let since = Number.POSITIVE_INFINITY;
let cpuAtStart = process.cpuUsage();
const histogram = new Uint32Array(HISTOGRAM_MS + 1);
const ioHistogram = new Uint32Array(HISTOGRAM_MS + 1);
let disconnects = 0;
let pushes = 0;
let crossChecked = 0;
let mismatches = 0;
const clients: Client[] = [];

function record(client: Client, push: PushFields, now: number): void {
  client.log.push(push.seq);
  if (push.seq <= since) return;
  client.measured++;
  const ms = Math.min(HISTOGRAM_MS, Math.max(0, Math.round(now - push.changedAt)));
  histogram[ms]!++;
  if (client.io) ioHistogram[ms]!++;
}

function openWire(group: number, token: string): Promise<Client | null> {
  return new Promise((resolve) => {
    const client: Client = { group, io: false, log: [], measured: 0, close: () => wire.close() };
    const wire = new WireClient(
      url,
      token,
      {
        connected: () => resolve(client),
        refused: () => resolve(null),
        closed: () => disconnects++,
        alertChanged: (push, raw) => {
          const now = Date.now();
          if (++pushes % CROSS_CHECK_EVERY === 0) {
            crossChecked++;
            const j = readPushJson(raw);
            if (j.seq !== push.seq || j.changedAt !== push.changedAt) mismatches++;
          }
          record(client, push, now);
        },
      },
      impl,
    );
  });
}

function openIo(group: number, token: string): Promise<Client | null> {
  const socket: ClientSocket = openSocket(url, token);
  const client: Client = { group, io: true, log: [], measured: 0, close: () => socket.close() };
  socket.on('alert:changed', (a) => record(client, { seq: a.seq, changedAt: changeTime(a) }, Date.now()));
  socket.on('disconnect', () => disconnects++);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', () => {
      socket.close();
      resolve(null);
    });
  });
}

const t0 = performance.now();
let failed = 0;
for (const [g, group] of groups.entries()) {
  const io = Math.min(group.count, group.io ?? 0);
  for (let i = 0; i < group.count; i += 50) {
    const batch = Array.from({ length: Math.min(50, group.count - i) }, (_, j) =>
      i + j < io ? openIo(g, group.token) : openWire(g, group.token),
    );
    for (const c of await Promise.all(batch)) {
      if (c) clients.push(c);
      else failed++;
    }
  }
}
const byScope: Record<string, number> = {};
for (const c of clients) byScope[groups[c.group]!.scope] = (byScope[groups[c.group]!.scope] ?? 0) + 1;
send({ type: 'connected', clients: clients.length, failed, ms: performance.now() - t0, byScope });

/** Compares one client's log with the seqs it should have received in (since, until], ascending. */
function check(log: readonly number[], expected: readonly number[], since: number, until: number) {
  const inScope = new Set(expected);
  const seen = new Set<number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let foreign = 0;
  let last = 0;
  let exact = true;
  let k = 0;
  for (const seq of log) {
    if (seq <= since || seq > until) continue; // before the measurement, or after the expectation was taken
    if (seq !== expected[k++]) exact = false;
    if (!inScope.has(seq)) foreign++;
    else if (seen.has(seq)) duplicates++;
    else seen.add(seq);
    if (seq < last) outOfOrder++;
    last = Math.max(last, seq);
  }
  if (k !== expected.length) exact = false;
  return {
    exact,
    received: seen.size,
    missing: expected.length - seen.size,
    duplicates,
    outOfOrder,
    foreign,
  };
}

process.on('message', (m: Msg) => {
  if (m.type === 'start') {
    since = m.since;
    cpuAtStart = process.cpuUsage();
    histogram.fill(0);
    ioHistogram.fill(0);
    for (const c of clients) c.measured = 0;
  } else if (m.type === 'report') {
    const report: BenchReport = {
      groups: groups.map((g, i) => ({
        scope: g.scope,
        received: clients.filter((c) => c.group === i).map((c) => c.measured),
      })),
      histogram: Array.from(histogram),
      ioHistogram: Array.from(ioHistogram),
      disconnects,
      crossChecked,
      mismatches,
      cpuMs: ((u) => (u.user + u.system) / 1000)(process.cpuUsage(cpuAtStart)),
      cpuSystemMs: process.cpuUsage(cpuAtStart).system / 1000,
    };
    send({ type: 'report', ...report });
  } else if (m.type === 'verify') {
    const scopes = new Map<string, VerifyReport['scopes'][number]>();
    for (const c of clients) {
      const scope = groups[c.group]!.scope;
      const expected = m.expected[scope] ?? [];
      const r = check(c.log, expected, m.since, m.until);
      const s = scopes.get(scope) ?? {
        scope,
        clients: 0,
        exact: 0,
        expected: 0,
        received: 0,
        missing: 0,
        duplicates: 0,
        outOfOrder: 0,
        foreign: 0,
      };
      s.clients++;
      s.exact += r.exact ? 1 : 0;
      s.expected += expected.length;
      s.received += r.received;
      s.missing += r.missing;
      s.duplicates += r.duplicates;
      s.outOfOrder += r.outOfOrder;
      s.foreign += r.foreign;
      scopes.set(scope, s);
    }
    const report: VerifyReport = { scopes: [...scopes.values()] };
    send({ type: 'verify', ...report });
  } else if (m.type === 'stop') {
    for (const c of clients) c.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
