/**
 * The parent side of the benchmark's socket clients: `procs` child processes running
 * tests/helpers/live-bench-clients.ts, each with its share of every group; their reports merged.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport, ClientGroup } from './live-bench-clients.js';

const CLIENTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'live-bench-clients.ts');

export interface FleetReport {
  /** Unique changes received per client, by scope. */
  received: Map<string, number[]>;
  latency: { p50: number; p95: number; p99: number; max: number; n: number };
  duplicates: number;
  outOfOrder: number;
  disconnects: number;
  /** CPU time of the client processes since start, ms. */
  cpuMs: number;
}

export interface Fleet {
  connected: number;
  failed: number;
  ms: number;
  start(since: number): void;
  report(): Promise<FleetReport>;
  stop(): void;
}

type Message = Record<string, unknown> & { type: string };

function next(child: ChildProcess, type: string): Promise<Message> {
  return new Promise((resolve, reject) => {
    const on = (m: Message) => {
      if (m.type !== type) return;
      child.off('message', on);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`client process exited (${code})`));
    child.on('message', on);
    child.once('exit', onExit);
  });
}

/** The value at percentile p of a histogram (bucket index = ms). */
export function histogramPercentile(h: readonly number[], n: number, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (let ms = 0; ms < h.length; ms++) {
    seen += h[ms]!;
    if (seen >= rank) return ms;
  }
  return NaN;
}

/** BENCH_CLIENT_NICE (default 0) lowers the client processes' priority, to favour the server under test. */
export async function startFleet(url: string, groups: ClientGroup[], procs: number): Promise<Fleet> {
  const shares = Array.from({ length: procs }, (_, i) =>
    groups.map((g) => ({ ...g, count: Math.floor(g.count / procs) + (i < g.count % procs ? 1 : 0) })),
  );
  const children = shares.map((share) =>
    fork(CLIENTS_FILE, [], {
      env: { ...process.env, VIGIL_URL: url, VIGIL_GROUPS: JSON.stringify(share) },
      execArgv: ['--import', 'tsx'],
    }),
  );
  const nice = Number(process.env.BENCH_CLIENT_NICE ?? 0);
  for (const c of children) if (c.pid && nice !== 0) os.setPriority(c.pid, nice);
  const hello = await Promise.all(children.map((c) => next(c, 'connected')));
  return {
    connected: hello.reduce((s, m) => s + Number(m.clients), 0),
    failed: hello.reduce((s, m) => s + Number(m.failed), 0),
    ms: Math.max(...hello.map((m) => Number(m.ms))),
    start(since) {
      for (const c of children) c.send({ type: 'start', since });
    },
    async report() {
      const parts = await Promise.all(
        children.map((c) => {
          const reply = next(c, 'report');
          c.send({ type: 'report' });
          return reply as Promise<Message & BenchReport>;
        }),
      );
      const histogram = parts[0]!.histogram.map((_, i) => parts.reduce((s, r) => s + r.histogram[i]!, 0));
      const n = histogram.reduce((s, x) => s + x, 0);
      const received = new Map<string, number[]>();
      for (const r of parts)
        for (const g of r.groups) received.set(g.scope, [...(received.get(g.scope) ?? []), ...g.received]);
      const at = (p: number) => histogramPercentile(histogram, n, p);
      return {
        received,
        latency: { p50: at(50), p95: at(95), p99: at(99), max: at(100), n },
        duplicates: parts.reduce((s, r) => s + r.duplicates, 0),
        outOfOrder: parts.reduce((s, r) => s + r.outOfOrder, 0),
        disconnects: parts.reduce((s, r) => s + r.disconnects, 0),
        cpuMs: parts.reduce((s, r) => s + r.cpuMs, 0),
      };
    },
    stop() {
      for (const c of children) if (c.connected) c.send({ type: 'stop' });
    },
  };
}
