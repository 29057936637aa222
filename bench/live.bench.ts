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
import { Redis } from 'ioredis';
import { KEYS } from '../alerts/redis/keys.js';
import { silentLogger } from '../common/node/logger.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem } from '../server/system.js';
import { tempDir } from '../tests/helpers/system.js';
import { benchConfig } from './bench-config.js';
import { fillHistory, settleMerges } from './live-bench-data.js';
import type { HistoryMade } from './live-bench-data.js';
import { benchPush } from './live-bench-push.js';
import type { PushOptions } from './live-bench-push.js';
import { liveReport } from './live-bench-report.js';
import { benchRest } from './live-bench-rest.js';
import { fmt, rssSampler } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: string | undefined, d: number): number => (v ? Number(v) : d);

/** The run's size and switches, from --events and the BENCH_* environment (see above). */
interface LiveOptions {
  events: number;
  push: PushOptions;
  skipRest: boolean;
  ws: 'ws' | 'raw';
}

function liveOptions(args: { events?: number }): LiveOptions {
  const env = process.env;
  return {
    events: args.events ?? 10_000_000,
    push: {
      clients: num(env.BENCH_CLIENTS, 1_000),
      seconds: num(env.BENCH_SECONDS, 30),
      rate: num(env.BENCH_RATE, 100),
      procs: num(env.BENCH_CLIENT_PROCS, 2),
      ioClients: num(env.BENCH_IO_CLIENTS, 10),
      quietPsi: num(env.BENCH_QUIET_PSI, NaN),
      quietWaitS: num(env.BENCH_QUIET_WAIT_S, 600),
      profileDir: env.BENCH_CPU_PROFILE,
    },
    skipRest: env.BENCH_SKIP_REST === '1',
    ws: env.BENCH_WS === 'ws' ? 'ws' : 'raw',
  };
}

function startLiveSystem(dataDir: string): Promise<RunningSystem> {
  return startSystem({
    config: benchConfig(dataDir, {
      ALERT_GRACE_SECONDS: '1',
      // The history is written straight to ClickHouse, past the engine: reconciliation would (rightly)
      // re-evaluate all of it as missed. It is not what is measured here.
      RECONCILE_INTERVAL_SECONDS: '0',
    }),
    logger: silentLogger,
  });
}

/**
 * The engine rebuilds Redis from ClickHouse when it starts on an empty Redis; the history must come after
 * that, or it would be loaded into Redis as live state (as `npm run rebuild` would).
 */
async function waitForRebuild(sys: RunningSystem): Promise<void> {
  const redis = new Redis(sys.redis.options);
  while (!(await redis.exists(KEYS.ready))) await sleep(200);
  redis.disconnect();
}

/** 0. The history, then ClickHouse left to finish its merges; returns what was written and the parts left. */
async function writeHistory(
  sys: RunningSystem,
  events: number,
): Promise<{ made: HistoryMade; parts: number }> {
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
  return { made, parts: await settleMerges(sys.clickhouse.client) };
}

export async function benchLive(args: { events?: number }): Promise<void> {
  const o = liveOptions(args);
  const dataDir = tempDir('bench-live');
  const sys = await startLiveSystem(dataDir);
  const rss = rssSampler();
  try {
    await waitForRebuild(sys);
    const { made, parts } = await writeHistory(sys, o.events);
    const push = await benchPush(sys, o.push);
    const rest = o.skipRest ? [] : await benchRest(sys);
    const { rate, seconds } = o.push;
    const report = {
      events: o.events,
      made,
      parts,
      push,
      rate,
      seconds,
      ws: o.ws,
      rest,
      peakRssMb: rss.peakMb(),
    };
    console.log(liveReport(report));
  } finally {
    rss.stop();
    await sys.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
