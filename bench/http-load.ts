/**
 * The ingest benchmark's load generator, in its own process (so the HTTP client does not share the
 * server's event loop): posts NDJSON batches with a fixed concurrency and reports, per batch, when its 202
 * arrived (wall-clock ms).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeEvent } from './bench-events.js';

export interface LoadOptions {
  url: string;
  token: string;
  total: number;
  perBatch: number;
  concurrency: number;
}

export interface LoadResult {
  startedAt: number;
  finishedAt: number;
  accepted: number;
  acceptedAt: Map<number, number>;
  /** CPU time the load generator spent while sending (ms). */
  cpuMs: number;
}

export function runLoadGenerator(o: LoadOptions): Promise<LoadResult> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self], {
    cwd: path.resolve(path.dirname(self), '..'),
    env: { ...process.env, VIGIL_LOAD: JSON.stringify(o) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited ${code}`));
      const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
        startedAt: number;
        finishedAt: number;
        accepted: number;
        acceptedAt: [number, number][];
        cpuMs: number;
      };
      resolve({ ...result, acceptedAt: new Map(result.acceptedAt) });
    });
  });
}

async function main(o: LoadOptions): Promise<void> {
  const bodies: string[] = [];
  for (let b = 0; b < o.total / o.perBatch; b++) {
    const lines: string[] = [];
    for (let i = b * o.perBatch; i < (b + 1) * o.perBatch; i++)
      lines.push(JSON.stringify(makeEvent(i, 'e2e')));
    bodies.push(lines.join('\n'));
  }
  let next = 0;
  let accepted = 0;
  const acceptedAt: [number, number][] = [];
  const startedAt = Date.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < bodies.length) {
        const b = next++;
        const res = await fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${o.token}` },
          body: bodies[b],
        });
        const json = (await res.json()) as { accepted: number };
        acceptedAt.push([b, Date.now()]);
        accepted += json.accepted;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    `${JSON.stringify({ startedAt, finishedAt: Date.now(), accepted, acceptedAt, cpuMs })}\n`,
  );
}

if (process.env.VIGIL_LOAD) await main(JSON.parse(process.env.VIGIL_LOAD) as LoadOptions);
