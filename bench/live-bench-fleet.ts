/**
 * The parent side of the benchmark's socket clients: `procs` child processes running
 * bench/live-bench-clients.ts, each with its share of every group (and of its socket.io-client
 * clients); their reports merged.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport, ClientGroup, VerifyReport } from './live-bench-clients.js';

const CLIENTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'live-bench-clients.ts');

export interface FleetReport {
  /** Unique changes received per client, by scope. */
  received: Map<string, number[]>;
  latency: Latency;
  /** The socket.io-client clients alone. */
  ioLatency: Latency;
  disconnects: number;
  crossChecked: number;
  mismatches: number;
  /** CPU time of the client processes since start, ms, and of it in the kernel. */
  cpuMs: number;
  cpuSystemMs: number;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
}

export interface Fleet {
  connected: number;
  /** Connected clients per scope. */
  connectedByScope: Map<string, number>;
  failed: number;
  ms: number;
  start(since: number): void;
  report(): Promise<FleetReport>;
  /** Every client's log against the seqs of its scope (ascending) in (since, until]. */
  verify(expected: Record<string, number[]>, since: number, until: number): Promise<VerifyReport>;
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

const share = (n: number, i: number, procs: number): number =>
  Math.floor(n / procs) + (i < n % procs ? 1 : 0);

function summariseHistogram(h: readonly number[]): Latency {
  const n = h.reduce((s, x) => s + x, 0);
  const at = (p: number) => histogramPercentile(h, n, p);
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100), n };
}

/**
 * BENCH_CLIENT_NICE (default 0) lowers the client processes' priority, to favour the server under test;
 * BENCH_CPU_PROFILE=<dir> writes a CPU profile of each client process there.
 */
export async function startFleet(url: string, groups: ClientGroup[], procs: number): Promise<Fleet> {
  const shares = Array.from({ length: procs }, (_, i) =>
    groups.map((g) => ({ ...g, count: share(g.count, i, procs), io: share(g.io ?? 0, i, procs) })),
  );
  const profile = process.env.BENCH_CPU_PROFILE;
  const children = shares.map((groupsOfChild) =>
    fork(CLIENTS_FILE, [], {
      env: { ...process.env, VIGIL_URL: url, VIGIL_GROUPS: JSON.stringify(groupsOfChild) },
      execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    }),
  );
  const nice = Number(process.env.BENCH_CLIENT_NICE ?? 0);
  for (const c of children) if (c.pid && nice !== 0) os.setPriority(c.pid, nice);
  const hello = await Promise.all(children.map((c) => next(c, 'connected')));
  const connectedByScope = new Map<string, number>();
  for (const m of hello)
    for (const [scope, n] of Object.entries(m.byScope as Record<string, number>))
      connectedByScope.set(scope, (connectedByScope.get(scope) ?? 0) + n);
  return {
    connected: hello.reduce((s, m) => s + Number(m.clients), 0),
    connectedByScope,
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
      const sum = (key: 'histogram' | 'ioHistogram') =>
        parts[0]![key].map((_, i) => parts.reduce((s, r) => s + r[key][i]!, 0));
      const received = new Map<string, number[]>();
      for (const r of parts)
        for (const g of r.groups) received.set(g.scope, [...(received.get(g.scope) ?? []), ...g.received]);
      const total = (key: 'disconnects' | 'crossChecked' | 'mismatches' | 'cpuMs' | 'cpuSystemMs') =>
        parts.reduce((s, r) => s + r[key], 0);
      return {
        received,
        latency: summariseHistogram(sum('histogram')),
        ioLatency: summariseHistogram(sum('ioHistogram')),
        disconnects: total('disconnects'),
        crossChecked: total('crossChecked'),
        mismatches: total('mismatches'),
        cpuMs: total('cpuMs'),
        cpuSystemMs: total('cpuSystemMs'),
      };
    },
    async verify(expected, since, until) {
      const parts = await Promise.all(
        children.map((c) => {
          const reply = next(c, 'verify');
          c.send({ type: 'verify', expected, since, until });
          return reply as Promise<Message & VerifyReport>;
        }),
      );
      const scopes = new Map<string, VerifyReport['scopes'][number]>();
      for (const p of parts)
        for (const s of p.scopes) {
          const acc = scopes.get(s.scope);
          if (!acc) scopes.set(s.scope, { ...s });
          else for (const k of Object.keys(s) as (keyof typeof s)[]) if (k !== 'scope') acc[k] += s[k];
        }
      return { scopes: [...scopes.values()] };
    },
    stop() {
      for (const c of children) if (c.connected) c.send({ type: 'stop' });
    },
  };
}
