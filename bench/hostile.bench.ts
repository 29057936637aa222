/**
 * `npm run bench -- hostile`: the worst bodies we know for `POST /api/events` (hostile-bodies.ts), each sent
 * to a real in-process system while the event loop's delay (perf_hooks.monitorEventLoopDelay) is measured
 * and `/api/health` is polled every 20 ms. Prints, per body, the status and time to the reply, the loop's
 * largest delay and the health p99/max, and each against a normal 1,000-event batch sent in the same run.
 * Target: no body blocks the loop for more than 100 ms.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { silentLogger } from '../common/node/logger.js';
import { startSystem } from '../server/system.js';
import { tempDir } from '../tests/helpers/system.js';
import { benchConfig } from './bench-config.js';
import { baselineBody, hostileBodies } from './hostile-bodies.js';
import type { HostileBody } from './hostile-bodies.js';
import { fmt, summarise } from './stats.js';

const TARGET_MS = 100;

interface Figures {
  name: string;
  status: number;
  replyBytes: number;
  replyMs: number;
  maxDelayMs: number;
  healthP99: number;
  healthMax: number;
  healthFailures: number;
}

/** Polls `/api/health` every `everyMs`, one request at a time; returns each latency (ms) once stopped. */
function healthPoller(url: string, everyMs = 20): { stop(): Promise<number[]>; failures(): number } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await (await fetch(`${url}/api/health`)).arrayBuffer();
      } catch {
        failures++; // counted, and its time still a latency: a reset connection is no answer
      }
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    failures: () => failures,
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function measure(url: string, token: string, b: HostileBody): Promise<Figures> {
  // Settle (garbage from the previous body) before the clock starts.
  await new Promise((r) => setTimeout(r, 300));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const poller = healthPoller(url);
  await new Promise((r) => setTimeout(r, 60));
  delay.enable();
  const t0 = performance.now();
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': b.contentType, authorization: `Bearer ${token}` },
    body: b.body,
  });
  const reply = await res.arrayBuffer();
  const replyMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 60));
  delay.disable();
  const health = summarise(await poller.stop());
  return {
    name: b.name,
    status: res.status,
    replyBytes: reply.byteLength,
    replyMs,
    maxDelayMs: delay.max / 1e6,
    healthP99: health.p99,
    healthMax: health.max,
    healthFailures: poller.failures(),
  };
}

function print(f: Figures, base: Figures): void {
  const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 1)}×` : '—');
  const verdict = f.maxDelayMs <= TARGET_MS ? 'ok' : `OVER ${TARGET_MS} ms`;
  console.log(
    `  ${f.name.padEnd(52)} ${String(f.status).padEnd(4)} reply ${fmt(f.replyMs).padStart(6)} ms ` +
      `${fmt(f.replyBytes / 1024, 1).padStart(8)} KiB | loop max delay ${fmt(f.maxDelayMs).padStart(5)} ms ` +
      `(${ratio(f.maxDelayMs, base.maxDelayMs)}) | health p99 ${fmt(f.healthP99).padStart(5)} ms, ` +
      `max ${fmt(f.healthMax).padStart(5)} ms (${ratio(f.healthMax, base.healthMax)})` +
      `${f.healthFailures ? `, ${f.healthFailures} failed` : ''} ${verdict}`,
  );
}

export async function benchHostile(): Promise<void> {
  const dataDir = tempDir('bench-hostile');
  const system = await startSystem({
    config: benchConfig(dataDir),
    logger: silentLogger,
    runEngine: false,
  });
  try {
    const url = system.url as string;
    const token = system.secrets.ingestToken;
    const bodies = hostileBodies();
    await measure(url, token, baselineBody()); // warm-up
    const base = await measure(url, token, baselineBody());
    console.log(`\nhostile bodies for POST /api/events — loop delay and /api/health (every 20 ms) per body`);
    print(base, base);
    let worst = base.maxDelayMs;
    for (const b of bodies) {
      const f = await measure(url, token, b);
      print(f, base);
      worst = Math.max(worst, f.maxDelayMs);
    }
    console.log(
      `  worst event-loop delay ${fmt(worst)} ms (target ≤ ${TARGET_MS} ms): ${worst <= TARGET_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
