/**
 * `npm run bench -- hostile`: the worst bodies we know for `POST /api/events` (hostile-bodies.ts), each sent
 * from another process (so that the sender's own work is not counted) to a real in-process system while the
 * event loop's delay (perf_hooks.monitorEventLoopDelay) is measured and `/api/health` is polled every 20 ms. Prints, per body, the status and time to the reply, the loop's
 * largest delay and the health p99/max, and each against a normal 1,000-event batch sent in the same run.
 * Target: no body blocks the loop for more than 100 ms. `HOSTILE_ONLY=<part of a name>` runs only the bodies whose
 * name holds it; `HOSTILE_REPEAT=n` sends each n times (to profile one body: `node --cpu-prof --import tsx …`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

/** The sender: a child process that posts a body file when told to, and answers with what it saw. */
const SENDER = `
process.on('message', ({ url, token, type, file }) => {
  const body = require('node:fs').readFileSync(file);
  const t0 = performance.now();
  fetch(url, { method: 'POST', headers: { 'content-type': type, authorization: 'Bearer ' + token }, body })
    .then(async (res) => {
      const bytes = (await res.arrayBuffer()).byteLength;
      process.send({ status: res.status, bytes, ms: performance.now() - t0 });
    })
    .catch((err) => process.send({ status: 0, bytes: 0, ms: 0, error: String(err) }));
});
`;

interface Sent {
  status: number;
  bytes: number;
  ms: number;
}

/** Started once, before anything is measured: spawning a process from a large one stalls its loop. */
class Sender {
  private readonly child: ChildProcess = spawn(process.execPath, ['-e', SENDER], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  post(url: string, token: string, type: string, file: string): Promise<Sent> {
    return new Promise((resolve) => {
      this.child.once('message', (m) => resolve(m as Sent));
      this.child.send({ url: `${url}/api/events`, token, type, file });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

async function measure(
  url: string,
  token: string,
  b: HostileBody,
  io: { dir: string; sender: Sender },
): Promise<Figures> {
  const file = path.join(io.dir, 'body');
  fs.writeFileSync(file, b.body); // before the clock starts
  // Settle (garbage from the previous body) before the clock starts.
  await new Promise((r) => setTimeout(r, 300));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const poller = healthPoller(url);
  await new Promise((r) => setTimeout(r, 60));
  delay.enable();
  const sent = await io.sender.post(url, token, b.contentType, file);
  await new Promise((r) => setTimeout(r, 60));
  delay.disable();
  const health = summarise(await poller.stop());
  return {
    name: b.name,
    status: sent.status,
    replyBytes: sent.bytes,
    replyMs: sent.ms,
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
  const sender = new Sender();
  const io = { dir: dataDir, sender };
  try {
    const url = system.url as string;
    const token = system.secrets.ingestToken;
    const only = process.env.HOSTILE_ONLY;
    const bodies = hostileBodies().filter((b) => !only || b.name.includes(only));
    await measure(url, token, baselineBody(), io); // warm-up
    const base = await measure(url, token, baselineBody(), io);
    console.log(`\nhostile bodies for POST /api/events — loop delay and /api/health (every 20 ms) per body`);
    print(base, base);
    let worst = base.maxDelayMs;
    for (const b of bodies.flatMap((b) =>
      Array<HostileBody>(Number(process.env.HOSTILE_REPEAT ?? 1)).fill(b),
    )) {
      const f = await measure(url, token, b, io);
      print(f, base);
      worst = Math.max(worst, f.maxDelayMs);
    }
    console.log(
      `  worst event-loop delay ${fmt(worst)} ms (target ≤ ${TARGET_MS} ms): ${worst <= TARGET_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    sender.stop();
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
