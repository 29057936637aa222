/**
 * The socket clients of `npm run bench -- live`, in a process of their own (so that decoding 100k pushes a
 * second does not run on the server's event loop; same machine, same clock). Spawned by bench/live.bench.ts
 * with an IPC channel:
 *   env VIGIL_URL, VIGIL_GROUPS = [{token, scope, count}]
 *   → {type:'connected', clients, failed, ms}
 *   ← {type:'start', since}   count only changes with seq > since
 *   ← {type:'report'}         → {type:'report', ...BenchReport}
 *   ← {type:'stop'}
 * Latency of one delivery = receive time − the change's own time (acknowledged_at / resolved_at /
 * opened_at of the pushed alert, set by the engine when it made the change, before writing it to Redis).
 */
import type { Alert } from '../../common/alerts.js';
import { openSocket } from './live-socket.js';
import type { ClientSocket } from './live-socket.js';

export interface ClientGroup {
  token: string;
  scope: string;
  count: number;
}

export interface BenchReport {
  /** Per group: unique changes received by each client. */
  groups: { scope: string; received: number[] }[];
  /** Deliveries by latency in whole ms (index = ms; the last bucket holds everything slower). */
  histogram: number[];
  duplicates: number;
  outOfOrder: number;
  disconnects: number;
  /** CPU time of this process since 'start' (user + system), in ms. */
  cpuMs: number;
}

type Msg = { type: 'start'; since: number } | { type: 'report' } | { type: 'stop' };

interface Counter {
  last: number;
  unique: number;
}

function changeTime(a: Alert): number {
  const t =
    a.state === 'resolved' ? a.resolved_at : a.state === 'acknowledged' ? a.acknowledged_at : a.opened_at;
  return Date.parse(t ?? a.opened_at);
}

export const HISTOGRAM_MS = 60_000;

const url = process.env.VIGIL_URL ?? '';
const groups = JSON.parse(process.env.VIGIL_GROUPS ?? '[]') as ClientGroup[];
const send = (m: unknown): void => void process.send?.(m);

let since = Number.POSITIVE_INFINITY;
let cpuAtStart = process.cpuUsage();
const histogram = new Array<number>(HISTOGRAM_MS + 1).fill(0);
let duplicates = 0;
let outOfOrder = 0;
let disconnects = 0;
const sockets: ClientSocket[] = [];
const counters: Counter[][] = groups.map(() => []);

function record(counter: Counter, a: Alert, now: number): void {
  if (a.seq <= since) return;
  if (a.seq === counter.last) return void duplicates++;
  if (a.seq < counter.last) outOfOrder++;
  else counter.last = a.seq;
  counter.unique++;
  histogram[Math.min(HISTOGRAM_MS, Math.max(0, Math.round(now - changeTime(a))))]!++;
}

const t0 = performance.now();
let failed = 0;
for (const [g, group] of groups.entries()) {
  for (let i = 0; i < group.count; i += 50) {
    const batch = Array.from({ length: Math.min(50, group.count - i) }, () => {
      const socket = openSocket(url, group.token);
      const counter: Counter = { last: 0, unique: 0 };
      counters[g]!.push(counter);
      sockets.push(socket);
      socket.on('alert:changed', (a) => record(counter, a, Date.now()));
      socket.on('disconnect', () => disconnects++);
      return new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', () => {
          failed++;
          resolve();
        });
      });
    });
    await Promise.all(batch);
  }
}
send({ type: 'connected', clients: sockets.length - failed, failed, ms: performance.now() - t0 });

process.on('message', (m: Msg) => {
  if (m.type === 'start') {
    since = m.since;
    cpuAtStart = process.cpuUsage();
    histogram.fill(0);
    for (const g of counters) for (const c of g) c.unique = 0;
  } else if (m.type === 'report') {
    const report: BenchReport = {
      groups: groups.map((g, i) => ({ scope: g.scope, received: counters[i]!.map((c) => c.unique) })),
      histogram,
      duplicates,
      outOfOrder,
      disconnects,
      cpuMs: ((u) => (u.user + u.system) / 1000)(process.cpuUsage(cpuAtStart)),
    };
    send({ type: 'report', ...report });
  } else if (m.type === 'stop') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
