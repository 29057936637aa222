/**
 * The notify benchmark's report of its burst (notify.bench.ts): latencies per alert, arrivals, the machine, and
 * the CPU every party spent per alert with the bound it puts on the burst.
 */
import os from 'node:os';
import type { cpuDelta } from './cpu.js';
import { loadAverage } from './cpu.js';
import type { WebhookReceiver } from './notify-receiver.js';
import { fmt, summarise } from './stats.js';
import type { machineMeter } from './stats.js';

/** What the burst saw: alert id → when its `raised` change was seen and its due_at; the receiver's arrivals. */
export interface BurstRun {
  raised: ReadonlyMap<string, { at: number; due: number }>;
  rx: Pick<WebhookReceiver, 'firstAt' | 'repeats' | 'counts'>;
  graceS: number;
}

export function reportBurst(
  b: BurstRun,
  ids: string[],
  o: {
    t0: number;
    due: number;
    judgedAt: number;
    early: number;
    machine: ReturnType<ReturnType<typeof machineMeter>>;
    cpu: ReturnType<typeof cpuDelta>;
    receiverMs: number;
  },
): void {
  const graceMs = b.graceS * 1000;
  const both = ids.flatMap((id) => {
    const r = b.raised.get(id);
    const w = b.rx.firstAt.get(id);
    return r && w !== undefined ? [{ r, w }] : [];
  });
  const toHook = summarise(both.map(({ r, w }) => w - r.at));
  const engine = summarise(
    ids.flatMap((id) => {
      const r = b.raised.get(id);
      return r ? [r.at - r.due - graceMs] : [];
    }),
  );
  const endToEnd = summarise(both.map(({ r, w }) => w - r.due - graceMs));
  const received = ids.filter((id) => b.rx.firstAt.has(id)).length;
  const twice = ids.filter((id) => b.rx.repeats.has(id));
  const repeats = twice.reduce((s, id) => s + b.rx.repeats.get(id)!, 0);
  const arrivals = ids.map((id) => b.rx.firstAt.get(id)).filter((t): t is number => t !== undefined);
  const spanS = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  const line = (name: string, s: ReturnType<typeof summarise>, extra = '') =>
    `  ${name.padEnd(44)} p50 ${fmt(s.p50).padStart(6)} ms  p95 ${fmt(s.p95).padStart(6)} ms  p99 ${fmt(s.p99).padStart(6)} ms  max ${fmt(s.max).padStart(6)} ms  n=${s.n}${extra}`;
  console.log(
    `\nnotify: ${fmt(ids.length)} alerts raised in one burst → webhook (route alert.raised → channel:hook; ` +
      `ALERT_GRACE_SECONDS=${b.graceS}; 200 ms engine tick; delivery concurrency 16)`,
  );
  console.log(
    `  posted and judged ${fmt((o.due - o.judgedAt) / 1000, 1)} s before their common deadline ` +
      `(${fmt((o.judgedAt - o.t0) / 1000, 1)} s after the first POST); raised before it: ${o.early}`,
  );
  console.log(line('due + grace → raised seen (engine, baseline)', engine));
  console.log(
    line('raised seen → webhook received', toHook, `  (${fmt(toHook.p99 / engine.p99, 2)}× baseline p99)`),
  );
  console.log(
    line(
      'due + grace → webhook received',
      endToEnd,
      `  (issue #15 target p99 ≤ 2,000 ms: ${endToEnd.p99 <= 2_000 ? 'met' : 'NOT met'})`,
    ),
  );
  console.log(
    `  received ${fmt(received)} of ${fmt(ids.length)} alerts (${fmt(b.rx.counts.requests)} requests, ${b.rx.counts.unreadable} unreadable); ` +
      `received more than once: ${twice.length} alerts (${repeats} extra arrivals); ` +
      `${fmt(received / Math.max(spanS, 0.001))} webhooks/s over ${fmt(spanS, 1)} s`,
  );
  console.log(
    `  machine during the burst: ${fmt(o.machine.busyMs / 1000, 1)} of ${fmt(o.machine.capacityMs / 1000, 1)} CPU-s busy, ` +
      `CPU pressure ${fmt(o.machine.cpuWaitPct, 0)} % (load average ${loadAverage()})`,
  );
  reportCpu(o.cpu, o.receiverMs, ids.length);
}

/**
 * CPU per alert, by who spent it, and what it bounds: all of it spread over every core is the least wall time
 * the burst can take on this machine, whatever the order of work (raising, notifying and receiving together).
 */
function reportCpu(cpu: ReturnType<typeof cpuDelta>, receiverMs: number, burst: number): void {
  const us = (ms: number) => fmt((1000 * ms) / burst);
  const allMs = cpu.processMs + cpu.redisMs + (Number.isNaN(receiverMs) ? 0 : receiverMs);
  const cores = os.cpus().length;
  console.log(
    `  CPU per alert from the deadline to the last webhook: this process ${us(cpu.processMs)} µs (main thread ` +
      `${us(cpu.mainThreadMs)}, busiest other thread — the notify lanes' — ${us(cpu.busiestOtherMs)}, the rest — ` +
      `V8's GC and compiler helpers, ClickHouse, libuv — ${us(cpu.processMs - cpu.mainThreadMs - cpu.busiestOtherMs)}), ` +
      `Redis ${us(cpu.redisMs)} µs and ${fmt(cpu.redisCalls / burst, 1)} commands, the receiver ${us(receiverMs)} µs; ` +
      `in all ${us(allMs)} µs`,
  );
  console.log(
    `  CPU bound: ${fmt(burst)} alerts × ${us(allMs)} µs over ${cores} cores = ${fmt(allMs / cores / 1000, 2)} s at the ` +
      `least from due + grace to the last webhook on this machine, against the target's 2 s`,
  );
}
